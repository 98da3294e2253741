package app.lightbox.core.auth;

import app.lightbox.model.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountSettingsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final Account STUDIO = new Account("11111111-1111-4111-8111-111111111111", "Studio",
            Account.DEFAULT_ORIGIN);
    private static final Account HOME = new Account("22222222-2222-4222-8222-222222222222", "Home",
            URI.create("http://127.0.0.1:8080"));

    @TempDir
    Path dir;

    private AccountSettings settings() {
        return new AccountSettings(dir.resolve("accounts.json"), CLOCK);
    }

    @Test
    void noFileMeansNoAccounts() throws Exception {
        assertEquals(AccountSettings.Contents.EMPTY, settings().read());
    }

    @Test
    void writesAndReadsAccountsInOrderWithLastUsedAndNeedsTokenMarks() throws Exception {
        AccountSettings.Contents contents = new AccountSettings.Contents(List.of(STUDIO, HOME), Set.of(HOME.id()),
                Optional.of(HOME.id()));
        settings().write(contents);

        assertEquals(contents, settings().read());
        String json = Files.readString(settings().file());
        assertTrue(json.contains("\"version\" : 1"), json);
        assertTrue(json.contains("\"lastUsedAccountId\" : \"" + HOME.id() + "\""), json);
        assertTrue(json.contains("\"needsNewToken\" : true"), json);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(settings().file()), files.toList(), "no temporary files left");
        }
        if (OwnerOnlyFiles.isPosix(dir)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(settings().file())));
        }
    }

    @Test
    void unknownFieldsFromLaterVersionsOfVersionOneAreIgnored() throws Exception {
        Files.writeString(settings().file(), """
                {"version": 1, "theme": "dark", "lastUsedAccountId": "gone",
                 "accounts": [{"id": "%s", "displayName": "Studio", "apiOrigin": "https://api.comfycontrol.app",
                               "colour": "red"}]}
                """.formatted(STUDIO.id()));
        AccountSettings.Contents read = settings().read();
        assertEquals(List.of(STUDIO), read.accounts());
        assertEquals(Optional.empty(), read.lastUsedAccountId(), "a last-used id that names no account is dropped");
    }

    @Test
    void brokenJsonIsReportedWithTheFileAndAWayForward() throws Exception {
        Files.writeString(settings().file(), "{\"version\": 1, \"accounts\": [");
        SettingsException e = assertThrows(SettingsException.class, () -> settings().read());
        assertTrue(e.getMessage().contains(settings().file().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("move it aside"), e.getMessage());
    }

    @Test
    void aFileFromANewerLightboxIsNotReadNorOverwritten() throws Exception {
        String future = "{\"version\": 2, \"accounts\": []}";
        Files.writeString(settings().file(), future);
        SettingsException e = assertThrows(SettingsException.class, () -> settings().read());
        assertTrue(e.getMessage().contains("newer version of Lightbox"), e.getMessage());
        assertEquals(future, Files.readString(settings().file()));
    }

    @Test
    void missingVersionOrIncompleteEntriesAreCorrupt() throws Exception {
        Files.writeString(settings().file(), "{\"accounts\": []}");
        assertTrue(assertThrows(SettingsException.class, () -> settings().read()).getMessage()
                .contains("no format version"));
        Files.writeString(settings().file(), "{\"version\": 1, \"accounts\": [{\"id\": \"x\"}]}");
        assertTrue(assertThrows(SettingsException.class, () -> settings().read()).getMessage()
                .contains("incomplete account entry (number 1)"));
        Files.writeString(settings().file(), "[]");
        assertThrows(SettingsException.class, () -> settings().read());
    }

    @Test
    void moveAsideKeepsTheBrokenFileAndStartsEmpty() throws Exception {
        Files.writeString(settings().file(), "not json");
        Optional<Path> aside = settings().moveAsideAndStartFresh();
        assertEquals(Optional.of(dir.resolve("accounts.json.corrupt-20250301-120000")), aside);
        assertEquals("not json", Files.readString(aside.orElseThrow()));
        assertEquals(AccountSettings.Contents.EMPTY, settings().read());

        Files.writeString(settings().file(), "broken again");
        assertEquals(Optional.of(dir.resolve("accounts.json.corrupt-20250301-120000-2")),
                settings().moveAsideAndStartFresh(), "an earlier broken copy is not overwritten");
        assertEquals(Optional.empty(), settings().moveAsideAndStartFresh());
    }

    @Test
    void accountsRefusesToOpenOverABrokenFileAndKeepsTheTokens() throws Exception {
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        tokens.save(STUDIO.id(), "cfc_kept");
        Files.writeString(settings().file(), "{oops");
        assertThrows(SettingsException.class, () -> Accounts.open(settings(), tokens,
                (o, t) -> java.util.concurrent.CompletableFuture.completedFuture(null)));
        assertEquals(Optional.of("cfc_kept"), tokens.load(STUDIO.id()));
        assertTrue(Files.readString(settings().file()).equals("{oops"));

        settings().moveAsideAndStartFresh();
        Accounts fresh = Accounts.open(settings(), tokens,
                (o, t) -> java.util.concurrent.CompletableFuture.completedFuture(null));
        assertTrue(fresh.list().isEmpty());
        assertFalse(Files.exists(settings().file()));
    }
}
