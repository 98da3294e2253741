package app.lightbox.core.api;

import app.lightbox.model.Output;
import app.lightbox.model.User;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.NoOutputsAnswer;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against the sandbox over real HTTP: every endpoint and every error path. */
class ComfyControlClientTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final RetryPolicy FAST = RetryPolicy.defaults().withBaseDelay(Duration.ofMillis(5));

    private final ManualClock clock = SandboxClock.manual(T0);
    private SandboxServer sandbox;
    private HttpStack http;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private SandboxServer start(SandboxConfig config) throws IOException {
        sandbox = SandboxServer.start(config.withClock(clock));
        return sandbox;
    }

    private SandboxServer start() throws IOException {
        return start(SandboxConfig.defaults().withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    private ComfyControlClient client(String token) {
        return client(token, new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(300)));
    }

    private ComfyControlClient client(String token, RequestBudget budget) {
        if (http == null) {
            http = HttpStack.create();
        }
        return new ComfyControlClient(sandbox.baseUrl(), () -> token, http, budget, FAST);
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(15, TimeUnit.SECONDS));
        return e.getCause();
    }

    // ---- happy paths --------------------------------------------------------------------------------

    @Test
    void userIdentifiesTheTokenOwner() throws Exception {
        start();
        User u = await(client(sandbox.demoToken()).user());
        assertNotNull(u.id());
        assertNotNull(u.name());
    }

    @Test
    void listPagesNewestFirstWithStatusFilter() throws Exception {
        start();
        String older = sandbox.addWorkflow(WorkflowSpec.completed("older").createdAgo(Duration.ofHours(2)));
        String newer = sandbox.addWorkflow(WorkflowSpec.running("newer").createdAgo(Duration.ofMinutes(1)));
        sandbox.addWorkflow(WorkflowSpec.failed("broken", "KSampler", "RuntimeError", "boom").createdAgo(Duration.ofHours(1)));
        ComfyControlClient c = client(sandbox.demoToken());

        WorkflowPage first = await(c.workflows(1, 2, null));
        assertEquals(3, first.total());
        assertEquals(2, first.workflows().size());
        assertEquals(newer, first.workflows().get(0).id());
        assertTrue(first.hasMore());
        WorkflowPage second = await(c.workflows(2, 2, null));
        assertEquals(older, second.workflows().get(0).id());
        assertFalse(second.hasMore());

        WorkflowPage completed = await(c.workflows(1, 100, WorkflowStatus.COMPLETED));
        assertEquals(List.of(older), completed.workflows().stream().map(Workflow::id).toList());
        assertEquals(WorkflowStatus.COMPLETED, completed.workflows().get(0).status());
    }

    @Test
    void perPageIsCheckedBeforeAnythingIsSent() throws Exception {
        start();
        ComfyControlClient c = client(sandbox.demoToken());
        assertThrows(IllegalArgumentException.class, () -> c.workflows(1, 0, null));
        assertThrows(IllegalArgumentException.class, () -> c.workflows(1, 101, null));
        assertThrows(IllegalArgumentException.class, () -> c.workflows(0, 10, null));
        assertEquals(0, sandbox.stats().apiRequests());
    }

    @Test
    void workflowDetailMapsParamsRunnerAndFailure() throws Exception {
        start();
        String id = sandbox.addWorkflow(WorkflowSpec.failed("bad", "KSampler", "RuntimeError", "CUDA out of memory")
                .tags("gpu", "Prod").params(new String[] {"$text(prompt)", "a fox"}, new String[] {"#choice(sampler)", "euler"}));
        Workflow w = await(client(sandbox.demoToken()).workflow(id));
        assertEquals(WorkflowStatus.FAILED, w.status());
        assertEquals(List.of("gpu", "Prod"), w.tags());
        assertEquals(List.of(new Workflow.WorkflowParam("$text(prompt)", "a fox"),
                new Workflow.WorkflowParam("#choice(sampler)", "euler")), w.params());
        assertNotNull(w.runnerId());
        assertEquals("KSampler: RuntimeError: CUDA out of memory", w.failure().summary());
    }

    @Test
    void unknownStatusIsKeptVerbatim() throws Exception {
        start();
        String id = sandbox.addWorkflow(WorkflowSpec.rawStatus("odd", "archived"));
        Workflow w = await(client(sandbox.demoToken()).workflow(id));
        assertEquals(WorkflowStatus.Phase.UNKNOWN, w.status().phase());
        assertEquals("archived", w.status().raw());
    }

    @Test
    void outputsCarrySignedLinksThatNeverShowTheirQuery() throws Exception {
        start();
        String id = sandbox.addWorkflow(WorkflowSpec.completed("two").outputs(OutputSpec.png("a.png", 8, 8),
                OutputSpec.asset("clip.mp4", "clip-orbit.mp4")));
        List<Output> outs = await(client(sandbox.demoToken()).outputs(id));
        assertEquals(2, outs.size());
        assertEquals("a.png", outs.get(0).suggestedName());
        assertEquals(id, outs.get(0).workflowId());
        assertTrue(outs.get(0).src().uri().getRawQuery().contains("signature="));
        assertFalse(outs.get(0).src().toString().contains("signature"));
    }

    @Test
    void completedWithoutOutputsIsEmptyWhicheverWayTheServerSaysIt() throws Exception {
        start();
        String asEmpty = sandbox.addWorkflow(WorkflowSpec.completed("e").noOutputsAnswer(NoOutputsAnswer.EMPTY_ARRAY));
        String as404 = sandbox.addWorkflow(WorkflowSpec.completed("n").noOutputsAnswer(NoOutputsAnswer.NOT_FOUND));
        ComfyControlClient c = client(sandbox.demoToken());
        assertEquals(List.of(), await(c.outputs(asEmpty)));
        assertEquals(List.of(), await(c.outputs(as404)));
    }

    @Test
    void outputsOfAnUnfinishedWorkflowSayWhy() throws Exception {
        start();
        String id = sandbox.addWorkflow(WorkflowSpec.queued("waiting", 3));
        Throwable t = failure(client(sandbox.demoToken()).outputs(id));
        WorkflowNotCompletedException e = assertInstanceOf(WorkflowNotCompletedException.class, t);
        assertEquals(WorkflowStatus.QUEUED, e.status());
        assertTrue(e.getMessage().contains("status: queued"), e.getMessage());
    }

    @Test
    void outputsOfAnUnknownWorkflowIsNotFound() throws Exception {
        start();
        Throwable t = failure(client(sandbox.demoToken()).outputs("00000000-0000-4000-8000-000000000000"));
        NotFoundException e = assertInstanceOf(NotFoundException.class, t);
        assertEquals(404, e.httpStatus());
        assertTrue(e.getMessage().contains("no workflow with id 00000000-0000-4000-8000-000000000000"), e.getMessage());
    }

    @Test
    void unknownWorkflowIsNotFoundWithTheServersMessage() throws Exception {
        start();
        Throwable t = failure(client(sandbox.demoToken()).workflow("nope"));
        NotFoundException e = assertInstanceOf(NotFoundException.class, t);
        assertEquals("requested entity not found", e.serverMessage());
    }

    @Test
    void cancelStopsARunningWorkflowAndRefusesAFinishedOne() throws Exception {
        start();
        String running = sandbox.addWorkflow(WorkflowSpec.running("r"));
        String done = sandbox.addWorkflow(WorkflowSpec.completed("d"));
        ComfyControlClient c = client(sandbox.demoToken());
        assertNull(await(c.cancel(running)));
        clock.advance(Duration.ofSeconds(5));
        assertEquals(WorkflowStatus.CANCELLED, await(c.workflow(running)).status());

        ApiException e = assertInstanceOf(ApiException.class, failure(c.cancel(done)));
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("only queued or running"), e.getMessage());
        assertEquals(2, sandbox.stats().cancelRequests());
    }

    // ---- errors -------------------------------------------------------------------------------------

    @Test
    void badTokenIsRejectedWithTheServersMessage() throws Exception {
        start();
        Throwable t = failure(client("cfc_wrong").user());
        UnauthorizedException e = assertInstanceOf(UnauthorizedException.class, t);
        assertEquals(401, e.httpStatus());
        assertEquals("Invalid token", e.serverMessage());
        assertEquals("ComfyControl rejected the token (401: Invalid token)", e.getMessage());
        assertEquals(1, sandbox.stats().apiRequests(), "401 is not retried");
    }

    @Test
    void expiredAndRevokedTokensSayWhatHappened() throws Exception {
        start();
        sandbox.addToken("cfc_shortlived", T0.plus(Duration.ofMinutes(1)));
        sandbox.addToken("cfc_revoked");
        ComfyControlClient c = client("cfc_shortlived");
        assertNotNull(await(c.user()));
        clock.advance(Duration.ofMinutes(2));
        Throwable t = failure(c.user());
        assertEquals("ComfyControl rejected the token (401: Token has expired)", t.getMessage());

        ComfyControlClient r = client("cfc_revoked");
        assertNotNull(await(r.user()));
        sandbox.revokeToken("cfc_revoked");
        assertInstanceOf(UnauthorizedException.class, failure(r.user()));
    }

    @Test
    void tokenNeverAppearsInErrors() throws Exception {
        start();
        sandbox.faults().failNextApiRequests(10, 503);
        Throwable t = failure(client("cfc_topsecret123").user());
        assertFalse(String.valueOf(t.getMessage()).contains("topsecret"));
        assertFalse(String.valueOf(t).contains("topsecret"));
    }

    @Test
    void forbiddenIsTypedAndNotRetried() throws Exception {
        start();
        sandbox.faults().failNextApiRequests(1, 403);
        Throwable t = failure(client(sandbox.demoToken()).user());
        ForbiddenException e = assertInstanceOf(ForbiddenException.class, t);
        assertEquals(403, e.httpStatus());
        assertEquals(1, sandbox.stats().apiRequests());
    }

    @Test
    void serverErrorsAreRetriedForGets() throws Exception {
        start();
        sandbox.faults().failNextApiRequests(2, 503);
        assertNotNull(await(client(sandbox.demoToken()).user()));
        assertEquals(3, sandbox.stats().apiRequests());
    }

    @Test
    void serverErrorsSurfaceAfterTheLastAttempt() throws Exception {
        start();
        sandbox.faults().failNextApiRequests(100, 500);
        Throwable t = failure(client(sandbox.demoToken()).workflow("x"));
        ServerErrorException e = assertInstanceOf(ServerErrorException.class, t);
        assertEquals(500, e.httpStatus());
        assertEquals("internal server error", e.serverMessage());
        assertEquals(FAST.maxAttempts(), sandbox.stats().apiRequests());
    }

    @Test
    void cancelIsNeverRetried() throws Exception {
        start();
        String id = sandbox.addWorkflow(WorkflowSpec.running("r"));
        sandbox.faults().failNextApiRequests(1, 500);
        Throwable t = failure(client(sandbox.demoToken()).cancel(id));
        assertInstanceOf(ServerErrorException.class, t);
        assertEquals(1, sandbox.stats().apiRequests());
    }

    @Test
    void unreachableServerIsANetworkErrorWithStatusZero() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        http = HttpStack.create();
        ComfyControlClient c = new ComfyControlClient(URI.create("http://127.0.0.1:" + port), () -> "cfc_x", http,
                new RequestBudget(100, Duration.ofSeconds(1), Duration.ofSeconds(1)), FAST);
        Throwable t = failure(c.user());
        NetworkException e = assertInstanceOf(NetworkException.class, t);
        assertEquals(0, e.httpStatus());
        assertTrue(e.getMessage().startsWith("Could not reach ComfyControl at http://127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void timeoutsAreRetriedThenReportedAsNetworkErrors() throws Exception {
        start();
        sandbox.faults().setLatency(Duration.ofMillis(400));
        http = HttpStack.create(Duration.ofSeconds(2), Duration.ofMillis(100));
        Throwable t = failure(client(sandbox.demoToken()).user());
        assertInstanceOf(NetworkException.class, t);
        assertEquals(FAST.maxAttempts(), sandbox.stats().apiRequests());
    }

    // ---- rate limit ---------------------------------------------------------------------------------

    @Test
    void after429NoRequestReachesTheServerUntilTheCooldownHasPassed() throws Exception {
        Duration cooldown = Duration.ofMillis(600);
        start(SandboxConfig.defaults().withRateLimit(5, Duration.ofSeconds(5), cooldown));
        // A client budget looser than the server's, so the server's limit is what it runs into.
        ComfyControlClient c = client(sandbox.demoToken(), new RequestBudget(1000, Duration.ofSeconds(5), cooldown));
        for (int i = 0; i < 8; i++) {
            assertNotNull(await(c.user()), "call " + i + " still succeeds after waiting");
        }
        assertEquals(1, sandbox.stats().rateLimited());
        List<Instant> times = sandbox.stats().apiRequestTimes();
        assertEquals(9, times.size(), "8 calls plus one retry of the rate-limited one");
        Instant limited = times.get(5);
        Instant cooldownEnds = limited.plus(cooldown);
        for (Instant t : times.subList(6, times.size())) {
            assertFalse(t.isBefore(cooldownEnds), "request at " + t + " arrived during the cooldown ending " + cooldownEnds);
        }
    }

    @Test
    void a429BlocksEveryOtherRequestToo() throws Exception {
        start();
        Duration cooldown = Duration.ofMillis(500);
        RequestBudget budget = new RequestBudget(1000, Duration.ofSeconds(10), cooldown);
        ComfyControlClient a = client(sandbox.demoToken(), budget);
        ComfyControlClient b = client(sandbox.demoToken(), budget);
        sandbox.faults().failNextApiRequests(1, 429);
        CompletableFuture<User> first = a.user();
        // Wait until the 429 has been seen, then ask through another client sharing the budget.
        while (!budget.isCoolingDown() && !first.isDone()) {
            Thread.onSpinWait();
        }
        String id = sandbox.addWorkflow(WorkflowSpec.completed("c"));
        assertNotNull(await(b.workflow(id)));
        assertNotNull(await(first));
        List<Instant> times = sandbox.stats().apiRequestTimes();
        assertEquals(3, times.size());
        for (Instant t : times.subList(1, 3)) {
            assertFalse(t.isBefore(times.get(0).plus(cooldown)), "no request during the cooldown");
        }
    }

    @Test
    void rateLimitedPostIsReportedNotRetried() throws Exception {
        start();
        String id = sandbox.addWorkflow(WorkflowSpec.running("r"));
        sandbox.faults().failNextApiRequests(1, 429);
        RequestBudget budget = new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(200));
        Throwable t = failure(client(sandbox.demoToken(), budget).cancel(id));
        RateLimitedException e = assertInstanceOf(RateLimitedException.class, t);
        assertEquals("Too many requests", e.serverMessage());
        assertEquals(1, sandbox.stats().apiRequests());
        assertTrue(budget.isCoolingDown());
    }

    @Test
    void realDefaultCooldownHoldsRequestsForTenSeconds() throws Exception {
        start();
        sandbox.faults().failNextApiRequests(1, 429);
        ComfyControlClient c = client(sandbox.demoToken(), RequestBudget.comfyControlDefault());
        assertNotNull(c.user().get(30, TimeUnit.SECONDS));
        List<Instant> times = sandbox.stats().apiRequestTimes();
        assertEquals(2, times.size());
        assertTrue(Duration.between(times.get(0), times.get(1)).compareTo(Duration.ofSeconds(10)) >= 0,
                "retry came " + Duration.between(times.get(0), times.get(1)) + " after the 429");
    }
}
