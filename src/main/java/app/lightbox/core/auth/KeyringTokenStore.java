package app.lightbox.core.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Tokens in the operating system's keychain: service "Lightbox", one entry per account id. */
public final class KeyringTokenStore implements TokenStore {

    public static final String SERVICE = "Lightbox";
    private static final String PROBE_KEY = "lightbox-availability-probe";
    private static final System.Logger LOG = System.getLogger(KeyringTokenStore.class.getName());

    private final Keychain keychain;

    public KeyringTokenStore(Keychain keychain) {
        this.keychain = Objects.requireNonNull(keychain, "keychain");
    }

    /**
     * Connects to a keychain and reads one (absent) entry, giving up after {@code timeout}. Never throws
     * and never waits longer than the timeout: a keychain that fails, is missing or does not answer in
     * time counts as unavailable. The connection attempt runs on {@code executor}; if it is stuck in a
     * native call it stays stuck there, which is why the caller chooses the executor.
     */
    public static Optional<KeyringTokenStore> probe(Keychain.Opener opener, Duration timeout, Executor executor) {
        CompletableFuture<Keychain> attempt = CompletableFuture.supplyAsync(() -> {
            try {
                Keychain keychain = opener.open();
                keychain.read(SERVICE, PROBE_KEY);
                return keychain;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, executor);
        try {
            return Optional.of(new KeyringTokenStore(attempt.get(timeout.toNanos(), TimeUnit.NANOSECONDS)));
        } catch (TimeoutException e) {
            attempt.cancel(true);
            LOG.log(System.Logger.Level.DEBUG, "The OS keychain did not answer within {0} ms; not using it",
                    timeout.toMillis());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IllegalStateException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            LOG.log(System.Logger.Level.DEBUG, "No OS keychain: {0}", String.valueOf(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "No OS keychain: {0}", e.toString());
        }
        return Optional.empty();
    }

    @Override
    public void save(String accountId, String token) throws TokenStoreException {
        keychain.write(SERVICE, accountId, token);
    }

    @Override
    public Optional<String> load(String accountId) throws TokenStoreException {
        return keychain.read(SERVICE, accountId);
    }

    @Override
    public void delete(String accountId) throws TokenStoreException {
        keychain.delete(SERVICE, accountId);
    }

    @Override
    public String displayName() {
        return keychain.name();
    }

    @Override
    public String toString() {
        return "KeyringTokenStore[" + keychain.name() + "]";
    }
}
