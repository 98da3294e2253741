package app.lightbox.core.workflow;

import app.lightbox.core.api.RequestBudget;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxStats;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Looked-at workflows follow their status stream: across server-side closes, and within the stream cap. */
class WatchedWorkflowStreamTest {

    private TrackerFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static SandboxConfig shortStreams() {
        // Three events 50 ms apart per connection: the server closes streams all the time.
        return SandboxConfig.defaults()
                .withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withSse(Duration.ofMillis(50), 3);
    }

    @Test
    void resubscribesAfterTheServerClosesTheStreamUntilTheWorkflowIsDone() throws Exception {
        f = new TrackerFixture(shortStreams(), new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(500)),
                TrackerFixture.fast());
        String id = f.sandbox.addWorkflow(WorkflowSpec.completed("long render")
                .schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofHours(1))
                .outputs(OutputSpec.png("frame.png", 8, 8)));
        f.tracker.track(f.loadList(1));
        f.tracker.start();
        f.tracker.watch(id);
        SandboxStats stats = f.sandbox.stats();
        Waits.until(() -> stats.subscribeRequests(id) >= 3, Duration.ofSeconds(10), "three stream connections");

        f.clock.advance(Duration.ofHours(1));
        TrackingEvent.Completed done = f.events.await(TrackingEvent.Completed.class,
                e -> e.workflow().id().equals(id), Duration.ofSeconds(10), "completion of " + id);
        assertEquals(1, done.outputs().size());
        assertEquals(List.of("running", "completed"), f.events.path(id));
        int connections = stats.subscribeRequests(id);
        assertTrue(connections > 1, "resubscribed: " + connections);
        // The terminal event carried the outputs, so no outputs request was needed.
        assertEquals(0, stats.outputsRequests(id));

        Waits.polls(f.tracker, 3);
        assertEquals(connections, stats.subscribeRequests(id), "no stream after the terminal status");
        long logged = f.tracker.requests().entries().stream().filter(e -> e.kind() == RequestLog.Kind.SUBSCRIBE).count();
        assertEquals(connections, logged, "every connection is in the request log");
    }

    @Test
    void streamsAreCappedAndFreedSlotsGoToTheNextLookedAtWorkflow() throws Exception {
        f = new TrackerFixture(SandboxConfig.defaults()
                .withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withSse(Duration.ofMillis(50), 120),
                new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(500)),
                TrackerFixture.fast().withMaxStreams(2));
        String finishing = f.sandbox.addWorkflow(WorkflowSpec.completed("finishing")
                .schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10))
                .outputs(OutputSpec.png("x.png", 8, 8)));
        String second = f.sandbox.addWorkflow(WorkflowSpec.running("second"));
        String third = f.sandbox.addWorkflow(WorkflowSpec.running("third"));
        String fourth = f.sandbox.addWorkflow(WorkflowSpec.completed("fourth")
                .schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20)));
        f.tracker.track(f.loadList(1));
        f.tracker.start();
        for (String id : List.of(finishing, second, third, fourth)) {
            f.tracker.watch(id);
        }
        SandboxStats stats = f.sandbox.stats();
        Waits.until(() -> stats.subscribeRequests(finishing) == 1 && stats.subscribeRequests(second) == 1,
                Duration.ofSeconds(10), "the first two streams");
        Waits.polls(f.tracker, 3);
        assertEquals(0, stats.subscribeRequests(third), "over the cap: polled");
        assertEquals(0, stats.subscribeRequests(fourth), "over the cap: polled");

        f.clock.advance(Duration.ofSeconds(10));
        f.events.awaitStatus(finishing, "completed");
        Waits.until(() -> stats.subscribeRequests(third) == 1, Duration.ofSeconds(10), "third gets the free slot");
        f.tracker.unwatch(second);
        Waits.until(() -> stats.subscribeRequests(fourth) == 1, Duration.ofSeconds(10), "fourth gets second's slot");
        assertEquals(1, stats.subscribeRequests(third), "third stays on its one stream");

        // Over the cap the workflow was still tracked by polling; it completes either way.
        f.clock.advance(Duration.ofSeconds(10));
        f.events.awaitStatus(fourth, "completed");
    }
}
