package app.lightbox.core.api;

/** HTTP 401 from ComfyControl. */
public class UnauthorizedException extends ApiException {

    public UnauthorizedException(String serverMessage, String message) {
        super(401, serverMessage, message);
    }
}
