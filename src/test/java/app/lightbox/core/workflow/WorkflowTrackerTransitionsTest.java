package app.lightbox.core.workflow;

import app.lightbox.model.WorkflowStatus;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every status transition reaches the listener, whether the workflow is polled or followed by its stream. */
class WorkflowTrackerTransitionsTest {

    private static final Duration PHASE = Duration.ofSeconds(10);

    private TrackerFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static WorkflowSpec phased(WorkflowSpec spec) {
        return spec.schedule(PHASE, PHASE, PHASE, PHASE);
    }

    @ParameterizedTest(name = "looked at: {0}")
    @ValueSource(booleans = {false, true})
    void everyTransitionReachesTheListener(boolean lookedAt) throws Exception {
        f = new TrackerFixture(SandboxConfig.defaults()
                .withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withSse(Duration.ofMillis(30), 120),
                new app.lightbox.core.api.RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(500)),
                TrackerFixture.fast().withMaxStreams(5));
        String done = f.sandbox.addWorkflow(phased(WorkflowSpec.completed("done"))
                .outputs(OutputSpec.png("a.png", 8, 8), OutputSpec.png("b.png", 8, 8)));
        String broken = f.sandbox.addWorkflow(phased(WorkflowSpec.failed("broken", "KSampler", "RuntimeError",
                "CUDA out of memory")));
        String stopped = f.sandbox.addWorkflow(phased(WorkflowSpec.cancelled("stopped")));
        String odd = f.sandbox.addWorkflow(phased(WorkflowSpec.rawStatus("odd", "paused")));
        String rejected = f.sandbox.addWorkflow(WorkflowSpec.invalid("rejected")
                .schedule(PHASE, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        List<String> all = List.of(done, broken, stopped, odd, rejected);

        f.tracker.track(f.loadList(1));
        f.tracker.start();
        if (lookedAt) {
            all.forEach(f.tracker::watch);
        }

        f.clock.advance(PHASE);
        for (String id : List.of(done, broken, stopped, odd)) {
            f.events.awaitStatus(id, "uploaded");
        }
        f.events.awaitStatus(rejected, "invalid");
        f.clock.advance(PHASE);
        for (String id : List.of(done, broken, stopped, odd)) {
            f.events.awaitStatus(id, "queued");
        }
        f.clock.advance(PHASE);
        for (String id : List.of(done, broken, stopped, odd)) {
            f.events.awaitStatus(id, "running");
        }
        f.clock.advance(PHASE);
        f.events.awaitStatus(done, "completed");
        f.events.awaitStatus(broken, "failed");
        f.events.awaitStatus(stopped, "cancelled");
        f.events.awaitStatus(odd, "paused");

        List<String> lifecycle = List.of("accepted", "uploaded", "queued", "running");
        assertEquals(concat(lifecycle, "completed"), f.events.path(done));
        assertEquals(concat(lifecycle, "failed"), f.events.path(broken));
        assertEquals(concat(lifecycle, "cancelled"), f.events.path(stopped));
        assertEquals(concat(lifecycle, "paused"), f.events.path(odd));
        assertEquals(List.of("accepted", "invalid"), f.events.path(rejected));

        TrackingEvent.Completed completed = f.events.await(TrackingEvent.Completed.class,
                e -> e.workflow().id().equals(done), Duration.ofSeconds(10), "outputs of " + done);
        assertEquals(List.of("a.png", "b.png"), completed.outputs().stream().map(o -> o.suggestedName()).toList());
        assertTrue(f.sandbox.stats().outputsRequests(done) <= 1, "at most one outputs request");
        if (!lookedAt) {
            assertEquals(1, f.sandbox.stats().outputsRequests(done), "exactly one outputs request when polled");
        }

        TrackingEvent.Failed failed = f.events.await(TrackingEvent.Failed.class,
                e -> e.workflow().id().equals(broken), Duration.ofSeconds(10), "failure of " + broken);
        assertEquals("KSampler: RuntimeError: CUDA out of memory", failed.workflow().failure().summary());
        f.events.await(TrackingEvent.Failed.class, e -> e.workflow().id().equals(rejected),
                Duration.ofSeconds(10), "invalid " + rejected);
        f.events.await(TrackingEvent.Cancelled.class, e -> e.workflow().id().equals(stopped),
                Duration.ofSeconds(10), "cancel of " + stopped);
        TrackingEvent.UnknownStatus unknown = f.events.await(TrackingEvent.UnknownStatus.class,
                e -> e.workflow().id().equals(odd), Duration.ofSeconds(10), "unknown status of " + odd);
        assertEquals("paused", unknown.workflow().status().raw());
        assertFalse(unknown.workflow().status().isTerminal());

        List<TrackingEvent.Progress> progress = f.events.of(TrackingEvent.Progress.class).stream()
                .filter(p -> p.workflowId().equals(done)).toList();
        assertTrue(progress.size() >= 2, "progress on queued and on running: " + progress);
        assertTrue(progress.get(progress.size() - 1).startedAt() != null, "running carries its start time");

        if (lookedAt) {
            for (String id : all) {
                assertTrue(f.sandbox.stats().subscribeRequests(id) >= 1, "stream opened for " + id);
            }
        } else {
            for (String id : all) {
                assertEquals(0, f.sandbox.stats().subscribeRequests(id), "no stream for " + id);
            }
        }
    }

    @Test
    void workflowsOlderThanTheFirstPageArePolledThroughTheStatusFilter() throws Exception {
        f = new TrackerFixture();
        Duration older = Duration.ofHours(2);
        List<String> running = List.of(
                f.sandbox.addWorkflow(WorkflowSpec.completed("r1").createdAgo(older)
                        .schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, older.plus(PHASE)).outputs(OutputSpec.png("r1.png", 8, 8))),
                f.sandbox.addWorkflow(WorkflowSpec.completed("r2").createdAgo(older)
                        .schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, older.plus(PHASE)).outputs(OutputSpec.png("r2.png", 8, 8))));
        String queued = f.sandbox.addWorkflow(WorkflowSpec.running("q1").createdAgo(older)
                .schedule(Duration.ZERO, Duration.ZERO, older.plus(PHASE), Duration.ZERO));
        for (int i = 0; i < 130; i++) {
            f.sandbox.addWorkflow(WorkflowSpec.completed("newer " + i).createdAgo(Duration.ofMinutes(30)));
        }

