package app.lightbox.core.auth;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenStoresTest {

    private static final Duration PROBE = Duration.ofMillis(300);

    @TempDir
    Path dir;
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = Executors.defaultThreadFactory().newThread(r);
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void release() {
        never.countDown();
        probes.shutdownNow();
    }

    @Test
    void usesTheKeychainWhenItAnswers() throws Exception {
        FakeKeychain keychain = new FakeKeychain();
        TokenStore store = TokenStores.choose(DataFolder.at(dir), PROBE, null, () -> keychain, probes);

        assertInstanceOf(KeyringTokenStore.class, store);
        assertEquals("Fake Keychain", store.displayName());
        store.save("acc", "cfc_x");
        assertEquals(Map.of("Lightbox/acc", "cfc_x"), keychain.entries);
        assertEquals(Optional.of("cfc_x"), store.load("acc"));
        store.delete("acc");
        store.delete("acc");
        assertEquals(Optional.empty(), store.load("acc"));
    }

    @Test
    void fallsBackToTheFileWhenTheKeychainFails() {
        TokenStore store = TokenStores.choose(DataFolder.at(dir), PROBE, null, () -> {
            throw new IllegalStateException("no keyring here");
        }, probes);
        assertFile(store);
    }

    @Test
    void fallsBackWithinTheTimeoutWhenTheKeychainHangs() {
        long start = System.nanoTime();
        TokenStore store = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> TokenStores.choose(DataFolder.at(dir), PROBE, null, () -> {
                    never.await();
                    return new FakeKeychain();
                }, probes));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertFile(store);
        assertTrue(took.compareTo(PROBE) >= 0 && took.compareTo(PROBE.plusSeconds(1)) < 0, "took " + took);
    }

    @Test
    void fallsBackWhenReadingTheKeychainHangs() {
        FakeKeychain stuck = new FakeKeychain() {
            @Override
            public Optional<String> read(String service, String key) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }
        };
        assertFile(assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> TokenStores.choose(DataFolder.at(dir), PROBE, null, () -> stuck, probes)));
    }

    @Test
    void theFileCanBeForced() {
        assertFile(TokenStores.choose(DataFolder.at(dir), PROBE, "file", FakeKeychain::new, probes));
        assertInstanceOf(KeyringTokenStore.class,
                TokenStores.choose(DataFolder.at(dir), PROBE, "auto", FakeKeychain::new, probes));
    }

    @Test
    void withoutASessionBusTheRealKeychainIsSkippedQuickly() {
        Map<String, String> properties = new HashMap<>(Map.of("os.name", "Linux"));
        long start = System.nanoTime();
        TokenStore store = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> TokenStores.choose(DataFolder.at(dir), Duration.ofSeconds(3), Map.of(), properties));
        assertFile(store);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_000, "answered without waiting");

        Map<String, String> missingSocket = Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + dir.resolve("no-bus"));
        assertFile(TokenStores.choose(DataFolder.at(dir), Duration.ofSeconds(3), missingSocket, properties));
    }

    private void assertFile(TokenStore store) {
        EncryptedFileTokenStore file = assertInstanceOf(EncryptedFileTokenStore.class, store);
        assertEquals(dir.resolve("tokens.enc"), file.tokensFile());
        assertEquals("Encrypted file (" + dir.resolve("tokens.enc") + ")", store.displayName());
    }

    static class FakeKeychain implements Keychain {
        final Map<String, String> entries = new HashMap<>();

        @Override
        public String name() {
            return "Fake Keychain";
        }

        @Override
        public Optional<String> read(String service, String key) {
            return Optional.ofNullable(entries.get(service + "/" + key));
        }

        @Override
        public void write(String service, String key, String secret) {
            entries.put(service + "/" + key, secret);
        }

        @Override
        public void delete(String service, String key) {
            entries.remove(service + "/" + key);
        }
    }
}
