package app.lightbox.core.media;

/** Storage answered 403: the signed link has expired (or was never valid). Ask the API for a fresh one. */
public class ExpiredLinkException extends MediaException {

    public ExpiredLinkException(String message) {
        super(403, message);
    }
}
