package app.lightbox.core.media;

/**
 * A media download that did not work out: storage refused it, the body was cut short or too large, or the
 * file could not be written. The message names the link without its query string.
 */
public class MediaException extends RuntimeException {

    private final int httpStatus;

    public MediaException(int httpStatus, String message) {
        this(httpStatus, message, null);
    }

    public MediaException(int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The storage host's HTTP status, or 0 if there was none. */
    public int httpStatus() {
        return httpStatus;
    }
}
