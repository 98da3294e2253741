package app.lightbox.ui.gallery;

import app.lightbox.LightboxApp;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.SandboxSession;
import app.lightbox.ui.viewer.ViewerView;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gallery on screen against the sandbox, with links that live five seconds on the sandbox clock:
 * the grid fills, a hovered video gets a player that is let go on leave, the viewer follows the keyboard,
 * expired links cost one outputs request, and a reopened gallery is served from the cache folder.
 */
@ExtendWith(ApplicationExtension.class)
class GalleryUiTest {

    private static final int STILLS = 300;

    @TempDir
    static Path cacheDir;

    private SandboxSession s;
    private Stage stage;
    private GalleryViewModel vm;
    private GalleryView view;
    private Workflow workflow;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        s = new SandboxSession(SandboxConfig.defaults().withUrlTtl(Duration.ofSeconds(5)));
        List<OutputSpec> outputs = new ArrayList<>();
        outputs.add(OutputSpec.asset("orbit.mp4", "clip-orbit.mp4"));
        for (int i = 0; i < STILLS; i++) {
            outputs.add(OutputSpec.png(String.format("still_%03d.png", i), 96, 64));
        }
        String id = s.sandbox.addWorkflow(WorkflowSpec.completed("Turntable").outputs(outputs.toArray(OutputSpec[]::new)));
        workflow = s.api.workflow(id).join();
        open();
        stage.show();
    }

    /** A new ViewModel and view over the same cache folder, as when the artist comes back to the gallery. */
    private void open() {
        vm = new GalleryViewModel(s.api, new TestMedia(s, cacheDir).media, Platform::runLater);
        view = new GalleryView(vm);
        Scene scene = new Scene(view, 900, 600);
        scene.getStylesheets().add(LightboxApp.STYLESHEET);
        stage.setScene(scene);
        vm.tileSizeProperty().set(120);
        vm.show(workflow);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void galleryHoverViewerExpiryAndReopen(FxRobot robot) throws Exception {
        // The grid fills, only with what is on screen.
        waitFor(() -> !shownCells(robot).isEmpty() && shownCells(robot).stream().noneMatch(c -> loading(c)));
        List<ThumbnailCell> cells = shownCells(robot);
        assertTrue(cells.size() < STILLS, "virtualised: " + cells.size() + " cells for " + (STILLS + 1) + " outputs");
        int downloaded = s.sandbox.stats().mediaRequests();
        assertTrue(downloaded < STILLS / 2, "only tiles near the screen are downloaded: " + downloaded);

        // Hovering the video asks for a player; leaving lets it go.
        ThumbnailCell videoCell = cells.stream().filter(c -> c.getItem().isVideo()).findFirst().orElseThrow();
        OutputTile video = videoCell.getItem();
        waitFor(() -> video.state() == OutputTile.State.VIDEO);
        robot.moveTo(videoCell);
        waitFor(() -> video.playingProperty().get() != null);
        PlayerPool<?> pool = view.players();
        waitFor(() -> pool.created() + pool.failed() >= 1);
        assertTrue(pool.alive() <= 1, "one hovered tile, one player");
        // The grid's rows empty and refill their cells on every relayout (a player turning READY causes one):
        // the hovered tile keeps its player through that instead of starting over.
        int made = pool.created();
        robot.interact(() -> {
            int at = videoCell.getIndex();
            videoCell.updateIndex(-1);
            videoCell.updateIndex(at);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(made, pool.created(), "a relayout does not make a new player");
        assertEquals(made, pool.alive() + pool.disposed(), "nor dispose the one playing");
        assertEquals(video.playingProperty().get() == null ? 0 : Math.min(1, made), pool.alive());
        robot.moveTo("#gallery-subtitle");
        waitFor(() -> video.playingProperty().get() == null);
        assertEquals(0, pool.alive(), "the player is disposed when the pointer leaves");
        assertEquals(pool.created(), pool.disposed());

        // Enter opens the viewer, arrows walk, Esc closes.
        robot.clickOn(cells.get(1));
        robot.type(KeyCode.ENTER);
        waitFor(() -> robot.lookup("#viewer").tryQuery().isPresent());
        assertEquals("2 of " + (STILLS + 1), label(robot, "#viewer-position"));
        robot.type(KeyCode.RIGHT);
        assertEquals("3 of " + (STILLS + 1), label(robot, "#viewer-position"));
        robot.type(KeyCode.LEFT);
        robot.type(KeyCode.LEFT);
        assertEquals("1 of " + (STILLS + 1), label(robot, "#viewer-position"));
        waitFor(() -> "orbit.mp4".equals(label(robot, "#viewer-name")));
        robot.type(KeyCode.ESCAPE);
        waitFor(() -> robot.lookup("#viewer").tryQuery().isEmpty());
        assertTrue(robot.lookup(n -> n instanceof ViewerView).tryQuery().isEmpty());

        // Links expire; scrolling on renews them with one outputs request and no tile breaks.
        assertEquals(1, s.sandbox.stats().outputsRequests(workflow.id()));
        int mediaBeforeExpiry = s.sandbox.stats().mediaRequests();
        s.clock.advance(Duration.ofSeconds(10));
        robot.clickOn(shownCells(robot).get(0));
        robot.type(KeyCode.END);
        waitFor(() -> shownCells(robot).stream().anyMatch(c -> c.getIndex() == STILLS));
        waitFor(() -> shownCells(robot).stream().noneMatch(this::loading));
        assertTrue(vm.tiles().stream().noneMatch(t -> t.state() == OutputTile.State.FAILED), "no tile is broken");
        // Only tiles that were shown were fetched, so the end of the gallery came after the expiry, and all of
        // it together needed one renewal for the whole workflow.
        assertTrue(s.sandbox.stats().mediaRequests() > mediaBeforeExpiry, "the end was fetched after expiry");
        assertEquals(2, s.sandbox.stats().outputsRequests(workflow.id()), "one renewal for the workflow");

        // A new gallery over the same cache folder shows its tiles without asking storage for anything.
        int media = s.sandbox.stats().mediaRequests();
        robot.interact(this::open);
        waitFor(() -> !shownCells(robot).isEmpty() && shownCells(robot).stream().noneMatch(this::loading));
        assertFalse(shownCells(robot).isEmpty());
        assertEquals(media, s.sandbox.stats().mediaRequests(), "reopening makes no media requests");
    }

    private boolean loading(ThumbnailCell c) {
        return c.getItem() != null && c.getItem().state() == OutputTile.State.LOADING;
    }

    private static List<ThumbnailCell> shownCells(FxRobot robot) {
        List<ThumbnailCell> cells = new ArrayList<>();
        for (Node n : robot.lookup(".thumbnail-cell").queryAll()) {
            if (n instanceof ThumbnailCell c && c.getItem() != null && app.lightbox.testing.Shown.showing(c)) {
                cells.add(c);
            }
        }
        cells.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
        return cells;
    }


    private static String label(FxRobot robot, String query) {
        Label l = robot.lookup(query).query();
        assertNotNull(l, query);
        return l.getText();
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
