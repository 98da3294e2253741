package app.lightbox.ui.workspace;

import app.lightbox.AppServices;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.testing.TestAccounts;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A newcomer opens the demo workspace, picks a finished workflow and sees real thumbnails. */
@ExtendWith(ApplicationExtension.class)
class DemoWorkspaceUiTest {

    private AppServices services;
    private MainViewModel vm;

    @TempDir
    static Path dataFolder;

    @Start
    void start(Stage stage) {
        services = new AppServices(SandboxConfig.defaults().withSeedDemoWorkflows(true), TestAccounts.in(dataFolder));
        vm = TestAccounts.show(stage, services);
    }

    @AfterEach
    void stop() throws Exception {
        TestAccounts.close(vm, services);
    }

    @Test
    void openingTheDemoShowsWorkflowsAndThumbnails(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#open-demo").tryQuery()
                .map(n -> n.getScene() != null).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup("#open-demo").<javafx.scene.Node>query());

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#workflow-list").tryQuery().isPresent());
        ListView<Workflow> list = robot.lookup("#workflow-list").queryListView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#workflow-list").queryListView().getItems().size() > 20);

        // Pick finished workflows the way a person would until one shows pictures (some demo workflows
        // finished with a video only, or with nothing).
        List<Workflow> completed = WaitForAsyncUtils.asyncFx(() -> list.getItems().stream()
                .filter(w -> w.status().isSuccess()).toList()).get(10, TimeUnit.SECONDS);
        assertFalse(completed.isEmpty(), "the demo has completed workflows");
        List<ImageView> shown = List.of();
        for (Workflow wf : completed.subList(0, Math.min(5, completed.size()))) {
            robot.interact(() -> list.scrollTo(wf));
            ListCell<?>[] cell = new ListCell<?>[1];
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> (cell[0] = robot.lookup(".workflow-cell")
                    .<ListCell<?>>queryAll().stream().filter(c -> c.getItem() == wf).findFirst().orElse(null)) != null);
            robot.clickOn(cell[0]);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> settled(robot));
            shown = thumbnails(robot);
            if (!shown.isEmpty()) {
                break;
            }
        }
        assertFalse(shown.isEmpty(), "a completed demo workflow shows thumbnails");
        for (ImageView v : shown) {
            assertTrue(v.getImage().getWidth() <= 256 && v.getImage().getHeight() <= 256,
                    "thumbnails are small, not originals");
        }
        assertTrue(robot.lookup("#account-label").queryLabeled().getText().contains("Demo workspace"));
    }

    /** Either a message instead of the grid, or every tile past its spinner. */
    private static boolean settled(FxRobot robot) {
        boolean message = robot.lookup("#gallery-message").queryLabeled().isVisible();
        boolean spinning = robot.lookup("#gallery-grid .tile-loading").queryAll().stream()
                .anyMatch(n -> n.isVisible() && n.getParent() != null && n.getParent().isVisible());
        boolean tiles = !robot.lookup("#gallery-grid .tile-frame").queryAll().isEmpty();
        String text = robot.lookup("#gallery-message").queryLabeled().getText();
        return (message && text != null && !text.startsWith("Loading")) || (tiles && !spinning);
    }

    private static List<ImageView> thumbnails(FxRobot robot) {
        return robot.lookup("#gallery-grid .image-view").<ImageView>queryAll().stream()
                .filter(v -> v.getImage() != null && app.lightbox.testing.Shown.showing(v))
                .toList();
    }
}
