package app.lightbox.core.auth;

/**
 * Something about an account could not be done, with a message a person can act on. Messages never
 * contain a token.
 */
public class AccountException extends Exception {

    public AccountException(String message) {
        super(message);
    }

    public AccountException(String message, Throwable cause) {
        super(message, cause);
    }
}
