package app.lightbox.ui.workflows;

import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.Await;
import app.lightbox.testing.SandboxSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live status reaching the list and details ViewModels, against the sandbox over real HTTP. */
class LiveWorkflowListTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private SandboxSession s;
    private WorkflowListViewModel list;
    private WorkflowDetailsViewModel details;
    private final List<Notice> notices = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        s = new SandboxSession();
        list = new WorkflowListViewModel(s.api, s.tracker, s.fx);
        details = new WorkflowDetailsViewModel(s.api, s.tracker, s.fx, ZoneId.of("UTC"));
        run(() -> {
            list.noticeProperty().addListener((obs, old, now) -> notices.add(now));
            list.selectedProperty().addListener((obs, old, now) -> details.show(now));
        });
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void everyStatusTransitionReachesTheListAndTheDetails() throws Exception {
        Duration step = Duration.ofMinutes(1);
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Moth wings").schedule(step, step, step, step)
                .outputs(OutputSpec.png("moth.png", 64, 64)));
        run(list::refresh);
        awaitStatus(id, "accepted");
        run(() -> list.select(row(id)));

        for (String next : List.of("uploaded", "queued", "running")) {
            s.clock.advance(step);
            awaitStatus(id, next);
        }
        assertTrue(on(() -> details.elapsedProperty().get()).startsWith("Running"),
                on(() -> details.elapsedProperty().get()));
        assertTrue(on(() -> details.cancellableProperty().get()));

        s.clock.advance(step);
        awaitStatus(id, "completed");
        Await.until(() -> on(() -> !notices.isEmpty()), WAIT, "a notice", s.fx);
        Notice n = on(() -> notices.get(0));
        assertEquals(Notice.Kind.COMPLETED, n.kind());
        assertEquals("“Moth wings” is ready", n.title());
        assertEquals("1 output", n.text());
        assertEquals("completed", on(() -> list.selectedProperty().get().status().raw()), "selection follows");
        assertFalse(on(() -> details.cancellableProperty().get()));
        assertNull(on(() -> details.elapsedProperty().get()));
    }

    @Test
    void aFailureShowsWhereAndWhyInTheDetails() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.failed("Too big", "KSampler", "torch.cuda.OutOfMemoryError",
                "CUDA out of memory").schedule(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)));
        run(list::refresh);
        awaitStatus(id, "running");
        run(() -> list.select(row(id)));
        s.clock.advance(Duration.ofMinutes(2));
        awaitStatus(id, "failed");
        Await.until(() -> on(() -> details.failureProperty().get() != null), WAIT, "failure shown", s.fx);
        assertEquals("KSampler: torch.cuda.OutOfMemoryError: CUDA out of memory",
                on(() -> details.failureProperty().get()));
        Await.until(() -> on(() -> notices.stream().anyMatch(x -> x.kind() == Notice.Kind.FAILED)), WAIT,
                "failure notice", s.fx);
    }

    @Test
    void unknownStatusIsShownAsItIs() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.rawStatus("Odd one", "paused_by_admin"));
        run(list::refresh);
        awaitStatus(id, "paused_by_admin");
        run(() -> list.select(row(id)));
        Await.until(() -> on(() -> !details.fields().isEmpty()), WAIT, "details", s.fx);
        assertEquals("“paused_by_admin” (not a status Lightbox knows)", on(() -> details.fields().get(0).value()));
    }

    @Test
    void cancelIsSentForQueuedAndRefusedWithAReasonOtherwise() throws Exception {
        String queued = s.sandbox.addWorkflow(WorkflowSpec.queued("Waiting", 2));
        String done = s.sandbox.addWorkflow(WorkflowSpec.completed("Done"));
        run(list::refresh);
        awaitStatus(queued, "queued");

        run(() -> list.select(row(done)));
        run(details::cancel);
        Await.until(() -> on(() -> String.valueOf(details.cancelMessageProperty().get()).contains("Only queued")),
                WAIT, "refusal", s.fx);
        assertEquals(0, s.sandbox.stats().cancelRequests(), "a refused cancel sends nothing");

        run(() -> list.select(row(queued)));
        run(details::cancel);
        awaitStatus(queued, "cancelled");
        assertEquals(1, s.sandbox.stats().cancelRequests());
    }

    @Test
    void searchFiltersLoadedWorkflowsAndOpenByIdChecksTheIdFirst() throws Exception {
        s.sandbox.addWorkflow(WorkflowSpec.completed("Neon alley").tags("city", "night"));
        String other = s.sandbox.addWorkflow(WorkflowSpec.completed("Ink mountains").tags("painterly"));
        run(list::refresh);
        Await.until(() -> on(() -> list.workflows().size() == 2), WAIT, "loaded", s.fx);

        run(() -> list.searchProperty().set("NIGHT"));
        assertEquals(List.of("Neon alley"), on(() -> list.shownWorkflows().stream().map(Workflow::name).toList()));
        run(() -> list.searchProperty().set("ink"));
        assertEquals(List.of("Ink mountains"), on(() -> list.shownWorkflows().stream().map(Workflow::name).toList()));

        int before = s.sandbox.stats().apiRequests();
        run(() -> list.openById("not-a-uuid"));
        assertTrue(on(() -> list.openByIdErrorProperty().get()).startsWith("That is not a workflow ID"));
        assertEquals(before, s.sandbox.stats().apiRequests(), "nothing is sent for a malformed ID");

        run(() -> list.openById("  " + other.toUpperCase() + " "));
        Await.until(() -> on(() -> list.selectedProperty().get() != null), WAIT, "opened", s.fx);
        assertEquals(other, on(() -> list.selectedProperty().get().id()));
        assertEquals("", on(() -> list.searchProperty().get()));

        run(() -> list.openById("00000000-0000-4000-8000-000000000000"));
        Await.until(() -> on(() -> list.openByIdErrorProperty().get() != null), WAIT, "unknown id", s.fx);
        assertTrue(on(() -> list.openByIdErrorProperty().get()).contains("404"));
    }

    @Test
    void statusFilterAsksTheServer() throws Exception {
        s.sandbox.addWorkflow(WorkflowSpec.completed("A"));
        s.sandbox.addWorkflow(WorkflowSpec.running("B"));
        run(() -> list.filterByStatus(WorkflowStatus.RUNNING));
        Await.until(() -> on(() -> !list.loadingProperty().get() && list.workflows().size() == 1), WAIT,
                "filtered", s.fx);
        assertEquals("B", on(() -> list.workflows().get(0).name()));
    }

    private Workflow row(String id) {
        return list.workflows().stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow();
    }

    private void awaitStatus(String id, String status) throws InterruptedException {
        Await.until(() -> on(() -> list.workflows().stream()
                        .anyMatch(w -> w.id().equals(id) && w.status().raw().equals(status))),
                WAIT, id + " becomes " + status, s.fx, list.workflows());
    }

    private void run(Runnable r) throws Exception {
        s.fx.submit(r).get();
    }

    private <T> T on(Callable<T> c) {
        try {
            return s.fx.submit(c).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
