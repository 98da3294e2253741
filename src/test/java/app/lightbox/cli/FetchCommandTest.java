package app.lightbox.cli;

import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.api.RetryPolicy;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.NoOutputsAnswer;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lightbox fetch} run in-process against the sandbox over real HTTP. */
class FetchCommandTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final ManualClock clock = SandboxClock.manual(T0);
    private SandboxServer sandbox;
    private String token;

    @TempDir
    Path root;
    private Path out;

    @BeforeEach
    void start() throws IOException {
        sandbox = SandboxServer.start(SandboxConfig.defaults().withClock(clock).withUrlTtl(Duration.ofMinutes(5))
                .withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        token = sandbox.demoToken();
        out = root.resolve("out");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }

        String errLine() {
            List<String> lines = err.strip().lines().toList();
            assertEquals(1, lines.size(), "exactly one error line, got: " + err);
            return lines.get(0);
        }
    }

    private Run fetch(Map<String, String> env, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        FetchCommand cmd = new FetchCommand(env, new PrintWriter(o), new PrintWriter(e),
                RetryPolicy.defaults().withBaseDelay(Duration.ofMillis(5)),
                () -> new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(200)));
        int code = new CommandLine(cmd).execute(args);
        Run run = new Run(code, o.toString(), e.toString());
        assertFalse(run.all().contains(token), "the token must never be printed");
        return run;
    }

    private Run fetch(String workflowId) {
        return fetch(Map.of("COMFYCONTROL_TOKEN", token), workflowId, "--out", out.toString(),
                "--server", sandbox.baseUrl().toString());
    }

    private Set<String> namesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private void assertNoLeftovers() throws IOException {
        assertEquals(Set.of("out"), Files.exists(out) ? namesIn(root) : Set.of("out"), "nothing written beside DIR");
        if (Files.exists(out)) {
            for (String n : namesIn(out)) {
                assertFalse(n.startsWith(".") || n.endsWith(".part"), "leftover temp file " + n);
            }
        }
    }

    // ---- success ------------------------------------------------------------------------------------

    @Test
    void downloadsEveryOutput() throws Exception {
        byte[] raw = "raw bytes \u0000\u0001".getBytes(StandardCharsets.UTF_8);
        String id = sandbox.addWorkflow(WorkflowSpec.completed("all").outputs(OutputSpec.png("a.png", 64, 64),
                OutputSpec.asset("clip.mp4", "clip-orbit.mp4"), OutputSpec.bytes("x.bin", "application/octet-stream", raw)));
        Run r = fetch(id);
        assertEquals(0, r.exit(), r.err());
        assertEquals(Set.of("a.png", "clip.mp4", "x.bin"), namesIn(out));
        assertArrayEquals(raw, Files.readAllBytes(out.resolve("x.bin")));
        assertEquals(sandbox.stats().mediaBytesSent(),
                Files.size(out.resolve("a.png")) + Files.size(out.resolve("clip.mp4")) + raw.length);
        assertTrue(r.out().contains("saved a.png ("), r.out());
        assertTrue(r.out().contains("saved x.bin (" + raw.length + " B)"), r.out());
        assertTrue(r.out().contains("Saved 3 files"), r.out());
        assertEquals("", r.err());
        assertNoLeftovers();
    }

    @Test
    void completedWithoutOutputsSucceedsEitherWay() throws Exception {
        for (NoOutputsAnswer answer : NoOutputsAnswer.values()) {
            String id = sandbox.addWorkflow(WorkflowSpec.completed("empty").noOutputsAnswer(answer));
            Run r = fetch(id);
            assertEquals(0, r.exit(), answer + ": " + r.err());
            assertTrue(r.out().contains("completed with no outputs"), r.out());
            assertEquals(Set.of(), namesIn(out));
        }
    }

    @Test
    void linksExpiringMidRunAreRenewedOnce() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("slow").outputs(OutputSpec.png("a.png", 8, 8),
                OutputSpec.png("b.png", 8, 8), OutputSpec.png("c.png", 8, 8)));
        AtomicInteger served = new AtomicInteger();
        sandbox.onMediaServed(outputId -> {
            if (served.incrementAndGet() == 1) {
                clock.advance(Duration.ofMinutes(6));
            }
        });
        Run r = fetch(id);
        assertEquals(0, r.exit(), r.err());
        assertEquals(Set.of("a.png", "b.png", "c.png"), namesIn(out));
        assertEquals(2, sandbox.stats().outputsRequests(id), "one extra outputs call for the one expiry");
        assertEquals(4, sandbox.stats().mediaRequests(), "three downloads plus the one refused with 403");
        assertNoLeftovers();
    }

    @Test
    void everyExpiryGetsItsOwnRenewal() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("slower").outputs(OutputSpec.png("a.png", 8, 8),
                OutputSpec.png("b.png", 8, 8), OutputSpec.png("c.png", 8, 8)));
        sandbox.onMediaServed(outputId -> clock.advance(Duration.ofMinutes(6)));
        Run r = fetch(id);
        assertEquals(0, r.exit(), r.err());
        assertEquals(Set.of("a.png", "b.png", "c.png"), namesIn(out));
        assertEquals(3, sandbox.stats().outputsRequests(id));
    }

    @Test
    void hostileNamesStayInsideTheDirectoryAndNeverCollide() throws Exception {
        String longName = "n".repeat(300) + ".png";
        String id = sandbox.addWorkflow(WorkflowSpec.completed("hostile").outputs(
                OutputSpec.png("../../evil.png", 8, 8),
                OutputSpec.png("CON.png", 8, 8),
                OutputSpec.png("a/b\\c.png", 8, 8),
                OutputSpec.png(longName, 8, 8),
                OutputSpec.png("dup.png", 8, 8),
                OutputSpec.png("dup.png", 9, 9),
                OutputSpec.png("x/y.png", 8, 8),
                OutputSpec.png("x%2Fy.png", 8, 8),
                OutputSpec.png("über 猫.png", 8, 8),
                OutputSpec.png(" .hidden. ", 8, 8)));
        Run r = fetch(id);
        assertEquals(0, r.exit(), r.err());
        Set<String> names = namesIn(out);
        assertEquals(10, names.size(), names.toString());
        assertTrue(names.contains("_CON.png"), names.toString());
        assertTrue(names.contains("a_b_c.png"), names.toString());
        assertTrue(names.contains("dup.png") && names.contains("dup (2).png"), names.toString());
        assertTrue(names.contains("x_y.png"), names.toString());
        assertTrue(names.contains("x%2Fy.png"), names.toString());
        assertTrue(names.contains("über 猫.png"), names.toString());
        assertTrue(names.contains("_hidden"), names.toString());
        for (String n : names) {
            assertFalse(n.contains("..") || n.contains("/") || n.contains("\\"), n);
            assertTrue(n.getBytes(StandardCharsets.UTF_8).length <= 200, n);
        }
        assertTrue(names.stream().anyMatch(n -> n.startsWith("nnnn") && n.endsWith(".png")));
        assertTrue(names.stream().anyMatch(n -> n.endsWith("evil.png")));
        assertNoLeftovers();
    }

    @Test
    void existingFilesAreNeverOverwrittenAndIdenticalOnesAreReused() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("again").outputs(OutputSpec.png("a.png", 8, 8),
                OutputSpec.png("b.png", 8, 8)));
        Files.createDirectories(out);
        byte[] mine = "my own file".getBytes(StandardCharsets.UTF_8);
        Files.write(out.resolve("a.png"), mine);

        Run first = fetch(id);
        assertEquals(0, first.exit(), first.err());
        assertArrayEquals(mine, Files.readAllBytes(out.resolve("a.png")));
        assertEquals(Set.of("a.png", "a (2).png", "b.png"), namesIn(out));

        Run second = fetch(id);
        assertEquals(0, second.exit(), second.err());
        assertEquals(Set.of("a.png", "a (2).png", "b.png"), namesIn(out), "a re-run adds nothing");
        assertTrue(second.out().contains("kept a (2).png"), second.out());
        assertTrue(second.out().contains("identical"), second.out());
        assertArrayEquals(mine, Files.readAllBytes(out.resolve("a.png")));
    }

    // ---- failures -----------------------------------------------------------------------------------

    @Test
    void missingTokenIsReportedBeforeAnyRequest() {
        Run r = fetch(Map.of(), "wf", "--out", out.toString(), "--server", sandbox.baseUrl().toString());
        assertEquals(FetchCommand.MISSING_TOKEN, r.exit());
        assertTrue(r.errLine().contains("COMFYCONTROL_TOKEN is not set"), r.err());
        assertEquals(0, sandbox.stats().apiRequests());
        Run blank = fetch(Map.of("COMFYCONTROL_TOKEN", " "), "wf", "--out", out.toString(), "--server", sandbox.baseUrl().toString());
        assertEquals(FetchCommand.MISSING_TOKEN, blank.exit());
    }

    @Test
    void badTokenQuotesTheServer() {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("c"));
        Run r = fetch(Map.of("COMFYCONTROL_TOKEN", "cfc_wrongwrong"), id, "--out", out.toString(),
                "--server", sandbox.baseUrl().toString());
        assertEquals(FetchCommand.BAD_TOKEN, r.exit());
        assertEquals("lightbox fetch: ComfyControl rejected the token (401: Invalid token)", r.errLine());
        assertFalse(r.all().contains("cfc_wrongwrong"));
    }

    @Test
    void expiredTokenQuotesTheServer() {
        sandbox.addToken("cfc_oldtoken", T0.minusSeconds(1));
        String id = sandbox.addWorkflow(WorkflowSpec.completed("c"));
        Run r = fetch(Map.of("COMFYCONTROL_TOKEN", "cfc_oldtoken"), id, "--out", out.toString(),
                "--server", sandbox.baseUrl().toString());
        assertEquals(FetchCommand.BAD_TOKEN, r.exit());
        assertTrue(r.errLine().endsWith("(401: Token has expired)"), r.err());
        assertFalse(r.all().contains("cfc_oldtoken"));
    }

    @Test
    void unknownWorkflow() {
        Run r = fetch("6f1c2e80-0000-4000-8000-000000000000");
        assertEquals(FetchCommand.UNKNOWN_WORKFLOW, r.exit());
        assertTrue(r.errLine().contains("no workflow with id 6f1c2e80-0000-4000-8000-000000000000"), r.err());
    }

    @Test
    void notCompletedYetNamesTheStatus() {
        Run running = fetch(sandbox.addWorkflow(WorkflowSpec.running("r")));
        assertEquals(FetchCommand.NOT_COMPLETED, running.exit());
        assertTrue(running.errLine().contains("not completed yet (status: running)"), running.err());
        Run queued = fetch(sandbox.addWorkflow(WorkflowSpec.queued("q", 4)));
        assertEquals(FetchCommand.NOT_COMPLETED, queued.exit());
        assertTrue(queued.errLine().contains("(status: queued)"), queued.err());
    }

    @Test
    void failedQuotesTheExceptionMessage() {
        Run r = fetch(sandbox.addWorkflow(WorkflowSpec.failed("f", "KSampler", "RuntimeError", "CUDA out of memory")));
        assertEquals(FetchCommand.FAILED, r.exit());
        assertTrue(r.errLine().contains("failed: KSampler: RuntimeError: CUDA out of memory"), r.err());
        Run invalid = fetch(sandbox.addWorkflow(WorkflowSpec.invalid("i")));
        assertEquals(FetchCommand.FAILED, invalid.exit());
        assertTrue(invalid.errLine().contains("is invalid"), invalid.err());
    }

    @Test
    void cancelled() {
        Run r = fetch(sandbox.addWorkflow(WorkflowSpec.cancelled("c")));
        assertEquals(FetchCommand.CANCELLED, r.exit());
        assertTrue(r.errLine().contains("was cancelled"), r.err());
    }

    @Test
    void unknownStatusIsQuoted() {
        Run r = fetch(sandbox.addWorkflow(WorkflowSpec.rawStatus("odd", "archived")));
        assertEquals(FetchCommand.UNKNOWN_STATUS, r.exit());
        assertTrue(r.errLine().contains("\"archived\""), r.err());
    }

    @Test
    void serverTroubleAfterRetries() {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("c"));
        sandbox.faults().failNextApiRequests(100, 503);
        Run r = fetch(id);
        assertEquals(FetchCommand.SERVER_TROUBLE, r.exit());
        assertTrue(r.errLine().contains("(503: service temporarily unavailable)"), r.err());
    }

    @Test
    void unreachableServer() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = fetch(Map.of("COMFYCONTROL_TOKEN", token), "wf", "--out", out.toString(), "--server", "http://127.0.0.1:" + port);
        assertEquals(FetchCommand.SERVER_TROUBLE, r.exit());
        assertTrue(r.errLine().contains("Could not reach ComfyControl"), r.err());
    }

    @Test
    void truncatedDownloadFailsAndLeavesNoPartialFile() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("t").outputs(OutputSpec.png("big.png", 512, 512)));
        sandbox.faults().setTruncateMedia(true);
        Run r = fetch(id);
        assertEquals(FetchCommand.STORAGE_TROUBLE, r.exit());
        assertTrue(r.errLine().contains("big.png"), r.err());
        assertFalse(r.all().contains("signature"), "no signed query in messages");
        assertEquals(Set.of(), namesIn(out));
        assertNoLeftovers();
    }

    @Test
    void outputDirectoryThatIsAFile() throws Exception {
        Files.writeString(out, "not a directory");
        Run r = fetch(sandbox.addWorkflow(WorkflowSpec.completed("c").outputs(OutputSpec.png("a.png", 8, 8))));
        assertEquals(FetchCommand.LOCAL_FILES, r.exit());
        assertEquals("not a directory", Files.readString(out));
    }

    @Test
    void badServerUrlIsAUsageError() {
        Run r = fetch(Map.of("COMFYCONTROL_TOKEN", token), "wf", "--out", out.toString(), "--server", "ftp://x");
        assertEquals(FetchCommand.USAGE, r.exit());
        r.errLine();
    }

    @Test
    void helpDocumentsTheExitCodes() {
        StringWriter o = new StringWriter();
        CommandLine cl = new CommandLine(new FetchCommand(Map.of(), new PrintWriter(o), new PrintWriter(new StringWriter())));
        cl.setOut(new PrintWriter(o));
        assertEquals(0, cl.execute("--help"));
        String help = o.toString();
        assertTrue(help.contains("Exit codes:"), help);
        assertTrue(help.contains("COMFYCONTROL_TOKEN"), help);
        assertFalse(help.contains("--token"), help);
    }
}
