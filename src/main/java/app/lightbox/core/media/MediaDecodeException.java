package app.lightbox.core.media;

/** A file that could not be turned into a picture; the message says why, for a person. */
public class MediaDecodeException extends Exception {

    public MediaDecodeException(String message) {
        super(message);
    }

    public MediaDecodeException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "The file is cut off (truncated PNG)". */
    static String truncated(String format) {
        return "The file is cut off (truncated " + format + ")";
    }
}
