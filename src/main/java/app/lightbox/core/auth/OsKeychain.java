package app.lightbox.core.auth;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The real keychain of this machine, through java-keyring. */
final class OsKeychain implements Keychain {

    private final Keyring keyring;
    private final String name;

    private OsKeychain(Keyring keyring) {
        this.keyring = keyring;
        this.name = nameOf(keyring.getKeyringStorageType());
    }

    /**
     * Opens this machine's keychain. On Linux and other Unix systems it first checks, without waiting on
     * anything, that there is a D-Bus session bus to talk to: on a headless box or CI there usually is
     * none, and asking the library anyway can end in a D-Bus autolaunch attempt.
     */
    static Keychain.Opener opener(Map<String, String> env, String osName) {
        return () -> {
            String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
            if (!os.startsWith("windows") && !os.startsWith("mac")) {
                requireSessionBus(env.get("DBUS_SESSION_BUS_ADDRESS"));
            }
            return new OsKeychain(Keyring.create());
        };
    }

    private static void requireSessionBus(String address) throws BackendNotSupportedException {
        if (address == null || address.isBlank()) {
            throw new BackendNotSupportedException("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set),"
                    + " so no Secret Service");
        }
        for (String transport : address.split(";")) {
            if (!transport.startsWith("unix:")) {
                return;
            }
            for (String part : transport.substring("unix:".length()).split(",")) {
                if (!part.startsWith("path=") || Files.exists(Path.of(part.substring("path=".length())))) {
                    return;
                }
            }
        }
        throw new BackendNotSupportedException("the D-Bus session bus socket named in DBUS_SESSION_BUS_ADDRESS"
                + " does not exist");
    }

    private static String nameOf(KeyringStorageType type) {
        switch (type) {
            case OSX_KEYCHAIN:
            case LEGACY_OSX_KEYCHAIN:
                return "macOS Keychain";
            case WINDOWS_CREDENTIAL_STORE:
                return "Windows Credential Manager";
            case KWALLET:
                return "KDE Wallet";
            case GNOME_KEYRING:
            default:
                return "GNOME Keyring / Secret Service";
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<String> read(String service, String key) throws TokenStoreException {
        try {
            return Optional.ofNullable(keyring.getPassword(service, key));
        } catch (PasswordAccessException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("read a token from", e);
        } catch (RuntimeException e) {
            throw failure("read a token from", e);
        }
    }

    @Override
    public void write(String service, String key, String secret) throws TokenStoreException {
        try {
            keyring.setPassword(service, key, secret);
        } catch (PasswordAccessException | RuntimeException e) {
            throw failure("save a token in", e);
        }
    }

    @Override
    public void delete(String service, String key) throws TokenStoreException {
        try {
            keyring.deletePassword(service, key);
        } catch (PasswordAccessException e) {
            if (!isNotFound(e)) {
                throw failure("delete a token from", e);
            }
        } catch (RuntimeException e) {
            throw failure("delete a token from", e);
        }
    }

    // java-keyring reports "no such entry" and real failures with the same exception type; only the
    // message tells them apart ("No stored credentials match ...", "Password not Found", "No password to
    // delete").
    private static boolean isNotFound(PasswordAccessException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("no stored credentials") || m.contains("not found") || m.contains("no password to delete");
    }

    private TokenStoreException failure(String what, Exception e) {
        // The library's messages name the service and account id, never the secret.
        return new TokenStoreException("Could not " + what + " the " + name + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "OsKeychain[" + name + "]";
    }
}
