package app.lightbox.core.api;

/** HTTP 403 from ComfyControl. */
public class ForbiddenException extends ApiException {

    public ForbiddenException(String serverMessage, String message) {
        super(403, serverMessage, message);
    }
}
