package app.lightbox.core.auth;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/** Picks where tokens are kept on this machine: the OS keychain when it answers, else an encrypted file. */
public final class TokenStores {

    /** Set to {@code file} to skip the keychain (tests, CI, or a user who prefers the file). */
    public static final String PROPERTY = "lightbox.tokenStore";
    private static final System.Logger LOG = System.getLogger(TokenStores.class.getName());

    private TokenStores() {
    }

    /**
     * The keychain of this machine if it answers within {@code probeTimeout}, else the encrypted file in
     * {@code folder}. The store's {@link TokenStore#displayName()} says which one it is.
     * <p>
     * The probe runs on the common pool until the app's own executors exist; a keychain stuck in a native
     * call would keep one of its daemon workers busy, which is harmless next to hanging the caller.
     */
    public static TokenStore choose(DataFolder folder, Duration probeTimeout) {
        return choose(folder, probeTimeout, System.getenv(), Map.of(PROPERTY, System.getProperty(PROPERTY, ""),
                "os.name", System.getProperty("os.name", "")));
    }

    /**
     * As {@link #choose(DataFolder, Duration)}, reading {@value #PROPERTY} and {@code os.name} from
     * {@code properties} and the D-Bus address from {@code env}.
     */
    public static TokenStore choose(DataFolder folder, Duration probeTimeout, Map<String, String> env,
                                    Map<String, String> properties) {
        return choose(folder, probeTimeout, properties.get(PROPERTY),
                OsKeychain.opener(env, properties.getOrDefault("os.name", "")), ForkJoinPool.commonPool());
    }

    /**
     * As {@link #choose(DataFolder, Duration)}, with the setting of {@value #PROPERTY}, the keychain and the
     * executor for the probe given.
     */
    public static TokenStore choose(DataFolder folder, Duration probeTimeout, String forced, Keychain.Opener keychain,
                                    Executor probeExecutor) {
        String choice = forced == null ? "" : forced.trim().toLowerCase(Locale.ROOT);
        if (choice.equals("file")) {
            return new EncryptedFileTokenStore(folder);
        }
        if (!choice.isEmpty() && !choice.equals("auto")) {
            LOG.log(System.Logger.Level.WARNING, "Unknown {0}={1}; expected file or auto. Choosing automatically",
                    PROPERTY, forced);
        }
        return KeyringTokenStore.probe(keychain, probeTimeout, probeExecutor)
                .<TokenStore>map(store -> store)
                .orElseGet(() -> new EncryptedFileTokenStore(folder));
    }
}
