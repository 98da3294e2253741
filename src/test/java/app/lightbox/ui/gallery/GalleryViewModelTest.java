package app.lightbox.ui.gallery;

import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.NoOutputsAnswer;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.Await;
import app.lightbox.testing.SandboxSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gallery ViewModel against the sandbox over real HTTP, without the toolkit. */
class GalleryViewModelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private SandboxSession s;
    private GalleryViewModel vm;

    @BeforeEach
    void start() throws Exception {
        s = new SandboxSession();
        vm = new GalleryViewModel(s.api, s.outputBytes, new ThumbnailDecoder(), s.executors.decode(), s.fx);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void completedWorkflowFillsTheGridWithSmallThumbnailsAndSaysWhyOthersHaveNone() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Dunes").outputs(
                OutputSpec.png("wide.png", 1024, 512),
                OutputSpec.png("tall.png", 300, 600),
                OutputSpec.asset("clip.mp4", "clip-orbit.mp4"),
                OutputSpec.bytes("broken.png", "image/png",
                        "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8))));

        showAndSettle(id);

        Map<String, OutputTile> byName = onFx(() -> vm.tiles().stream()
                .collect(Collectors.toMap(OutputTile::name, Function.identity())));
        assertEquals(4, byName.size());
        OutputTile wide = byName.get("wide.png");
        assertEquals(OutputTile.State.READY, wide.state());
        assertEquals(256, wide.thumbnailProperty().get().width());
        assertEquals(128, wide.thumbnailProperty().get().height());
        assertEquals(1024, wide.thumbnailProperty().get().sourceWidth());
        OutputTile tall = byName.get("tall.png");
        assertEquals(OutputTile.State.READY, tall.state());
        assertEquals(256, tall.thumbnailProperty().get().height());
        assertEquals(OutputTile.State.NOT_PREVIEWED, byName.get("clip.mp4").state());
        OutputTile broken = byName.get("broken.png");
        assertEquals(OutputTile.State.FAILED, broken.state());
        assertNotNull(broken.problemProperty().get());
        assertEquals("This is an HTML page, not an image", broken.problemProperty().get());
        assertNull(onFx(() -> vm.messageProperty().get()));
        assertEquals("Dunes", onFx(() -> vm.titleProperty().get()));
    }

    @Test
    void expiredLinksAreRenewedWithOneOutputsRequestForTheWholeWorkflow() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Batch").outputs(
                OutputSpec.png("1.png", 64, 64), OutputSpec.png("2.png", 64, 64), OutputSpec.png("3.png", 64, 64),
                OutputSpec.png("4.png", 64, 64), OutputSpec.png("5.png", 64, 64), OutputSpec.png("6.png", 64, 64)));
        Workflow wf = s.api.workflow(id).join();
        var outputs = s.api.outputs(id).join();
        s.clock.advance(Duration.ofMinutes(6));
        int before = s.sandbox.stats().outputsRequests(id);

        var fetches = outputs.stream().map(s.outputBytes::fetch).toList();
        for (var f : fetches) {
            assertTrue(f.get().length > 0);
        }
        assertEquals(before + 1, s.sandbox.stats().outputsRequests(id), "one refresh for six expired links");
        assertEquals("completed", wf.status().raw());
    }

    @Test
    void failedWorkflowShowsItsError() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.failed("Too big", "KSampler",
                "torch.cuda.OutOfMemoryError", "CUDA out of memory. Tried to allocate 2.00 GiB"));
        Workflow wf = s.api.workflow(id).join();
        s.fx.execute(() -> vm.show(wf));
        Await.until(() -> message().contains("CUDA out of memory"), WAIT, "failure message", s.fx, vm.messageProperty());
        assertTrue(message().contains("KSampler"), message());
        assertTrue(onFx(() -> vm.tiles().isEmpty()));
    }

    @Test
    void completedWithoutOutputsSaysSoForBothAnswers() throws Exception {
        for (NoOutputsAnswer answer : NoOutputsAnswer.values()) {
            String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Empty " + answer).noOutputsAnswer(answer));
            showAndSettle(id);
            assertEquals("This workflow completed without outputs.", message(), answer.name());
        }
    }

    @Test
    void unknownStatusIsQuotedNotGuessed() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.rawStatus("Odd", "archived"));
        Workflow wf = s.api.workflow(id).join();
        s.fx.execute(() -> vm.show(wf));
        Await.until(() -> message() != null && message().contains("“archived”"), WAIT, "unknown status message",
                s.fx, vm.messageProperty());
        assertEquals("Unknown status “archived”", onFx(() -> vm.subtitleProperty().get()));
        assertEquals(0, s.sandbox.stats().outputsRequests(id), "no outputs are asked for an unknown status");
    }

    private void showAndSettle(String id) throws Exception {
        Workflow wf = s.api.workflow(id).join();
        s.fx.submit(() -> vm.show(wf)).get();
        Await.until(() -> onFxUnchecked(() -> !vm.loadingProperty().get()
                        && !"Loading outputs…".equals(vm.messageProperty().get())
                        && vm.tiles().stream().noneMatch(t -> t.state() == OutputTile.State.LOADING)),
                WAIT, "gallery settled", s.fx, vm.messageProperty(), vm.tiles());
    }

    private String message() {
        return onFxUnchecked(() -> vm.messageProperty().get());
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
