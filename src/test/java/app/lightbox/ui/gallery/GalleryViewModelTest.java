package app.lightbox.ui.gallery;

import app.lightbox.model.MediaKind;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.NoOutputsAnswer;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.Await;
import app.lightbox.testing.SandboxSession;
import app.lightbox.ui.viewer.ViewerViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gallery ViewModel against the sandbox over real HTTP, without the toolkit. */
class GalleryViewModelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The first bytes of a WebM file: enough to be recognised, too little to play. */
    static final byte[] WEBM_HEADER = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x86, (byte) 0x81,
            0x01, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm'};

    @TempDir
    Path cacheDir;

    private SandboxSession s;
    private TestMedia media;
    private GalleryViewModel vm;

    @BeforeEach
    void start() throws Exception {
        s = new SandboxSession();
        media = new TestMedia(s, cacheDir);
        vm = new GalleryViewModel(s.api, media.media, s.fx);
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

        Map<String, OutputTile> byName = byName();
        assertEquals(4, byName.size());
        OutputTile wide = byName.get("wide.png");
        assertEquals(OutputTile.State.READY, wide.state());
        assertEquals(256, wide.thumbnailProperty().get().width());
        assertEquals(128, wide.thumbnailProperty().get().height());
        assertEquals(1024, wide.thumbnailProperty().get().sourceWidth());
        OutputTile tall = byName.get("tall.png");
        assertEquals(OutputTile.State.READY, tall.state());
        assertEquals(256, tall.thumbnailProperty().get().height());
        OutputTile clip = byName.get("clip.mp4");
        assertEquals(OutputTile.State.VIDEO, clip.state());
        assertTrue(clip.videoProperty().get().playable());
        assertEquals("0:03", clip.durationText());
        assertFalse(clip.needsSystemPlayer());
        Await.until(() -> onFxUnchecked(() -> clip.thumbnailProperty().get() != null), WAIT, "poster taken", s.fx);
        assertEquals(OutputTile.State.VIDEO, clip.state(), "a poster does not make the video a still");
        assertEquals(1, media.postersTaken.size());
        OutputTile broken = byName.get("broken.png");
        assertEquals(OutputTile.State.FAILED, broken.state());
        assertEquals("This is an HTML page, not an image", broken.problemProperty().get());
        assertNull(onFx(() -> vm.messageProperty().get()));
        assertEquals("Dunes", onFx(() -> vm.titleProperty().get()));
    }

    @Test
    void aWebmIsAVideoThatOffersTheSystemPlayerAndAnAnimatedWebpMovesOnHover() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Clips").outputs(
                OutputSpec.bytes("preview.webm", "video/webm", WEBM_HEADER),
                OutputSpec.asset("loop.webp", "drift-loop.webp"),
                OutputSpec.asset("clip.mp4", "clip-tide.mp4")));
        showAndSettle(id);
        Map<String, OutputTile> byName = byName();

        OutputTile webm = byName.get("preview.webm");
        assertEquals(OutputTile.State.VIDEO, webm.state());
        assertTrue(webm.needsSystemPlayer());
        assertTrue(webm.problemProperty().get().contains("system player"), webm.problemProperty().get());
        s.fx.submit(() -> vm.openInSystemPlayer(webm)).get();
        Await.until(() -> media.openedExternally.size() == 1, WAIT, "system player asked", s.fx);
        assertTrue(media.openedExternally.get(0).getFileName().toString().endsWith(".webm"));

        OutputTile loop = byName.get("loop.webp");
        Await.until(() -> onFxUnchecked(() -> loop.animatedProperty().get()), WAIT, "marked animated", s.fx);
        s.fx.submit(() -> vm.hoverStarted(loop)).get();
        Await.until(() -> onFxUnchecked(() -> loop.animationProperty().get() != null), WAIT, "frames decoded", s.fx);
        assertTrue(onFx(() -> loop.animationProperty().get().frameCount()) > 1);
        s.fx.submit(() -> vm.hoverEnded(loop)).get();
        assertNull(onFx(() -> loop.animationProperty().get()), "frames are let go when the pointer leaves");

        OutputTile clip = byName.get("clip.mp4");
        s.fx.submit(() -> vm.hoverStarted(clip)).get();
        Await.until(() -> onFxUnchecked(() -> clip.playingProperty().get() != null), WAIT, "hover plays", s.fx);
        assertEquals("file", onFx(() -> clip.playingProperty().get().getScheme()), "plays from the cached file");
        s.fx.submit(() -> vm.hoverEnded(clip)).get();
        assertNull(onFx(() -> clip.playingProperty().get()));
        s.fx.submit(() -> vm.hoverStarted(webm)).get();
        assertNull(onFx(() -> webm.playingProperty().get()), "no player for a video that can't play here");
        assertNull(onFx(() -> webm.thumbnailProperty().get()), "nor a poster: it keeps its placeholder");
        assertTrue(media.postersTaken.stream().noneMatch(p -> p.toString().endsWith(".webm")));
    }

    @Test
    void filterShowsImagesOrVideosAndSaysWhenThereAreNone() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Mix").outputs(
                OutputSpec.png("a.png", 32, 32), OutputSpec.asset("b.mp4", "clip-orbit.mp4"),
                OutputSpec.png("c.png", 32, 32)));
        showAndSettle(id);
        s.fx.submit(() -> vm.setFilter(GalleryViewModel.MediaFilter.VIDEOS)).get();
        assertEquals(List.of("b.mp4"), names());
        s.fx.submit(() -> vm.setFilter(GalleryViewModel.MediaFilter.IMAGES)).get();
        assertEquals(List.of("a.png", "c.png"), names());
        s.fx.submit(() -> vm.setFilter(GalleryViewModel.MediaFilter.ALL)).get();
        assertEquals(List.of("a.png", "b.mp4", "c.png"), names());

        String stills = s.sandbox.addWorkflow(WorkflowSpec.completed("Stills").outputs(OutputSpec.png("x.png", 8, 8)));
        showAndSettle(stills);
        s.fx.submit(() -> vm.setFilter(GalleryViewModel.MediaFilter.VIDEOS)).get();
        assertEquals("No videos here.", message());
    }

    @Test
    void selectionFollowsClicksShiftCtrlArrowsAndSelectAll() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Grid").outputs(
                OutputSpec.png("0.png", 8, 8), OutputSpec.png("1.png", 8, 8), OutputSpec.png("2.png", 8, 8),
                OutputSpec.png("3.png", 8, 8), OutputSpec.png("4.png", 8, 8), OutputSpec.png("5.png", 8, 8)));
        showAndSettle(id);

        s.fx.submit(() -> vm.click(1, false, false)).get();
        assertEquals(List.of("1.png"), selectedNames());
        s.fx.submit(() -> vm.click(4, true, false)).get();
        assertEquals(List.of("1.png", "2.png", "3.png", "4.png"), selectedNames(), "shift selects the range");
        s.fx.submit(() -> vm.click(2, false, true)).get();
        assertEquals(List.of("1.png", "3.png", "4.png"), selectedNames(), "ctrl toggles one");
        s.fx.submit(() -> vm.click(0, false, true)).get();
        assertEquals(List.of("0.png", "1.png", "3.png", "4.png"), selectedNames());
        assertEquals(0, onFx(() -> vm.focusedIndexProperty().get()));

        s.fx.submit(() -> vm.moveFocus(1, false)).get();
        assertEquals(List.of("1.png"), selectedNames(), "an arrow moves focus and selection");
        s.fx.submit(() -> vm.moveFocus(3, true)).get();
        assertEquals(List.of("1.png", "2.png", "3.png", "4.png"), selectedNames(), "shift+down extends by a row");
        s.fx.submit(() -> vm.moveFocus(100, false)).get();
        assertEquals(5, onFx(() -> vm.focusedIndexProperty().get()), "focus stops at the last tile");
        assertTrue(onFx(() -> vm.tiles().get(5).focusedProperty().get()));

        s.fx.submit(vm::selectAll).get();
        assertEquals(6, onFx(() -> vm.selectedTiles().size()));
        s.fx.submit(vm::clearSelection).get();
        assertEquals(0, onFx(() -> vm.selectedTiles().size()));
    }

    @Test
    void viewerWalksTheTilesStopsAtTheEndsAndReadsGenerationData() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Walk").outputs(
                OutputSpec.png("a.png", 64, 48), OutputSpec.png("b.png", 64, 48), OutputSpec.png("c.png", 64, 48)));
        showAndSettle(id);
        s.fx.submit(() -> vm.click(1, false, false)).get();
        s.fx.submit(() -> vm.openViewer()).get();
        ViewerViewModel v = onFx(() -> vm.viewerProperty().get());
        assertNotNull(v);
        assertEquals("b.png", onFx(() -> v.currentProperty().get().name()));
        assertEquals("2 of 3", onFx(() -> v.positionProperty().get()));
        Await.until(() -> onFxUnchecked(() -> v.contentProperty().get() == ViewerViewModel.Content.IMAGE),
                WAIT, "full-size picture", s.fx);
        assertEquals(64, onFx(() -> v.imageProperty().get().width()), "full size, not the thumbnail");
        var meta = onFx(() -> v.metadataProperty().get());
        assertTrue(meta.hasData());
        assertNotNull(meta.positive());
        assertEquals("blurry, lowres, watermark, text, deformed hands", meta.negative());
        assertEquals(64, meta.width());

        s.fx.submit(v::next).get();
        assertEquals("c.png", onFx(() -> v.currentProperty().get().name()));
        assertFalse(onFx(() -> v.hasNextProperty().get()));
        s.fx.submit(v::next).get();
        assertEquals("c.png", onFx(() -> v.currentProperty().get().name()), "next stops at the last output");
        assertEquals("This is the last output", onFx(() -> v.edgeProperty().get()));
        s.fx.submit(v::previous).get();
        s.fx.submit(v::previous).get();
        s.fx.submit(v::previous).get();
        assertEquals("a.png", onFx(() -> v.currentProperty().get().name()));
        assertEquals("This is the first output", onFx(() -> v.edgeProperty().get()));

        s.fx.submit(v::close).get();
        assertNull(onFx(() -> vm.viewerProperty().get()));
        assertEquals(0, onFx(() -> vm.focusedIndexProperty().get()), "the grid focuses what was viewed last");
    }

    @Test
    void allOutputsFetchesOutputsOnlyForWorkflowsNearTheViewport() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(s.sandbox.addWorkflow(WorkflowSpec.completed("Batch " + i).createdAgo(Duration.ofMinutes(100 - i))
                    .outputs(OutputSpec.png(i + "-a.png", 8, 8), OutputSpec.png(i + "-b.png", 8, 8),
                            OutputSpec.png(i + "-c.png", 8, 8))));
        }
        s.sandbox.addWorkflow(WorkflowSpec.failed("Broke", "KSampler", "RuntimeError", "boom"));
        String newest = ids.get(29);
        String oldest = ids.get(0);

        s.fx.submit(vm::showAll).get();
        Await.until(() -> onFxUnchecked(() -> !vm.loadingProperty().get() && vm.tiles().size() >= 60), WAIT,
                "first screen", s.fx, vm.loadingProperty());
        int first = onFx(() -> vm.tiles().size());
        assertTrue(first >= GalleryViewModel.FIRST_SCREEN && first < 90, "only the first screen: " + first);
        assertEquals("29-a.png", onFx(() -> vm.tiles().get(0).name()), "newest first");
        assertEquals("Batch 29", onFx(() -> vm.tiles().get(0).workflowName()));
        assertEquals(1, s.sandbox.stats().outputsRequests(newest));
        assertEquals(0, s.sandbox.stats().outputsRequests(oldest), "far-away workflows are not asked for yet");

        java.util.concurrent.atomic.AtomicInteger replaced = new java.util.concurrent.atomic.AtomicInteger();
        s.fx.submit(() -> vm.tiles().addListener((javafx.collections.ListChangeListener<OutputTile>) c -> {
            while (c.next()) {
                if (c.wasRemoved()) {
                    replaced.incrementAndGet();
                }
            }
        })).get();
        s.fx.submit(() -> vm.tileShown(vm.tiles().get(first - 1), first - 1)).get();
        Await.until(() -> onFxUnchecked(() -> vm.allFetched() && !vm.loadingProperty().get()), WAIT,
                "the rest as the artist scrolls", s.fx, vm.loadingProperty());
        assertEquals(90, onFx(() -> vm.tiles().size()));
        assertEquals(0, replaced.get(), "later workflows are appended; tiles already there are not replaced");
        for (String id : ids) {
            assertEquals(1, s.sandbox.stats().outputsRequests(id), "each workflow's outputs asked for once");
        }
    }

    @Test
    void expiredLinksAreRenewedOnceForTheWholeWorkflow() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Batch").outputs(
                OutputSpec.png("1.png", 64, 64), OutputSpec.png("2.png", 64, 64), OutputSpec.png("3.png", 64, 64),
                OutputSpec.png("4.png", 64, 64), OutputSpec.png("5.png", 64, 64), OutputSpec.png("6.png", 64, 64)));
        show(id);
        s.fx.submit(() -> vm.tileShown(vm.tiles().get(0), 0)).get();
        Await.until(() -> onFxUnchecked(() -> vm.tiles().get(0).state() == OutputTile.State.READY), WAIT, "first",
                s.fx);
        assertEquals(1, s.sandbox.stats().outputsRequests(id));

        s.clock.advance(Duration.ofMinutes(6));
        settleAllTiles();
        assertTrue(onFx(() -> vm.tiles().stream().allMatch(t -> t.state() == OutputTile.State.READY)));
        assertEquals(2, s.sandbox.stats().outputsRequests(id), "one renewal for five expired links");
    }

    @Test
    void reopeningACachedGalleryMakesNoMediaRequests() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Cached").outputs(
                OutputSpec.png("1.png", 300, 200), OutputSpec.png("2.png", 200, 300),
                OutputSpec.asset("3.mp4", "clip-orbit.mp4")));
        showAndSettle(id);
        int media = s.sandbox.stats().mediaRequests();
        assertEquals(3, media, "each original downloaded once");

        TestMedia again = new TestMedia(s, cacheDir);
        vm = new GalleryViewModel(s.api, again.media, s.fx);
        showAndSettle(id);
        assertTrue(onFx(() -> vm.tiles().stream().allMatch(t -> t.state() == OutputTile.State.READY
                || t.state() == OutputTile.State.VIDEO)));
        assertEquals(media, s.sandbox.stats().mediaRequests(), "thumbnails and videos come from the cache folder");
        OutputTile video = onFx(() -> vm.tiles().stream().filter(OutputTile::isVideo).findFirst().orElseThrow());
        Await.until(() -> onFxUnchecked(() -> video.thumbnailProperty().get() != null), WAIT, "poster from disk", s.fx);
        assertEquals(List.of(), again.postersTaken, "the poster is read from disk, not taken again");
    }

    @Test
    void tenThousandOutputsCostNothingUntilShownAndSelectAndFilterAsAWhole() throws Exception {
        int n = 10_000;
        OutputSpec[] specs = new OutputSpec[n];
        for (int i = 0; i < n; i++) {
            specs[i] = OutputSpec.png(String.format("t_%05d.png", i), 8, 8);
        }
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Ten thousand").outputs(specs));
        show(id);
        assertEquals(n, (int) onFx(() -> vm.tiles().size()));
        assertEquals(0, s.sandbox.stats().mediaRequests(), "no tile is fetched before a cell shows it");
        assertTrue(onFx(() -> vm.tiles().stream().allMatch(t -> t.state() == OutputTile.State.LOADING)));

        s.fx.submit(() -> vm.selectAll()).get();
        assertEquals(n, (int) onFx(() -> vm.selectedTiles().size()));
        s.fx.submit(() -> vm.setFilter(GalleryViewModel.MediaFilter.VIDEOS)).get();
        assertEquals(0, (int) onFx(() -> vm.selectedTiles().size()), "hidden tiles leave the selection");
        assertEquals("No videos here.", message());
        s.fx.submit(() -> vm.setFilter(GalleryViewModel.MediaFilter.ALL)).get();
        s.fx.submit(() -> {
            vm.click(0, false, false);
            vm.click(n - 1, true, false);
        }).get();
        assertEquals(n, (int) onFx(() -> vm.selectedTiles().size()), "Shift-click selects the whole range");
        s.fx.submit(() -> vm.moveFocus(-1, false)).get();
        assertEquals(List.of(String.format("t_%05d.png", n - 2)), selectedNames());
        assertEquals(0, s.sandbox.stats().mediaRequests(), "selecting and filtering fetch nothing");
    }

    @Test
    void tilesScrolledAwayLetGoOfTheirPicturesAndGetTheSameOnesBackWithoutDecodingAgain() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Scroll").outputs(
                OutputSpec.png("a.png", 400, 200), OutputSpec.png("b.png", 200, 400),
                OutputSpec.asset("clip.mp4", "clip-orbit.mp4")));
        showAndSettle(id);
        OutputTile a = onFx(() -> vm.tiles().get(0));
        OutputTile clip = onFx(() -> vm.tiles().get(2));
        Await.until(() -> onFxUnchecked(() -> clip.thumbnailProperty().get() != null), WAIT, "poster taken", s.fx);
        app.lightbox.core.media.Thumbnail picture = onFx(() -> a.thumbnailProperty().get());
        long decoded = media.media.thumbnails().decodeCount();

        s.fx.submit(() -> vm.tiles().forEach(vm::tileHidden)).get();
        s.fx.submit(() -> { }).get();
        assertTrue(onFx(() -> vm.tiles().stream().allMatch(t -> t.thumbnailProperty().get() == null)),
                "no pixels are kept for tiles no cell shows");
        assertEquals(OutputTile.State.READY, onFx(a::state), "what is known about the tile stays");
        assertEquals(OutputTile.State.VIDEO, onFx(clip::state));

        // Shown again: the thumbnail still in memory is there in the same pulse, with no spinner in between.
        assertTrue(onFx(() -> {
            vm.tileShown(a, 0);
            return a.thumbnailProperty().get() == picture;
        }), "the same picture, at once");
        s.fx.submit(() -> vm.tileShown(clip, 2)).get();
        Await.until(() -> onFxUnchecked(() -> clip.thumbnailProperty().get() != null), WAIT, "poster back", s.fx);
        assertEquals(decoded, media.media.thumbnails().decodeCount(), "nothing was decoded again");
        assertEquals(1, media.postersTaken.size(), "nor a frame taken again");
    }

    @Test
    void failedWorkflowShowsItsError() throws Exception {
        String id = s.sandbox.addWorkflow(WorkflowSpec.failed("Too big", "KSampler",
                "torch.cuda.OutOfMemoryError", "CUDA out of memory. Tried to allocate 2.00 GiB"));
        Workflow wf = s.api.workflow(id).join();
        s.fx.execute(() -> vm.show(wf));
        Await.until(() -> message() != null && message().contains("CUDA out of memory"), WAIT, "failure message", s.fx, vm.messageProperty());
        assertTrue(message().contains("KSampler"), message());
        assertTrue(onFx(() -> vm.tiles().isEmpty()));
    }

    @Test
    void completedWithoutOutputsSaysSoForBothAnswers() throws Exception {
        for (NoOutputsAnswer answer : NoOutputsAnswer.values()) {
            String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Empty " + answer).noOutputsAnswer(answer));
            show(id);
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

    @Test
    void durationsReadAsAPersonWritesThem() {
        assertEquals("0:03", OutputTile.formatDuration(Duration.ofMillis(3040)));
        assertEquals("2:05", OutputTile.formatDuration(Duration.ofSeconds(125)));
        assertEquals("1:00:00", OutputTile.formatDuration(Duration.ofHours(1)));
        assertEquals(MediaKind.VIDEO, MediaKind.fromFileName("x.webm"));
    }

    private void show(String id) throws Exception {
        Workflow wf = s.api.workflow(id).join();
        s.fx.submit(() -> vm.show(wf)).get();
        Await.until(() -> onFxUnchecked(() -> !vm.loadingProperty().get()
                        && !"Loading outputs…".equals(vm.messageProperty().get())),
                WAIT, "outputs listed", s.fx, vm.messageProperty(), vm.tiles());
    }

    /** Shows a workflow and every tile, the way a grid with room for all of them would. */
    private void showAndSettle(String id) throws Exception {
        show(id);
        settleAllTiles();
    }

    private void settleAllTiles() throws Exception {
        s.fx.submit(() -> {
            for (int i = 0; i < vm.tiles().size(); i++) {
                vm.tileShown(vm.tiles().get(i), i);
            }
        }).get();
        Await.until(() -> onFxUnchecked(() -> vm.tiles().stream().noneMatch(t -> t.state() == OutputTile.State.LOADING)),
                WAIT, "every tile settled", s.fx, vm.tiles());
    }

    private Map<String, OutputTile> byName() throws Exception {
        return onFx(() -> vm.tiles().stream().collect(Collectors.toMap(OutputTile::name, Function.identity())));
    }

    private List<String> names() throws Exception {
        return onFx(() -> vm.tiles().stream().map(OutputTile::name).toList());
    }

    private List<String> selectedNames() throws Exception {
        return onFx(() -> vm.selectedTiles().stream().map(OutputTile::name).toList());
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
