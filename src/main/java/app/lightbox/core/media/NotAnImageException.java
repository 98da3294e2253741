package app.lightbox.core.media;

/** The bytes are something other than a picture Lightbox can decode (a page, a text, a video). */
public class NotAnImageException extends MediaDecodeException {

    private final MediaType type;

    public NotAnImageException(MediaType type, String message) {
        super(message);
        this.type = type;
    }

    /** What the bytes turned out to be. */
    public MediaType type() {
        return type;
    }
}
