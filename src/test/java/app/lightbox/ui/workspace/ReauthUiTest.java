package app.lightbox.ui.workspace;

import app.lightbox.AppServices;
import app.lightbox.core.auth.Accounts;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.testing.TestAccounts;
import javafx.scene.Node;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A saved account's token expires while the artist looks at a gallery: the window asks for a new token
 * in place, keeps the gallery, and the refresh that hit the 401 finishes once a good token is given.
 */
@ExtendWith(ApplicationExtension.class)
class ReauthUiTest {

    private static final String FIRST = "cfc_expiring0123456789";
    private static final String SECOND = "cfc_renewed0123456789";

    @TempDir
    static Path dataFolder;

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2026-06-01T12:00:00Z"));
    private SandboxServer sandbox;
    private AppServices services;
    private MainViewModel vm;
    private Accounts accounts;

    @Start
    void start(Stage stage) throws Exception {
        sandbox = SandboxServer.start(SandboxConfig.defaults().withClock(clock));
        sandbox.addToken(FIRST, clock.now().plus(Duration.ofHours(1)));
        sandbox.addWorkflow(WorkflowSpec.completed("Earlier").createdAgo(Duration.ofHours(3))
                .outputs(OutputSpec.png("old.png", 96, 96)));
        sandbox.addWorkflow(WorkflowSpec.completed("Dunes").createdAgo(Duration.ofHours(1))
                .outputs(OutputSpec.png("dune-1.png", 320, 200), OutputSpec.png("dune-2.png", 200, 320)));
        services = new AppServices(SandboxConfig.defaults(), TestAccounts.withAccount(dataFolder, "Studio",
                sandbox.baseUrl(), FIRST, a -> accounts = a));
        vm = TestAccounts.show(stage, services);
    }

    @AfterEach
    void stop() throws Exception {
        TestAccounts.close(vm, services);
        sandbox.close();
    }

    @Test
    void expiredTokenIsRenewedInPlaceAndTheWaitingRefreshCompletes(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !robot.lookup("#workflow-list").queryAll().isEmpty());
        ListView<Workflow> list = robot.lookup("#workflow-list").queryListView();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> list.getItems().size() == 2);
        assertTrue(robot.lookup("#account-label").queryLabeled().getText().contains("Studio"),
                "the last used account opens on start");

        Workflow dunes = list.getItems().get(0);
        assertEquals("Dunes", dunes.name());
        Node[] cell = new Node[1];
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> (cell[0] = cellOf(robot, dunes)) != null);
        robot.clickOn(cell[0]);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> thumbnails(robot) == 2);

        // Two hours later the token has expired; a refresh meets a 401.
        clock.advance(Duration.ofHours(2));
        sandbox.addWorkflow(WorkflowSpec.completed("Submitted while away").outputs(OutputSpec.png("n.png", 64, 64)));
        robot.clickOn("#refresh");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> robot.lookup("#reauth-banner").query().isVisible());
        assertTrue(robot.lookup("#reauth-message").queryLabeled().getText().contains("Token has expired"));
        assertTrue(accounts.needsNewToken(accounts.list().get(0).id()));

        // The artist's place is kept: same list, same selection, same thumbnails.
        assertEquals(2, list.getItems().size());
        assertSame(dunes, list.getSelectionModel().getSelectedItem());
        assertEquals(2, thumbnails(robot));

        // A wrong token is refused with the server's reason, and nothing moves on.
        robot.clickOn("#reauth-token").write("cfc_wrong0123456789");
        robot.clickOn("#reauth-submit");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> robot.lookup("#reauth-error").queryLabeled().isVisible());
        assertTrue(robot.lookup("#reauth-error").queryLabeled().getText().contains("Invalid token"),
                robot.lookup("#reauth-error").queryLabeled().getText());
        assertEquals(2, list.getItems().size());

        // The new token from the dashboard works; the refresh that was waiting completes.
        sandbox.addToken(SECOND);
        robot.interact(() -> robot.lookup("#reauth-token").queryTextInputControl().clear());
        robot.clickOn("#reauth-token").write(SECOND);
        robot.clickOn("#reauth-submit");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !robot.lookup("#reauth-banner").query().isVisible());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> list.getItems().size() == 3);
        assertEquals("Submitted while away", list.getItems().get(0).name());
        try {
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> list.getSelectionModel().getSelectedItem() != null
                    && dunes.id().equals(list.getSelectionModel().getSelectedItem().id()));
        } catch (java.util.concurrent.TimeoutException e) {
            Workflow shown = list.getSelectionModel().getSelectedItem();
            Workflow inVm = vm.workflowsProperty().get().selectedProperty().get();
            throw new AssertionError("selection lost: list shows " + (shown == null ? null : shown.name())
                    + ", view model has " + (inVm == null ? null : inVm.name()), e);
        }
        assertFalse(accounts.needsNewToken(accounts.list().get(0).id()));
        assertEquals(SECOND, accounts.token(accounts.list().get(0).id()).orElseThrow());
    }

    private static Node cellOf(FxRobot robot, Workflow wf) {
        return robot.lookup(".workflow-cell").<Node>queryAll().stream()
                .filter(n -> ((javafx.scene.control.ListCell<?>) n).getItem() == wf).findFirst().orElse(null);
    }

    private static long thumbnails(FxRobot robot) {
        return app.lightbox.testing.Shown.thumbnails(robot);
    }
}
