package app.lightbox.ui.workspace;

import app.lightbox.AppServices;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.TestAccounts;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
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
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A running workflow finishes while the artist watches it: the badge turns and the gallery fills by itself. */
@ExtendWith(ApplicationExtension.class)
class LiveStatusUiTest {

    @TempDir
    static Path dataFolder;

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2026-06-01T12:00:00Z"));
    private SandboxServer sandbox;
    private AppServices services;
    private MainViewModel vm;
    private String id;

    @Start
    void start(Stage stage) throws Exception {
        sandbox = SandboxServer.start(SandboxConfig.defaults().withClock(clock)
                .withSse(Duration.ofMillis(200), 120));
        id = sandbox.addWorkflow(WorkflowSpec.completed("Moth wings macro")
                .schedule(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(1))
                .outputs(OutputSpec.png("moth-1.png", 200, 120), OutputSpec.png("moth-2.png", 120, 200)));
        services = new AppServices(SandboxConfig.defaults(), TestAccounts.withAccount(dataFolder, "Studio",
                sandbox.baseUrl(), sandbox.demoToken(), a -> { }));
        vm = TestAccounts.show(stage, services);
    }

    @AfterEach
    void stop() throws Exception {
        TestAccounts.close(vm, services);
        sandbox.close();
    }

    @Test
    void statusChangesReachTheWindowAndTheGalleryFillsOnCompletion(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !robot.lookup("#workflow-list").queryAll().isEmpty());
        ListView<Workflow> list = robot.lookup("#workflow-list").queryListView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> list.getItems().size() == 1);
        Node[] row = new Node[1];
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> (row[0] = cell(robot)) != null);
        robot.clickOn(row[0]);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> "queued".equals(badge(robot)));
        String waiting = robot.lookup("#gallery-message").queryLabeled().getText();
        assertTrue(waiting.startsWith("Still queued"), waiting);

        clock.advance(Duration.ofSeconds(70));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "running".equals(badge(robot)));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#details-elapsed").queryLabeled().getText().startsWith("Running for"));

        clock.advance(Duration.ofSeconds(70));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> "completed".equals(badge(robot)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> app.lightbox.testing.Shown.thumbnails(robot) == 2);
    }

    private Node cell(FxRobot robot) {
        return robot.lookup(".workflow-cell").<Node>queryAll().stream()
                .filter(n -> ((ListCell<?>) n).getItem() != null && ((Workflow) ((ListCell<?>) n).getItem()).id().equals(id))
                .findFirst().orElse(null);
    }

    private String badge(FxRobot robot) {
        Node c = cell(robot);
        if (c == null) {
            return null;
        }
        return robot.from(c).lookup(".status-badge").<Label>queryAll().stream().findFirst().map(Label::getText).orElse(null);
    }
}
