package app.lightbox.core.auth;

/** The account settings file could not be read or written; says what is wrong and where. */
public class SettingsException extends AccountException {

    public SettingsException(String message) {
        super(message);
    }

    public SettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
