package app.lightbox.robustness;

import app.lightbox.LightboxApp;
import app.lightbox.core.media.VideoProbe;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.ui.common.WorkspaceMedia;
import app.lightbox.ui.gallery.GalleryView;
import app.lightbox.ui.gallery.GalleryViewModel;
import app.lightbox.ui.gallery.OutputTile;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.skin.VirtualFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gallery on screen while the network misbehaves (latency, a stalling storage host, resets, links
 * running out mid-download, broken files) and the grid is scrolled: a watchdog samples the FX thread whenever no pulse has come for 250 ms
 * and fails the test if it was held up by the app (waiting, sleeping, decoding or doing I/O in app code),
 * and every tile on screen ends as a picture or a stated problem.
 */
@ExtendWith(ApplicationExtension.class)
class FxThreadUnderFaultsUiTest {

    private static final long MAX_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    @TempDir
    static Path dir;

    private Rig rig;
    private GalleryViewModel vm;
    private GalleryView view;
    private final AtomicLong worstGap = new AtomicLong();
    private AnimationTimer watchdog;
    private final AtomicLong lastPulse = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger halfway = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.Map<String, Integer> stalledAt = new java.util.concurrent.ConcurrentHashMap<>();
    private java.util.concurrent.ScheduledExecutorService sampler;

    @Start
    void start(Stage stage) throws Exception {
        rig = new Rig(dir);
        List<OutputSpec> outputs = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            outputs.add(i % 7 == 3
                    ? OutputSpec.bytes("broken_" + i + ".png", "image/png", "<html>502</html>".getBytes(StandardCharsets.UTF_8))
                    : OutputSpec.png(String.format("still_%03d.png", i), 160, 120));
        }
        String id = rig.sandbox.addWorkflow(WorkflowSpec.completed("Under faults").outputs(outputs.toArray(OutputSpec[]::new)));
        Workflow workflow = rig.api.workflow(id).get(10, TimeUnit.SECONDS);
        WorkspaceMedia media = new WorkspaceMedia(rig.links, rig.cache, rig.thumbnails, new ThumbnailDecoder(),
                new VideoProbe(), rig.executors.decode(), rig.executors.io(), f -> CompletableFuture.completedFuture(null));
        vm = new GalleryViewModel(rig.api, media, Platform::runLater);
        view = new GalleryView(vm);
        Scene scene = new Scene(view, 900, 600);
        scene.getStylesheets().add(LightboxApp.STYLESHEET);
        stage.setScene(scene);
        vm.tileSizeProperty().set(110);
        stage.show();

