package app.lightbox.core.api;

/** HTTP 404 from ComfyControl. */
public class NotFoundException extends ApiException {

    public NotFoundException(String serverMessage, String message) {
        super(404, serverMessage, message);
    }
}
