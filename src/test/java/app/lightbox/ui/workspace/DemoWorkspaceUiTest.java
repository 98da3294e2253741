package app.lightbox.ui.workspace;

import app.lightbox.AppServices;
import app.lightbox.LightboxApp;
import app.lightbox.model.Workflow;
import javafx.application.Platform;
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

    @Start
    void start(Stage stage) {
        services = new AppServices();
        vm = services.mainViewModel(Platform::runLater);
        stage.setScene(LightboxApp.createScene(vm));
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(vm::close).get(10, TimeUnit.SECONDS);
        services.close();
    }

    @Test
    void openingTheDemoShowsWorkflowsAndThumbnails(FxRobot robot) throws Exception {
        robot.clickOn("#open-demo");

        ListView<Workflow> list = robot.lookup("#workflow-list").queryListView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !list.getItems().isEmpty());

        Workflow withImages = list.getItems().stream()
                .filter(w -> w.status().isSuccess())
                .filter(w -> !w.name().toLowerCase().contains("no outputs"))
                .findFirst().orElseThrow(() -> new AssertionError("the demo has a completed workflow"));
        robot.interact(() -> list.scrollTo(withImages));
        ListCell<?> cell = robot.lookup(".workflow-cell").<ListCell<?>>queryAll().stream()
                .filter(c -> c.getItem() == withImages).findFirst().orElseThrow();
        robot.clickOn(cell);

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !thumbnails(robot).isEmpty());
        List<ImageView> shown = thumbnails(robot);
        assertFalse(shown.isEmpty());
        for (ImageView v : shown) {
            assertTrue(v.getImage().getWidth() <= 256 && v.getImage().getHeight() <= 256,
                    "thumbnails are small, not originals");
            assertTrue(v.isVisible());
        }
        assertTrue(robot.lookup("#account-label").queryLabeled().getText().contains("Demo workspace"));
    }

    private static List<ImageView> thumbnails(FxRobot robot) {
        return robot.lookup("#gallery-grid .image-view").<ImageView>queryAll().stream()
                .filter(v -> v.getImage() != null && v.isVisible())
                .toList();
    }
}