        rig.sandbox.faults().setLatency(Duration.ofMillis(30));
        rig.sandbox.faults().setStallMedia(Duration.ofMillis(400));
        rig.sandbox.faults().resetNextMediaRequests(4);
        // Now and then a link runs out while its body is on the way: the download is broken off and renewed.
        rig.sandbox.onMediaHalfway(outputId -> {
            if (halfway.incrementAndGet() % 40 == 5) {
                rig.clock.advance(Duration.ofMinutes(6));
            }
        });
        watchdog = new AnimationTimer() {
            long last;

            @Override
            public void handle(long now) {
                if (last != 0) {
                    worstGap.accumulateAndGet(now - last, Math::max);
                }
                last = now;
                lastPulse.set(System.nanoTime());
            }
        };
        watchdog.start();
        // When a frame is late, note where the FX thread is, so a failure names the blocking call.
        Thread fxThread = Thread.currentThread();
        sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                app.lightbox.core.concurrent.AppExecutors.named("fx-watchdog"));
        String[] previousBlock = new String[1];
        sampler.scheduleAtFixedRate(() -> {
            long since = lastPulse.get();
            if (since != 0 && System.nanoTime() - since > MAX_GAP_NANOS) {
                Thread.State state = fxThread.getState();
                StackTraceElement[] st = fxThread.getStackTrace();
                String where = null;
                if (isBlockedOnTheApp(state, st)) {
                    StringBuilder sb = new StringBuilder(state.toString());
                    for (int i = 0; i < Math.min(12, st.length); i++) {
                        sb.append("\n    at ").append(st[i]);
                    }
                    where = sb.toString();
                    // Held at the same place for two samples (25 ms apart): a wait, not a passing glance.
                    if (where.equals(previousBlock[0])) {
                        stalledAt.merge(where, 1, Integer::sum);
                    }
                }
                previousBlock[0] = where;
            }
        }, 50, 25, TimeUnit.MILLISECONDS);
        vm.show(workflow);
    }

    @AfterEach
    void stop() {
        sampler.shutdownNow();
        Platform.runLater(() -> watchdog.stop());
        rig.close();
    }

    @Test
    void theFxThreadKeepsDrawingWhileTheNetworkMisbehaves(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.tiles().size() == 240);
        for (int screen = 0; screen < 4; screen++) {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, this::everyShownTileSettled);
            robot.interact(() -> {
                VirtualFlow<?> flow = (VirtualFlow<?>) view.lookup(".virtual-flow");
                flow.scrollPixels(600);
            });
        }
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, this::everyShownTileSettled);
        long worst = TimeUnit.NANOSECONDS.toMillis(worstGap.get());
        assertTrue(stalledAt.isEmpty(), "a frame was more than 250 ms late (worst gap " + worst
                + " ms) while the FX thread was held up by the app: " + stalledAt);
        assertTrue(halfway.get() > 5, "a link ran out mid-download at least once: " + halfway.get() + " bodies half sent");
        boolean someProblemShown = vm.tiles().stream().anyMatch(t -> t.state() == OutputTile.State.FAILED
                && t.problemProperty().get() != null && !t.problemProperty().get().isBlank());
        assertTrue(someProblemShown, "broken files say why on their tiles");
    }

    @Test
    void theWatchdogCatchesAnFxThreadThatIsHeldUp() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.tiles().size() == 240);
        CompletableFuture<Void> held = new CompletableFuture<>();
        // The very thing the app must never do: wait on the FX thread.
        Platform.runLater(() -> {
            try {
                held.get(600, TimeUnit.MILLISECONDS);
            } catch (Exception expected) {
                // timed out, as intended
            }
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !stalledAt.isEmpty());
        assertTrue(stalledAt.keySet().stream().anyMatch(k -> k.contains("CompletableFuture")), stalledAt.toString());
    }

    /**
     * Whether a late frame is the app's doing: the FX thread waiting, sleeping or doing I/O inside app code.
     * The toolkit's own CSS, layout and rendering on a busy two-core machine can also make a frame late;
     * that is measured by the bench's grid figure, not failed here.
     */
    static boolean isBlockedOnTheApp(Thread.State state, StackTraceElement[] stack) {
        boolean inApp = false;
        boolean blockingCall = false;
        String firstCaller = null;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (firstCaller == null && !c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                firstCaller = c;
            }
            if (c.startsWith("app.lightbox.")) {
                inApp = true;
            }
            if (c.startsWith("java.net.") || c.startsWith("sun.nio.") || c.startsWith("java.io.File")
                    || c.startsWith("okhttp3.") || c.startsWith("javax.imageio.")
                    || (c.equals("java.util.concurrent.CompletableFuture") && (e.getMethodName().equals("join")
                    || e.getMethodName().equals("get")))
                    || (c.equals("java.lang.Thread") && e.getMethodName().equals("sleep"))) {
                blockingCall = true;
            }
        }
        // Waiting inside the toolkit (a lock shared with the render thread) is the toolkit's business.
        boolean appWaits = state != Thread.State.RUNNABLE && firstCaller != null && firstCaller.startsWith("app.lightbox.");
        return (inApp && blockingCall) || appWaits;
    }

    private boolean everyShownTileSettled() {
        CompletableFuture<Boolean> settled = new CompletableFuture<>();
        Platform.runLater(() -> settled.complete(view.lookupAll(".thumbnail-cell").stream()
                .filter(app.lightbox.testing.Shown::showing)
                .map(n -> ((javafx.scene.control.IndexedCell<?>) n).getItem())
                .filter(OutputTile.class::isInstance)
                .map(OutputTile.class::cast)
                .noneMatch(t -> t.state() == OutputTile.State.LOADING)));
        return settled.join();
    }

}
