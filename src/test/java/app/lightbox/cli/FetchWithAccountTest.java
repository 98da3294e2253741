package app.lightbox.cli;

import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.api.RetryPolicy;
import app.lightbox.core.auth.AccountSettings;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.InMemoryTokenStore;
import app.lightbox.core.auth.SandboxTokenValidator;
import app.lightbox.model.Account;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lightbox fetch --account NAME} takes the saved account's token and server. */
class FetchWithAccountTest {

    @TempDir
    Path root;

    private SandboxServer sandbox;
    private Accounts accounts;
    private Account studio;

    @BeforeEach
    void start() throws Exception {
        sandbox = SandboxServer.start(SandboxConfig.defaults());
        accounts = Accounts.open(new AccountSettings(root.resolve("accounts.json"), Clock.systemUTC()),
                new InMemoryTokenStore(), new SandboxTokenValidator());
        studio = accounts.add("Studio", sandbox.baseUrl(), sandbox.demoToken()).get();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String[] run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        FetchCommand cmd = new FetchCommand(Map.of(), new PrintWriter(o), new PrintWriter(e),
                RetryPolicy.defaults().withBaseDelay(Duration.ofMillis(5)), RequestBudget::comfyControlDefault,
                () -> accounts);
        int code = new CommandLine(cmd).execute(args);
        assertFalse((o.toString() + e).contains(sandbox.demoToken()), "the token is never printed");
        return new String[] {Integer.toString(code), o.toString(), e.toString()};
    }

    @Test
    void savedAccountSuppliesTokenAndServer() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("one").outputs(OutputSpec.png("a.png", 32, 32)));
        Path out = root.resolve("out");
        String[] r = run(id, "--account", "studio", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.size(out.resolve("a.png")) > 0);
    }

    @Test
    void unknownAccountIsNamed() {
        String[] r = run("some-id", "--account", "Personal", "--out", root.resolve("o").toString());
        assertEquals(Integer.toString(FetchCommand.MISSING_TOKEN), r[0]);
        assertTrue(r[2].contains("no account named \"Personal\""), r[2]);
    }

    @Test
    void rejectedTokenMarksTheAccountAsNeedingANewOne() {
        sandbox.revokeToken(sandbox.demoToken());
        String[] r = run("some-id", "--account", "Studio", "--out", root.resolve("o").toString());
        assertEquals(Integer.toString(FetchCommand.BAD_TOKEN), r[0]);
        assertTrue(r[2].contains("401"), r[2]);
        assertTrue(accounts.needsNewToken(studio.id()));
    }

    @Test
    void serverThatContradictsTheAccountIsRefused() {
        String[] r = run("some-id", "--account", "Studio", "--server", "https://api.comfycontrol.app",
                "--out", root.resolve("o").toString());
        assertEquals(Integer.toString(FetchCommand.USAGE), r[0]);
        assertEquals(0, sandbox.stats().apiRequests() - 1, "only the token check when adding; nothing from fetch");
    }
}
