package app.lightbox.cli;

import app.lightbox.core.auth.AccountSettings;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.EncryptedFileTokenStore;
import app.lightbox.core.auth.SandboxTokenValidator;
import app.lightbox.model.Account;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountCommandTest {

    private static SandboxServer server;

    @TempDir
    Path dataDir;
    private Accounts accounts;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startSandbox() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults());
    }

    @AfterAll
    static void stopSandbox() {
        server.close();
    }

    @BeforeEach
    void open() throws Exception {
        accounts = Accounts.open(new AccountSettings(dataDir.resolve("accounts.json"), Clock.systemUTC()),
                new EncryptedFileTokenStore(dataDir, Clock.systemUTC()), new SandboxTokenValidator());
    }

    private static String newToken() {
        String token = "cfc_" + UUID.randomUUID().toString().replace("-", "");
        server.addToken(token);
        return token;
    }

    private int run(String stdin, String... args) {
        out.reset();
        err.reset();
        AccountCommand command = new AccountCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                accounts);
        return command.execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void addReadsThePipedTokenAndNeverPrintsIt() {
        String token = newToken();
        int code = run(token + "\n", "add", "Studio", "--server", server.baseUrl().toString());

        assertEquals(AccountCommand.OK, code, err());
        assertTrue(out().contains("Added account \"Studio\" for " + server.baseUrl()), out());
        assertTrue(out().contains("Its token is kept in: Encrypted file ("), out());
        assertFalse(out().contains(token) || err().contains(token));
        Account studio = accounts.findByName("studio").orElseThrow();
        assertEquals(server.baseUrl(), studio.apiOrigin());
    }

    @Test
    void addUsesTheHiddenPromptWhenThereIsATerminal() throws Exception {
        String token = newToken();
        StringBuilder prompted = new StringBuilder();
        AccountCommand command = new AccountCommand(new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("LIGHTBOX_DATA_DIR", dataDir.toString()),
                Map.of("lightbox.tokenStore", "file", "os.name", "Linux"), new SandboxTokenValidator(),
                text -> {
                    prompted.append(text);
                    return token.toCharArray();
                });
        assertEquals(AccountCommand.OK, command.execute("add", "Studio", "--server", server.baseUrl().toString()),
                err());
        assertTrue(prompted.toString().contains("typing is hidden"), prompted.toString());
        assertFalse(out().contains(token));
    }

    @Test
    void addWithARejectedTokenFailsWithTheServersReasonAndStoresNothing() {
        int code = run("cfc_notatoken\n", "add", "Studio", "--server", server.baseUrl().toString());

        assertEquals(AccountCommand.REJECTED, code);
        assertTrue(err().contains("401: Invalid token"), err());
        assertFalse(err().contains("cfc_notatoken") || out().contains("cfc_notatoken"), err());
        assertTrue(accounts.list().isEmpty());
    }

    @Test
    void addNeedsATokenOnStandardInput() {
        assertEquals(AccountCommand.USER_ERROR, run("", "add", "Studio"));
        assertTrue(err().contains("No token was given"), err());
        assertEquals(AccountCommand.USER_ERROR, run("not-a-token\n", "add", "Studio"));
        assertTrue(err().contains("start with \"cfc_\""), err());
        assertEquals(AccountCommand.USER_ERROR, run(newToken() + "\n", "add", "Studio", "--server", "ftp://x"));
        assertTrue(err().contains("http(s)"), err());
    }

    @Test
    void aTokenGivenAsAnArgumentIsRefusedAndNotEchoed() {
        String token = newToken();
        assertEquals(AccountCommand.USAGE, run("", "add", "Studio", token));
        assertFalse(err().contains(token) || out().contains(token), err());
        assertTrue(err().contains("never from arguments"), err());
        assertEquals(AccountCommand.USAGE, run("", "add"));
        assertTrue(err().contains("NAME"), err());
        assertTrue(accounts.list().isEmpty());
    }

    @Test
    void addRefusesATakenNameBeforeReadingTheToken() {
        assertEquals(AccountCommand.OK, run(newToken() + "\n", "add", "Studio", "--server", server.baseUrl().toString()));
        assertEquals(AccountCommand.USER_ERROR, run("", "add", "STUDIO", "--server", server.baseUrl().toString()));
        assertTrue(err().contains("already an account named \"Studio\""), err());
    }

    @Test
    void lsShowsAccountsServersLastUsedAndNeedsNewTokenButNoTokens() throws Exception {
        assertEquals(AccountCommand.OK, run("", "ls"));
        assertTrue(out().contains("No accounts yet"), out());

        String studioToken = newToken();
        String homeToken = newToken();
        run(studioToken + "\n", "add", "Studio", "--server", server.baseUrl().toString());
        run(homeToken + "\n", "add", "Home", "--server", server.baseUrl().toString());
        accounts.markNeedsToken(accounts.findByName("Home").orElseThrow().id());

        assertEquals(AccountCommand.OK, run("", "ls"));
        List<String> lines = out().lines().toList();
        assertTrue(lines.get(0).contains("NAME") && lines.get(0).contains("SERVER"), out());
        assertTrue(lines.get(1).startsWith("* Studio") && lines.get(1).contains(server.baseUrl().toString())
                && lines.get(1).endsWith("ok"), out());
        assertTrue(lines.get(2).startsWith("  Home") && lines.get(2).endsWith("needs new token"), out());
        assertTrue(out().contains("Tokens are kept in: Encrypted file"), out());
        assertFalse(out().contains(studioToken) || out().contains(homeToken) || out().contains("cfc_"), out());

        assertEquals(AccountCommand.OK, run("", "use", "home"));
        run("", "ls");
        assertTrue(out().lines().anyMatch(l -> l.startsWith("* Home")), out());
    }

    @Test
    void rmRemovesTheAccountAndItsToken() throws Exception {
        run(newToken() + "\n", "add", "Studio", "--server", server.baseUrl().toString());
        String id = accounts.findByName("Studio").orElseThrow().id();

        assertEquals(AccountCommand.OK, run("", "rm", "studio"));
        assertTrue(out().contains("Removed account \"Studio\""), out());
        assertTrue(accounts.list().isEmpty());
        assertEquals(Optional.empty(), new EncryptedFileTokenStore(dataDir, Clock.systemUTC()).load(id));

        assertEquals(AccountCommand.USER_ERROR, run("", "rm", "Studio"));
        assertTrue(err().contains("There is no account named \"Studio\""), err());
    }

    @Test
    void renameKeepsTheToken() throws Exception {
        String token = newToken();
        run(token + "\n", "add", "Studio", "--server", server.baseUrl().toString());
        assertEquals(AccountCommand.OK, run("", "rename", "Studio", "Studio B"));
        assertEquals(Optional.of(token), accounts.token(accounts.findByName("Studio B").orElseThrow().id()));
    }

    @Test
    void aBrokenAccountListIsAStorageErrorThatNamesTheFile() throws Exception {
        Path settings = dataDir.resolve("accounts.json");
        Files.writeString(settings, "{broken");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        AccountCommand command = new AccountCommand(new ByteArrayInputStream(new byte[0]),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                Map.of("LIGHTBOX_DATA_DIR", dataDir.toString()),
                Map.of("lightbox.tokenStore", "file", "os.name", "Linux"), new SandboxTokenValidator());

        assertEquals(AccountCommand.STORAGE_ERROR, command.execute("ls"));
        String message = e.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(settings.toString()) && message.contains("not valid JSON"), message);
        assertEquals("{broken", Files.readString(settings));
    }

    @Test
    void theDataFolderComesFromTheEnvironmentAndHoldsNoPlainToken() throws Exception {
        String token = newToken();
        Path folder = dataDir.resolve("from-env");
        Map<String, String> env = Map.of("LIGHTBOX_DATA_DIR", folder.toString());
        Map<String, String> properties = Map.of("lightbox.tokenStore", "file", "os.name", "Linux",
                "user.home", dataDir.resolve("home").toString());
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        AccountCommand add = new AccountCommand(new ByteArrayInputStream((token + "\n").getBytes(StandardCharsets.UTF_8)),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                env, properties, new SandboxTokenValidator());
        assertEquals(AccountCommand.OK, add.execute("add", "Studio", "--server", server.baseUrl().toString()),
                e.toString(StandardCharsets.UTF_8));
        assertTrue(o.toString(StandardCharsets.UTF_8).contains(folder.resolve("tokens.enc").toString()));

        AccountCommand ls = new AccountCommand(new ByteArrayInputStream(new byte[0]),
                new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                env, properties, new SandboxTokenValidator());
        assertEquals(AccountCommand.OK, ls.execute("ls"));
        String all = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
        assertTrue(all.contains("* Studio"), all);
        assertFalse(all.contains(token), all);
        assertFalse(Files.exists(dataDir.resolve("home")), "nothing was written to the home folder");

        byte[] secret = token.substring(4).getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(new String(secret, StandardCharsets.ISO_8859_1)), file.toString());
            }
        }
    }

    @Test
    void withoutASubcommandItPrintsUsage() {
        assertEquals(AccountCommand.USAGE, run("", new String[0]));
        assertTrue(out().contains("add") && out().contains("ls") && out().contains("rm"), out());
    }
}
