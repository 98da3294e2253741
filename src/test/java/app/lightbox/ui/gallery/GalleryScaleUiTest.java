package app.lightbox.ui.gallery;

import app.lightbox.LightboxApp;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.SandboxSession;
import javafx.application.Platform;
import javafx.scene.Node;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gallery of 10,000 small outputs scrolled from the first row to the last: the work follows what is on
 * screen, not the size of the gallery. No timing is asserted here (the benchmark harness owns speed); what
 * is asserted is the shape of the work: cells are a screenful and reused, previews are made only for rows
 * that were on screen, and tiles scrolled past give their work and their pixels back.
 */
@ExtendWith(ApplicationExtension.class)
class GalleryScaleUiTest {

    private static final int OUTPUTS = 10_000;
    private static final int STOPS = 12;

    @TempDir
    static Path cacheDir;

    private SandboxSession s;
    private GalleryViewModel vm;
    private Workflow workflow;

    @Start
    void start(Stage stage) throws Exception {
        s = new SandboxSession();
        List<OutputSpec> outputs = new ArrayList<>(OUTPUTS);
        for (int i = 0; i < OUTPUTS; i++) {
            outputs.add(OutputSpec.png(String.format("tile_%05d.png", i), 8, 8));
        }
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Ten thousand").outputs(outputs.toArray(OutputSpec[]::new)));
        workflow = s.api.workflow(id).join();
        vm = new GalleryViewModel(s.api, new TestMedia(s, cacheDir).media, Platform::runLater);
        Scene scene = new Scene(new GalleryView(vm), 900, 600);
        scene.getStylesheets().add(LightboxApp.STYLESHEET);
        stage.setScene(scene);
        vm.tileSizeProperty().set(120);
        vm.show(workflow);
        stage.show();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void scrollingTenThousandTilesEndToEndCostsWhatIsOnScreen(FxRobot robot) throws Exception {
        waitFor(() -> vm.tiles().size() == OUTPUTS && !shown(robot).isEmpty());
        VirtualFlow<?> flow = robot.lookup(".virtual-flow").query();
        int rows = flow.getCellCount();
        Set<Node> cellsEverSeen = new HashSet<>(robot.lookup(".thumbnail-cell").queryAll());
        Set<Integer> indicesShown = new HashSet<>();
        int mostShownAtOnce = 0;

        for (int stop = 0; stop <= STOPS; stop++) {
            int row = (int) Math.round((rows - 1) * (stop / (double) STOPS));
            robot.interact(() -> flow.scrollTo(row));
            waitFor(() -> !shown(robot).isEmpty() && shown(robot).stream().noneMatch(c -> loading(c)));
            List<ThumbnailCell> now = shown(robot);
            mostShownAtOnce = Math.max(mostShownAtOnce, now.size());
            now.forEach(c -> indicesShown.add(c.getIndex()));
            cellsEverSeen.addAll(robot.lookup(".thumbnail-cell").queryAll());
        }

        assertTrue(indicesShown.contains(OUTPUTS - 1), "the last tile was reached");
        assertTrue(mostShownAtOnce > 0 && mostShownAtOnce < 100, "a screenful of tiles: " + mostShownAtOnce);
        // Cells are reused: a few screens' worth (the grid keeps spare rows), never one per output.
        assertTrue(cellsEverSeen.size() <= 6 * mostShownAtOnce,
                cellsEverSeen.size() + " cells for " + mostShownAtOnce + " on screen");
        // Previews were made for rows that were on screen, not for the gallery.
        long ready = vm.tiles().stream().filter(t -> t.state() == OutputTile.State.READY).count();
        assertTrue(ready <= 4L * (STOPS + 1) * mostShownAtOnce, ready + " previews made while passing " + OUTPUTS);
        assertTrue(s.sandbox.stats().mediaRequests() <= 4 * (STOPS + 1) * mostShownAtOnce,
                s.sandbox.stats().mediaRequests() + " downloads");
        assertEquals(1, s.sandbox.stats().outputsRequests(workflow.id()), "one outputs request for 10,000 tiles");
        // Pixels are held for what is on screen, not for every tile that ever was.
        long holding = vm.tiles().stream().filter(t -> t.thumbnailProperty().get() != null).count();
        assertTrue(holding <= 3L * mostShownAtOnce, holding + " tiles hold a picture, " + mostShownAtOnce + " shown");
        // Nothing is left queued for tiles scrolled past.
        long pending = vm.tiles().stream().filter(t -> t.pending != null && !t.pending.isDone()).count();
        assertTrue(pending <= mostShownAtOnce * 3L, pending + " previews still pending");
    }

    private static boolean loading(ThumbnailCell c) {
        return c.getItem() != null && c.getItem().state() == OutputTile.State.LOADING;
    }

    private static List<ThumbnailCell> shown(FxRobot robot) {
        List<ThumbnailCell> cells = new ArrayList<>();
        for (Node n : robot.lookup(".thumbnail-cell").queryAll()) {
            if (n instanceof ThumbnailCell c && c.getItem() != null && showing(c)) {
                cells.add(c);
            }
        }
        return cells;
    }

    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
