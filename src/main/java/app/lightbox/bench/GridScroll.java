package app.lightbox.bench;

import app.lightbox.LightboxApp;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.media.VideoProbe;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.ui.common.WorkspaceMedia;
import app.lightbox.ui.gallery.GalleryView;
import app.lightbox.ui.gallery.GalleryViewModel;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real gallery (GalleryView over GalleryViewModel, the app's media stack and a sandbox workflow with
 * {@code items} small PNG outputs) in a 1280×800 window, scrolled from top to bottom 360 px (two to
 * three rows) per pulse, a fast flick. Frame times are the gaps between pulses seen by an AnimationTimer;
 * memory is the process's resident set while scrolling.
 */
public final class GridScroll {

    public record Figures(int items, int frames, double p50Millis, double p99Millis, double maxMillis,
                          long peakRssMb, long endRssMb, long scrollMillis, String display) {
    }

    private static final double PIXELS_PER_PULSE = 360;

    private GridScroll() {
    }

    public static Figures run(SandboxServer sandbox, Path work, int items) throws Exception {
        OutputSpec[] specs = new OutputSpec[items];
        for (int i = 0; i < items; i++) {
            specs[i] = OutputSpec.png(String.format("ComfyUI_%05d_.png", i + 1), 96, 96);
        }
        String workflowId = sandbox.addWorkflow(WorkflowSpec.completed("ten thousand").outputs(specs));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        try (BenchMedia stack = new BenchMedia(sandbox)) {
            Workflow workflow = stack.api.workflow(workflowId).get(1, TimeUnit.MINUTES);
            var cache = stack.cache(work);
            ThumbnailDecoder decoder = new ThumbnailDecoder();
            var thumbnails = stack.thumbnails(cache, work, stack.executors.decode());
            WorkspaceMedia media = new WorkspaceMedia(stack.links, cache, thumbnails, decoder, new VideoProbe(),
                    stack.executors.decode(), stack.executors.io(), file -> CompletableFuture.completedFuture(null));

            CountDownLatch filled = new CountDownLatch(1);
            AtomicReference<Stage> stage = new AtomicReference<>();
            AtomicReference<GalleryView> view = new AtomicReference<>();
            Platform.runLater(() -> {
                GalleryViewModel vm = new GalleryViewModel(stack.api, media, Platform::runLater);
                vm.tiles().addListener((ListChangeListener<Object>) c -> {
                    if (vm.tiles().size() >= items) {
                        filled.countDown();
                    }
                });
                GalleryView v = new GalleryView(vm);
                Scene scene = new Scene(v, 1280, 800);
                scene.getStylesheets().add(LightboxApp.STYLESHEET);
                Stage s = new Stage();
                s.setScene(scene);
                s.show();
                stage.set(s);
                view.set(v);
                vm.show(workflow);
            });
            if (!filled.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the gallery did not list " + items + " tiles within 2 minutes");
            }

            double[] gaps = new double[200_000];
            int[] frames = {0};
            long[] peakRss = {rssMb()};
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long[] scrollStart = new long[1];
            int[] lastRow = {-1};
            int[] rowCount = {-1};
            Platform.runLater(() -> {
                Node node = view.get().lookup(".virtual-flow");
                if (!(node instanceof VirtualFlow<?> flow)) {
                    failure.set(new IllegalStateException("no VirtualFlow in the gallery"));
                    done.countDown();
                    return;
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
            return new Figures(items, g.length, percentile(g, 50), percentile(g, 99), g.length == 0 ? 0 : g[g.length - 1],
                    Math.max(peakRss[0], endRss), endRss, scrollMillis,
                    "Monocle".equalsIgnoreCase(System.getProperty("glass.platform")) ? "Monocle headless"
                            : "DISPLAY=" + System.getenv("DISPLAY"));
        } finally {
            Platform.exit();
        }
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
}
