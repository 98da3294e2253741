package app.lightbox.core.api;

import app.lightbox.model.WorkflowStatus;
import app.lightbox.model.WorkflowUpdate;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status stream over real HTTP: resubscribing after the server closes it, terminal updates, errors. */
class WorkflowSubscriptionTest {

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2026-03-01T12:00:00Z"));
    private SandboxServer sandbox;
    private HttpStack http;
    private ComfyControlClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = SandboxServer.start(SandboxConfig.defaults()
                .withClock(clock)
                .withSse(Duration.ofMillis(50), 3)
                .withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        http = HttpStack.create();
        client = new ComfyControlClient(sandbox.baseUrl(), sandbox::demoToken, http,
                new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(200)),
                RetryPolicy.defaults().withBaseDelay(Duration.ofMillis(5)));
    }

    @AfterEach
    void stop() {
        http.close();
        sandbox.close();
    }

    @Test
    void resubscribesUntilTheWorkflowCompletes() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("slow")
                .schedule(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), Duration.ofMinutes(1))
                .outputs(OutputSpec.png("a.png", 8, 8)));
        List<WorkflowUpdate> seen = new CopyOnWriteArrayList<>();
        WorkflowSubscription[] holder = new WorkflowSubscription[1];
        CountDownLatch subscribed = new CountDownLatch(1);
        WorkflowSubscription sub = client.subscribe(id, u -> {
            seen.add(u);
            try {
                subscribed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Let the stream close on the server a few times, then let the workflow finish.
            if (holder[0].connections() >= 3 && !u.status().isTerminal()) {
                clock.advance(Duration.ofMinutes(5));
            }
        });
        holder[0] = sub;
        subscribed.countDown();

        WorkflowUpdate last = sub.done().get(10, TimeUnit.SECONDS);
        assertEquals(WorkflowStatus.COMPLETED, last.status());
        assertEquals(1, last.outputs().size());
        assertEquals(id, last.workflowId());
        assertTrue(sub.connections() >= 3, "connections: " + sub.connections());
        assertEquals(sub.connections(), sandbox.stats().subscribeRequests(id));
        assertEquals(WorkflowStatus.QUEUED, seen.get(0).status());
        assertEquals(last, seen.get(seen.size() - 1));
        sub.close();
    }

    @Test
    void failureDetailsComeFromTheStreamsCause() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.failed("f", "VAEDecode", "ValueError", "tensor mismatch"));
        WorkflowUpdate last = client.subscribe(id, u -> { }).done().get(10, TimeUnit.SECONDS);
        assertEquals(WorkflowStatus.FAILED, last.status());
        assertEquals("VAEDecode", last.failure().node());
        assertEquals("tensor mismatch", last.failure().exceptionMessage());
    }

    @Test
    void unknownWorkflowEndsTheSubscriptionWithNotFound() throws Exception {
        WorkflowSubscription sub = client.subscribe("missing", u -> { });
        Throwable t = ComfyControlClientTest.failure(sub.done());
        assertInstanceOf(NotFoundException.class, t);
        assertEquals(1, sandbox.stats().subscribeRequests("missing"));
    }

    @Test
    void badTokenEndsTheSubscriptionWithoutRetrying() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.running("r"));
        ComfyControlClient wrong = new ComfyControlClient(sandbox.baseUrl(), () -> "cfc_nope", http,
                new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(200)));
        Throwable t = ComfyControlClientTest.failure(wrong.subscribe(id, u -> { }).done());
        UnauthorizedException e = assertInstanceOf(UnauthorizedException.class, t);
        assertEquals("ComfyControl rejected the token (401: Invalid token)", e.getMessage());
        assertEquals(1, sandbox.stats().apiRequests());
    }

    @Test
    void serverErrorsOnConnectAreRetried() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("c"));
        sandbox.faults().failNextApiRequests(2, 503);
        WorkflowUpdate last = client.subscribe(id, u -> { }).done().get(10, TimeUnit.SECONDS);
        assertEquals(WorkflowStatus.COMPLETED, last.status());
        assertEquals(3, sandbox.stats().apiRequests());
    }

    @Test
    void closeStopsFollowing() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.running("forever"));
        CountDownLatch firstUpdate = new CountDownLatch(1);
        WorkflowSubscription sub = client.subscribe(id, u -> firstUpdate.countDown());
        assertTrue(firstUpdate.await(5, TimeUnit.SECONDS));
        sub.close();
        assertTrue(sub.done().isCancelled());
        int after = sandbox.stats().subscribeRequests(id);
        // Three stream lifetimes (3 events at 50 ms each) would have reconnected by now if close() had not worked.
        CountDownLatch never = new CountDownLatch(1);
        assertEquals(false, never.await(500, TimeUnit.MILLISECONDS));
        assertEquals(after, sandbox.stats().subscribeRequests(id));
    }

    @Test
    void unknownStatusIsPassedOnVerbatimAndNeverEndsTheSubscription() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.rawStatus("odd", "archived"));
        CountDownLatch updatesOverTwoStreams = new CountDownLatch(4);
        List<WorkflowUpdate> seen = new CopyOnWriteArrayList<>();
        WorkflowSubscription sub = client.subscribe(id, u -> {
            seen.add(u);
            updatesOverTwoStreams.countDown();
        });
        assertTrue(updatesOverTwoStreams.await(5, TimeUnit.SECONDS));
        assertEquals("archived", seen.get(0).status().raw());
        assertEquals(WorkflowStatus.Phase.UNKNOWN, seen.get(0).status().phase());
        assertTrue(!sub.done().isDone());
        sub.close();
    }
}
