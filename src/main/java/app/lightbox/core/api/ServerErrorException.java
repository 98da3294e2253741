package app.lightbox.core.api;

/** HTTP 5xx from ComfyControl (after retries, for idempotent calls). */
public class ServerErrorException extends ApiException {

    public ServerErrorException(int httpStatus, String serverMessage, String message) {
        super(httpStatus, serverMessage, message);
    }
}
