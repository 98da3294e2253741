package app.lightbox.ui.workflows;

import app.lightbox.model.Workflow;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.Await;
import app.lightbox.testing.SandboxSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workflow list ViewModel against the sandbox over real HTTP, without the toolkit. */
class WorkflowListViewModelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private SandboxSession s;
    private WorkflowListViewModel vm;

    @BeforeEach
    void start() throws Exception {
        s = new SandboxSession();
        vm = new WorkflowListViewModel(s.api, s.tracker, s.fx);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void showsNewestFirstAndLoadsFurtherPagesOnDemand() throws Exception {
        int count = WorkflowListViewModel.PAGE_SIZE * 2 + 7;
        for (int i = 0; i < count; i++) {
            s.sandbox.addWorkflow(WorkflowSpec.completed("Workflow " + i).createdAgo(Duration.ofMinutes(count - i)));
        }

        run(vm::refresh);
        awaitIdle();
        List<Workflow> first = onFx(() -> List.copyOf(vm.workflows()));
        assertEquals(WorkflowListViewModel.PAGE_SIZE, first.size());
        assertEquals("Workflow " + (count - 1), first.get(0).name(), "newest first");
        assertTrue(onFx(() -> vm.hasMoreProperty().get()));

        run(vm::loadMore);
        awaitIdle();
        run(vm::loadMore);
        awaitIdle();

        List<Workflow> all = onFx(() -> List.copyOf(vm.workflows()));
        assertEquals(count, all.size());
        assertEquals(count, all.stream().map(Workflow::id).distinct().count(), "no workflow twice");
        for (int i = 1; i < all.size(); i++) {
            assertFalse(all.get(i).createdAt().isAfter(all.get(i - 1).createdAt()), "sorted newest first");
        }
        assertFalse(onFx(() -> vm.hasMoreProperty().get()));
        assertEquals(count + " of " + count + " workflows", onFx(() -> vm.summaryProperty().get()));
        assertNull(onFx(() -> vm.errorProperty().get()));
    }

    @Test
    void aRejectedTokenIsShownAsAnErrorWithTheServersMessage() throws Exception {
        s.sandbox.revokeToken(s.sandbox.demoToken());
        run(vm::refresh);
        awaitIdle();
        String error = onFx(() -> vm.errorProperty().get());
        assertTrue(error != null && error.contains("401") && error.contains("Invalid token"), error);
        assertTrue(onFx(() -> vm.workflows().isEmpty()));
    }

    private void awaitIdle() throws InterruptedException {
        Await.until(() -> !onFxUnchecked(() -> vm.loadingProperty().get()), WAIT, "list loaded",
                s.fx, vm.loadingProperty());
    }

    private void run(Runnable r) throws Exception {
        s.fx.submit(r).get();
    }

    private <T> T onFx(Callable<T> c) throws Exception {
        return s.fx.submit(c).get();
    }

    private <T> T onFxUnchecked(Callable<T> c) {
        try {
            return onFx(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
