package app.lightbox.core.auth;

/** The server did not accept a token (or could not be asked); the message carries the server's reason. */
public class TokenRejectedException extends AccountException {

    public TokenRejectedException(String message) {
        super(message);
    }
}
