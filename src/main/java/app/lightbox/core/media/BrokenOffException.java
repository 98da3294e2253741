package app.lightbox.core.media;

/**
 * A storage response that started but whose body stopped short: the connection dropped or fewer bytes came
 * than announced. Worth one more try, with a renewed link if the old one ran out in the meantime.
 */
public final class BrokenOffException extends MediaException {

    public BrokenOffException(int httpStatus, String message, Throwable cause) {
        super(httpStatus, message, cause);
    }
}