        f.tracker.track(f.loadList(2));
        f.tracker.start();
        f.clock.advance(PHASE);
        for (String id : running) {
            f.events.awaitStatus(id, "completed");
            TrackingEvent.Completed c = f.events.await(TrackingEvent.Completed.class,
                    e -> e.workflow().id().equals(id), Duration.ofSeconds(10), "outputs of " + id);
            assertEquals(1, c.outputs().size());
        }
        f.events.awaitStatus(queued, "running");

        for (String id : running) {
            assertEquals(1, f.sandbox.stats().outputsRequests(id), "one outputs request for " + id);
        }
        List<RequestLog.Kind> kinds = f.tracker.requests().entries().stream().map(RequestLog.Entry::kind).toList();
        assertTrue(kinds.contains(RequestLog.Kind.LIST_RUNNING), "running filter used: " + kinds);
        assertTrue(kinds.contains(RequestLog.Kind.LIST_QUEUED), "queued filter used: " + kinds);
        // The finished ones left the running filter and were confirmed one by one.
        assertTrue(kinds.contains(RequestLog.Kind.WORKFLOW), "vanished workflows confirmed: " + kinds);
        assertEquals(List.of("running", "completed"), f.events.path(running.get(0)));
        assertEquals(List.of("queued", "running"), f.events.path(queued));
    }

    @Test
    void workflowsSubmittedElsewhereAreAnnouncedAndTracked() throws Exception {
        f = new TrackerFixture();
        String first = f.sandbox.addWorkflow(WorkflowSpec.running("first")
                .schedule(PHASE, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        f.tracker.track(f.loadList(1));
        f.tracker.start();
        f.clock.advance(PHASE);
        // Seeing this change proves the tracker has taken its first look at the list.
        f.events.awaitStatus(first, "running");

        f.clock.advance(Duration.ofSeconds(1));
        String elsewhere = f.sandbox.addWorkflow(WorkflowSpec.completed("from the web")
                .schedule(PHASE, PHASE, Duration.ZERO, Duration.ZERO));
        TrackingEvent.NewWorkflows news = f.events.await(TrackingEvent.NewWorkflows.class,
                e -> e.workflows().stream().anyMatch(w -> w.id().equals(elsewhere)), Duration.ofSeconds(10),
                "announcement of " + elsewhere);
        assertEquals(List.of(elsewhere), news.workflows().stream().map(w -> w.id()).toList());
        assertEquals(WorkflowStatus.ACCEPTED, news.workflows().get(0).status());

        f.clock.advance(PHASE);
        f.events.awaitStatus(elsewhere, "uploaded");
        f.clock.advance(PHASE);
        f.events.awaitStatus(elsewhere, "completed");
        assertEquals(1, f.events.of(TrackingEvent.NewWorkflows.class).size(), "announced once");
    }

    private static List<String> concat(List<String> head, String last) {
        List<String> out = new java.util.ArrayList<>(head);
        out.add(last);
        return out;
    }
}
