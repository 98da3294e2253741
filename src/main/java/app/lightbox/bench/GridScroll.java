package app.lightbox.bench;

import app.lightbox.LightboxApp;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.media.VideoProbe;
import app.lightbox.model.Workflow;
import app.lightbox.ui.common.WorkspaceMedia;
import app.lightbox.ui.gallery.GalleryView;
import app.lightbox.ui.gallery.GalleryViewModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A grid of {@code items} tiles in a 1280×800 window, scrolled from top to bottom 360 px (two to three
 * rows) per pulse, a fast flick. Frame times are the gaps between pulses seen by an AnimationTimer; memory
 * is the process's resident set while scrolling. {@link #gallery} scrolls the real gallery (GalleryView
 * over GalleryViewModel and the app's media stack) over a workflow that a server in another process serves;
 * {@link #emptyCells} scrolls the same grid, stylesheet and window over cells that show nothing, the floor
 * the toolkit and the display set whatever the cells do. Each runs in a JVM of its own.
 */
public final class GridScroll {

    /** @param gridWidth the grid's size on screen, so the empty grid can be given the gallery's */
    public record Frames(int frames, double p50Millis, double p99Millis, double maxMillis,
                         long peakRssMb, long endRssMb, long scrollMillis, double gridWidth, double gridHeight) {
    }

    static final double WIDTH = 1280;
    static final double HEIGHT = 800;
    private static final double PIXELS_PER_PULSE = 360;

    private GridScroll() {
    }

    /** The real gallery over {@code workflowId}, which has {@code items} outputs, fetched from {@code server}. */
    public static Frames gallery(URI server, Supplier<String> token, String workflowId, int items, Path work)
            throws Exception {
        startToolkit();
        try (BenchMedia stack = new BenchMedia(server, token)) {
            Workflow workflow = stack.api.workflow(workflowId).get(1, TimeUnit.MINUTES);
            var cache = stack.cache(work);
            ThumbnailDecoder decoder = new ThumbnailDecoder();
            var thumbnails = stack.thumbnails(cache, work, stack.executors.decode());
            WorkspaceMedia media = new WorkspaceMedia(stack.links, cache, thumbnails, decoder, new VideoProbe(),
                    stack.executors.decode(), stack.executors.io(), file -> CompletableFuture.completedFuture(null));
            CountDownLatch filled = new CountDownLatch(1);
            return scroll(() -> {
                GalleryViewModel vm = new GalleryViewModel(stack.api, media, Platform::runLater);
                vm.tiles().addListener((ListChangeListener<Object>) c -> {
                    if (vm.tiles().size() >= items) {
                        filled.countDown();
                    }
                });
                vm.show(workflow);
                return new GalleryView(vm);
            }, () -> {
                if (!filled.await(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the gallery did not list " + items + " tiles within 2 minutes");
                }
            });
        } finally {
            Platform.exit();
        }
    }

    /**
     * The gallery's grid with the same tile size, spacing, padding, stylesheet and size on screen (where the
     * gallery has its header, this window has background) over {@code items} cells that show nothing: what
     * scrolling costs before any tile does any work.
     */
    public static Frames emptyCells(int items, double gridWidth, double gridHeight) throws Exception {
        startToolkit();
        try {
            return scroll(() -> {
                GridView<Integer> grid = new GridView<>(FXCollections.observableList(
                        IntStream.range(0, items).boxed().toList()));
                grid.getStyleClass().add("gallery-grid");
                grid.setCellWidth(GalleryViewModel.DEFAULT_TILE);
                grid.setCellHeight(GalleryViewModel.DEFAULT_TILE);
                grid.setHorizontalCellSpacing(GalleryView.CELL_SPACING);
                grid.setVerticalCellSpacing(GalleryView.CELL_SPACING);
                grid.setCellFactory(g -> new GridCell<>());
                grid.setMaxSize(gridWidth, gridHeight);
                StackPane root = new StackPane(grid);
                StackPane.setAlignment(grid, Pos.BOTTOM_CENTER);
                root.getStyleClass().add("gallery");
                return root;
            }, () -> { });
        } finally {
            Platform.exit();
        }
    }

    private interface Ready {
        void await() throws Exception;
    }

    private static void startToolkit() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
    }

    private static Frames scroll(Supplier<Parent> content, Ready ready) throws Exception {
        AtomicReference<Stage> stage = new AtomicReference<>();
        AtomicReference<Parent> root = new AtomicReference<>();
        Platform.runLater(() -> {
            Parent r = content.get();
            Scene scene = new Scene(r, WIDTH, HEIGHT);
            scene.getStylesheets().add(LightboxApp.STYLESHEET);
            Stage s = new Stage();
            s.setScene(scene);
            s.show();
            stage.set(s);
            root.set(r);
        });
        ready.await();

        double[] gaps = new double[200_000];
        double[] gridSize = new double[2];
        int[] frames = {0};
        long[] peakRss = {rssMb()};
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] scrollStart = new long[1];
        int[] lastRow = {-1};
        int[] rowCount = {-1};
        Platform.runLater(() -> {
            Node node = root.get().lookup(".virtual-flow");
            if (!(node instanceof VirtualFlow<?> flow)) {
                failure.set(new IllegalStateException("no VirtualFlow in the grid"));
                done.countDown();
                return;
            }
            if (flow.getParent() instanceof javafx.scene.layout.Region grid) {
                gridSize[0] = grid.getWidth();
                gridSize[1] = grid.getHeight();
            }
            scrollStart[0] = System.nanoTime();
            new AnimationTimer() {
                long last;

                @Override
                public void handle(long now) {
                    try {
                        if (last != 0 && frames[0] < gaps.length) {
                            gaps[frames[0]++] = (now - last) / 1e6;
                        }
                        last = now;
                        if (frames[0] % 30 == 0) {
                            peakRss[0] = Math.max(peakRss[0], rssMb());
                        }
                        var lastCell = flow.getLastVisibleCell();
                        lastRow[0] = lastCell == null ? -1 : lastCell.getIndex();
                        rowCount[0] = flow.getCellCount();
                        if (lastCell != null && lastCell.getIndex() >= flow.getCellCount() - 1) {
                            stop();
                            done.countDown();
                            return;
                        }
                        flow.scrollPixels(PIXELS_PER_PULSE);
                    } catch (RuntimeException e) {
                        failure.set(e);
                        stop();
                        done.countDown();
                    }
                }
            }.start();
        });
        if (!done.await(8, TimeUnit.MINUTES)) {
            throw new IllegalStateException("scrolling to the end took more than 8 minutes; " + frames[0]
                    + " frames, last row shown " + lastRow[0] + " of " + rowCount[0]);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("scrolling failed: " + failure.get(), failure.get());
        }
        long scrollMillis = (System.nanoTime() - scrollStart[0]) / 1_000_000;
        long endRss = rssMb();
        CountDownLatch closed = new CountDownLatch(1);
        Platform.runLater(() -> {
            stage.get().close();
            closed.countDown();
        });
        closed.await(10, TimeUnit.SECONDS);
        double[] g = Arrays.copyOf(gaps, frames[0]);
        Arrays.sort(g);
        return new Frames(g.length, percentile(g, 50), percentile(g, 99), g.length == 0 ? 0 : g[g.length - 1],
                Math.max(peakRss[0], endRss), endRss, scrollMillis, gridSize[0], gridSize[1]);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** VmRSS of this process in MB (Linux), or -1 where /proc is not there. */
    static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The figures as JSON, for the bench process to read back from a child's file. */
    public static void write(Frames f, Path file) throws IOException {
        new ObjectMapper().writeValue(file.toFile(), f);
    }

    public static Frames read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), Frames.class);
    }
}
