package app.lightbox.core.auth;

import app.lightbox.model.Account;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountsTest {

    private static final ManualClock CLOCK = SandboxClock.manual(Instant.parse("2024-01-15T10:30:00Z"));
    private static SandboxServer server;

    @TempDir
    Path dataDir;
    private TokenStore store;
    private AccountSettings settings;
    private Accounts accounts;

    @BeforeAll
    static void startSandbox() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults().withClock(CLOCK));
    }

    @AfterAll
    static void stopSandbox() {
        server.close();
    }

    @BeforeEach
    void open() throws Exception {
        store = new EncryptedFileTokenStore(dataDir, Clock.systemUTC());
        settings = new AccountSettings(dataDir.resolve(AccountSettings.FILE_NAME), Clock.systemUTC());
        accounts = Accounts.open(settings, store, new SandboxTokenValidator());
    }

    private String newToken() {
        String token = "cfc_" + UUID.randomUUID().toString().replace("-", "");
        server.addToken(token);
        return token;
    }

    private Accounts reopen() throws SettingsException {
        return Accounts.open(new AccountSettings(dataDir.resolve(AccountSettings.FILE_NAME), Clock.systemUTC()),
                new EncryptedFileTokenStore(dataDir, Clock.systemUTC()), new SandboxTokenValidator());
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(15, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void addsAnAccountWhoseTokenTheServerAccepts() throws Exception {
        String token = newToken();
        Account account = await(accounts.add("Studio", server.baseUrl(), token));

        assertEquals("Studio", account.displayName());
        assertEquals(server.baseUrl(), account.apiOrigin());
        assertEquals(List.of(account), accounts.list());
        assertEquals(Optional.of(token), accounts.token(account.id()));
        assertEquals(Optional.of(account), accounts.lastUsed(), "the first account becomes the one in use");

        Accounts again = reopen();
        assertEquals(List.of(account), again.list());
        assertEquals(Optional.of(token), again.token(account.id()));
        assertEquals(Optional.of(account), again.lastUsed());
    }

    @Test
    void rejectedTokenIsNotStoredAndTheServersReasonIsShown() throws Exception {
        Throwable failure = failureOf(accounts.add("Studio", server.baseUrl(), "cfc_unknowntoken"));

        assertInstanceOf(TokenRejectedException.class, failure);
        assertTrue(failure.getMessage().contains("401: Invalid token"), failure.getMessage());
        assertFalse(failure.getMessage().contains("cfc_unknowntoken"), failure.getMessage());
        assertTrue(accounts.list().isEmpty());
        assertFalse(Files.exists(dataDir.resolve(EncryptedFileTokenStore.TOKENS_FILE)), "nothing was stored");
        assertFalse(Files.exists(settings.file()));
    }

    @Test
    void expiredTokenIsRejectedWithTheServersReason() {
        String token = "cfc_expiring" + UUID.randomUUID().toString().replace("-", "");
        server.addToken(token, CLOCK.now().minus(Duration.ofSeconds(1)));

        Throwable failure = failureOf(accounts.add("Studio", server.baseUrl(), token));

        assertTrue(failure.getMessage().contains("Token has expired"), failure.getMessage());
        assertTrue(accounts.list().isEmpty());
    }

    @Test
    void validatorWordsNeverLeakTheToken() {
        String token = newToken();
        Accounts leaky = uncheckedOpen((origin, t) -> CompletableFuture.failedFuture(
                new IllegalStateException("bad token " + t)));

        Throwable failure = failureOf(leaky.add("Studio", server.baseUrl(), token));

        assertFalse(failure.getMessage().contains(token), failure.getMessage());
        assertTrue(failure.getMessage().contains("bad token cfc_…"), failure.getMessage());
    }

    @Test
    void unreachableServerIsARejectionNotAStoredToken() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:9");
        Throwable failure = failureOf(accounts.add("Studio", nowhere, "cfc_abc"));
        assertInstanceOf(TokenRejectedException.class, failure);
        assertTrue(accounts.list().isEmpty());
    }

    @Test
    void checksNameOriginAndTokenShapeBeforeAskingTheServer() {
        AtomicInteger asked = new AtomicInteger();
        Accounts counting = uncheckedOpen((origin, token) -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });

        assertMessage(counting.add("  ", Account.DEFAULT_ORIGIN, "cfc_a"), "needs a name");
        assertMessage(counting.add("A", URI.create("ftp://example.com"), "cfc_a"), "http(s)");
        assertMessage(counting.add("A", URI.create("https:///v1"), "cfc_a"), "with a host");
        assertMessage(counting.add("A", URI.create("https://me:pw@example.com"), "cfc_a"), "user name or password");
        assertMessage(counting.add("A", Account.DEFAULT_ORIGIN, "abc123"), "start with \"cfc_\"");
        assertMessage(counting.add("A", Account.DEFAULT_ORIGIN, "cfc_"), "start with \"cfc_\"");
        assertMessage(counting.add("A", Account.DEFAULT_ORIGIN, "cfc_a b"), "spaces");
        assertMessage(counting.add("A", Account.DEFAULT_ORIGIN, null), "No token");
        assertEquals(0, asked.get());
    }

    @Test
    void tokenPastedWithANewlineIsTrimmed() throws Exception {
        String token = newToken();
        Account a = await(accounts.add("Studio", server.baseUrl(), token + "\n"));
        assertEquals(Optional.of(token), accounts.token(a.id()));
    }

    @Test
    void namesAreUniqueIgnoringCase() throws Exception {
        Account studio = await(accounts.add("Studio", server.baseUrl(), newToken()));
        assertMessage(accounts.add("studio ", server.baseUrl(), newToken()), "already an account named \"Studio\"");

        Account home = await(accounts.add("Home", server.baseUrl(), newToken()));
        AccountException e = assertThrows(AccountException.class, () -> accounts.rename(home.id(), "STUDIO"));
        assertTrue(e.getMessage().contains("already an account named"), e.getMessage());
        assertEquals("studio", accounts.rename(studio.id(), "studio").displayName(), "a case change of its own name is fine");
        assertEquals(Optional.of(home), accounts.findByName("hOmE"));
    }

    @Test
    void severalAccountsRenameSwitchAndRemove() throws Exception {
        String studioToken = newToken();
        String homeToken = newToken();
        Account studio = await(accounts.add("Studio", server.baseUrl(), studioToken));
        Account home = await(accounts.add("Home", server.baseUrl(), homeToken));
        Account client = await(accounts.add("Client X", server.baseUrl(), newToken()));

        assertEquals(List.of(studio, home, client), accounts.list(), "in the order added");
        assertEquals(Optional.of(studio), accounts.lastUsed());

        accounts.markUsed(home.id());
        Account renamed = accounts.rename(home.id(), "Home office");
        assertEquals(home.id(), renamed.id());
        assertEquals(Optional.of(renamed), accounts.lastUsed());
        assertEquals(Optional.of(homeToken), accounts.token(home.id()), "renaming keeps the token");

        accounts.remove(studio.id());
        assertEquals(List.of(renamed, client), accounts.list());
        assertEquals(Optional.empty(), store.load(studio.id()), "removing deletes the token");
        assertThrows(AccountException.class, () -> accounts.token(studio.id()));

        accounts.remove(home.id());
        assertEquals(Optional.empty(), accounts.lastUsed(), "removing the account in use leaves none in use");

        Accounts again = reopen();
        assertEquals(List.of(client), again.list());
        assertEquals(Optional.empty(), again.lastUsed());
        assertTrue(again.token(client.id()).isPresent());
    }

    @Test
    void unknownAccountIdsAreClearErrors() {
        AccountException e = assertThrows(AccountException.class, () -> accounts.markUsed("nope"));
        assertTrue(e.getMessage().contains("no account"), e.getMessage());
        assertThrows(AccountException.class, () -> accounts.rename("nope", "x"));
        assertThrows(AccountException.class, () -> accounts.remove("nope"));
        assertMessage(accounts.replaceToken("nope", "cfc_x"), "no account");
    }

    @Test
    void expiredTokenIsMarkedAndReplaced() throws Exception {
        Account studio = await(accounts.add("Studio", server.baseUrl(), newToken()));
        accounts.markNeedsToken(studio.id());
        assertTrue(accounts.needsNewToken(studio.id()));
        assertTrue(reopen().needsNewToken(studio.id()), "the mark is saved");

        assertMessage(accounts.replaceToken(studio.id(), "cfc_notknown"), "Invalid token");
        assertTrue(accounts.needsNewToken(studio.id()), "a rejected replacement changes nothing");

        String fresh = newToken();
        await(accounts.replaceToken(studio.id(), fresh));
        assertFalse(accounts.needsNewToken(studio.id()));
        assertEquals(Optional.of(fresh), accounts.token(studio.id()));
        assertFalse(reopen().needsNewToken(studio.id()));
    }

    @Test
    void concurrentAddsKeepEveryAccountAndNoDuplicateNames() throws Exception {
        List<CompletableFuture<Account>> adds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            adds.add(accounts.add("Account " + i, server.baseUrl(), newToken()));
            adds.add(accounts.add("Same", server.baseUrl(), newToken()));
        }
        int failed = 0;
        for (CompletableFuture<Account> add : adds) {
            try {
                await(add);
            } catch (ExecutionException e) {
                assertTrue(e.getCause().getMessage().contains("already an account named"), e.getCause().getMessage());
                failed++;
            }
        }
        assertEquals(7, failed, "exactly one \"Same\" wins");
        assertEquals(9, accounts.list().size());
        Accounts again = reopen();
        assertEquals(9, again.list().size());
        for (Account a : again.list()) {
            assertTrue(again.token(a.id()).isPresent(), a.displayName());
        }
    }

    @Test
    void theTokenAppearsInNoFileOfTheDataFolderNotEvenTheEncryptedStore() throws Exception {
        String token = newToken();
        Account studio = await(accounts.add("Studio", server.baseUrl(), token));
        accounts.markUsed(studio.id());
        accounts.markNeedsToken(studio.id());
        accounts.rename(studio.id(), "Studio 2");
        assertEquals(Optional.of(token), reopen().token(studio.id()));
        String settingsText = Files.readString(settings.file());
        assertTrue(settingsText.contains("Studio 2"), "the settings are where the test looks");
        assertFalse(settingsText.contains("cfc_"));

        byte[] needle = token.getBytes(StandardCharsets.UTF_8);
        byte[] secretPart = token.substring(4).getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 3, "settings, token file and key: " + files);
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            assertFalse(contains(content, needle), file + " contains the token");
            assertFalse(contains(content, secretPart), file + " contains the token's secret part");
            assertFalse(contains(content, token.getBytes(StandardCharsets.UTF_16LE)), file + " has it as UTF-16");
        }
        assertFalse(accounts.toString().contains(token));
        assertFalse(studio.toString().contains(token));
    }

    private Accounts uncheckedOpen(TokenValidator validator) {
        try {
            return Accounts.open(settings, new InMemoryTokenStore(), validator);
        } catch (SettingsException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertMessage(CompletableFuture<?> future, String expected) {
        Throwable failure = failureOf(future);
        assertNotNull(failure.getMessage());
        assertTrue(failure.getMessage().contains(expected), "\"" + failure.getMessage() + "\" lacks " + expected);
        assertInstanceOf(AccountException.class, failure);
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
