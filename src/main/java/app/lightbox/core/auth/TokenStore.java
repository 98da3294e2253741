package app.lightbox.core.auth;

import java.util.Optional;

/** Where account tokens are kept, keyed by account id. Implementations are thread-safe. */
public interface TokenStore {

    void save(String accountId, String token) throws TokenStoreException;

    Optional<String> load(String accountId) throws TokenStoreException;

    /** Deletes the token of an account; deleting one that is not there is not an error. */
    void delete(String accountId) throws TokenStoreException;

    /**
     * Where the tokens are, in words for the user: "GNOME Keyring / Secret Service", "macOS Keychain",
     * "Windows Credential Manager", "Encrypted file (…/tokens.enc)".
     */
    String displayName();
}
