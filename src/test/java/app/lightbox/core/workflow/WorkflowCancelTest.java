package app.lightbox.core.workflow;

import app.lightbox.core.api.ApiException;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancel: sent only for queued or running workflows; refusals are explained, the server's included. */
class WorkflowCancelTest {

    private TrackerFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new TrackerFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void queuedAndRunningWorkflowsAreCancelled() throws Exception {
        String queued = f.sandbox.addWorkflow(WorkflowSpec.queued("waiting", 3));
        String running = f.sandbox.addWorkflow(WorkflowSpec.running("busy"));
        f.tracker.track(f.loadList(1));
        f.tracker.start();

        f.tracker.cancel(queued).get(10, TimeUnit.SECONDS);
        f.tracker.cancel(running).get(10, TimeUnit.SECONDS);

        assertEquals(2, f.sandbox.stats().cancelRequests());
        for (String id : List.of(queued, running)) {
            f.events.await(TrackingEvent.Cancelled.class, e -> e.workflow().id().equals(id),
                    Duration.ofSeconds(10), "cancellation of " + id);
        }
        assertEquals(List.of("queued", "cancelled"), f.events.path(queued));
        assertEquals(List.of("running", "cancelled"), f.events.path(running));
    }

    @Test
    void workflowsThatCannotBeCancelledAreRefusedWithoutARequest() throws Exception {
        String accepted = f.sandbox.addWorkflow(WorkflowSpec.running("just sent")
                .schedule(Duration.ofHours(1), Duration.ZERO, Duration.ZERO, Duration.ZERO));
        String finishing = f.sandbox.addWorkflow(WorkflowSpec.completed("finishing")
                .schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10)));
        f.tracker.track(f.loadList(1));
        f.tracker.start();
        f.clock.advance(Duration.ofSeconds(10));
        f.events.await(TrackingEvent.Completed.class, e -> e.workflow().id().equals(finishing),
                Duration.ofSeconds(10), "completion of " + finishing);

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> f.tracker.cancel(accepted).get(10, TimeUnit.SECONDS));
        assertInstanceOf(CannotCancelException.class, e.getCause());
        assertEquals("Only queued or running workflows can be cancelled; this one is accepted", e.getCause().getMessage());

        ExecutionException done = assertThrows(ExecutionException.class,
                () -> f.tracker.cancel(finishing).get(10, TimeUnit.SECONDS));
        assertEquals("Only queued or running workflows can be cancelled; this one is completed",
                done.getCause().getMessage());
        assertEquals(0, f.sandbox.stats().cancelRequests());
    }

    @Test
    void aRefusalByTheServerCarriesItsMessage() throws Exception {
        String id = f.sandbox.addWorkflow(WorkflowSpec.completed("finished meanwhile")
                .schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10)));
        List<Workflow> loaded = f.loadList(1);
        // The artist's view still says running; ComfyControl has moved on. No polling has caught up yet.
        f.clock.advance(Duration.ofMinutes(1));
        f.tracker.track(loaded);

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> f.tracker.cancel(id).get(10, TimeUnit.SECONDS));
        ApiException api = assertInstanceOf(ApiException.class, e.getCause());
        assertEquals(400, api.httpStatus());
        assertTrue(api.getMessage().contains("cannot cancel a workflow that is completed"), api.getMessage());
        assertEquals(1, f.sandbox.stats().cancelRequests());
    }
}
