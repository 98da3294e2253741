package app.lightbox.core.api;

/**
 * A ComfyControl call that did not succeed, with what a person needs to know: the HTTP status (0 when the
 * server could not be reached) and the server's own message. Never carries a token or a signed URL's query.
 */
public class ApiException extends RuntimeException {

    private final int httpStatus;
    private final String serverMessage;

    public ApiException(int httpStatus, String serverMessage, String message) {
        this(httpStatus, serverMessage, message, null);
    }

    public ApiException(int httpStatus, String serverMessage, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.serverMessage = serverMessage;
    }

    /** HTTP status code, or 0 if there was no HTTP answer (network failure, bad body). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code message} field of the server's error body, or null if it sent none. */
    public String serverMessage() {
        return serverMessage;
    }
}
