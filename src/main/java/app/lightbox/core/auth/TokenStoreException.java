package app.lightbox.core.auth;

/** The token store could not save, read or delete a token; says what went wrong and where. */
public class TokenStoreException extends AccountException {

    public TokenStoreException(String message) {
        super(message);
    }

    public TokenStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
