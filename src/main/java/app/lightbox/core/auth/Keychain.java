package app.lightbox.core.auth;

import java.util.Optional;

/**
 * The operating system's password store as {@link KeyringTokenStore} needs it. Lets tests stand in for
 * a keychain that is missing, fails or hangs.
 */
public interface Keychain {

    /** The keychain's name for the user, e.g. "macOS Keychain". */
    String name();

    Optional<String> read(String service, String key) throws TokenStoreException;

    void write(String service, String key, String secret) throws TokenStoreException;

    /** Deletes an entry; a missing entry is not an error. */
    void delete(String service, String key) throws TokenStoreException;

    /** Connects to a keychain; may fail, and may block (D-Bus, a locked keychain). */
    @FunctionalInterface
    interface Opener {
        Keychain open() throws Exception;
    }
}
