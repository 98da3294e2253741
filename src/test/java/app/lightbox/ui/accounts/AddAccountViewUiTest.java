package app.lightbox.ui.accounts;

import app.lightbox.LightboxApp;
import app.lightbox.core.auth.TokenRejectedException;
import app.lightbox.ui.common.Workspace;
import app.lightbox.ui.common.WorkspaceConnector;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ProgressIndicator;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While the server checks a new token the form shows a spinner and takes no second submit. */
@ExtendWith(ApplicationExtension.class)
class AddAccountViewUiTest {

    private final CompletableFuture<Workspace> verdict = new CompletableFuture<>();

    @Start
    void start(Stage stage) {
        WorkspaceConnector connector = (WorkspaceConnector) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WorkspaceConnector.class}, (proxy, method, args) -> {
                    if (method.getName().equals("addAccount")) {
                        return verdict;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        AddAccountViewModel vm = new AddAccountViewModel(connector, Platform::runLater, ws -> { }, "Encrypted file");
        Scene scene = new Scene(new AddAccountView(vm, "Encrypted file"), 460, 420);
        scene.getStylesheets().add(LightboxApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aSpinnerShowsOnlyWhileTheTokenIsChecked(FxRobot robot) throws Exception {
        assertTrue(spinners(robot).stream().noneMatch(Node::isVisible), "no spinner before anything is checked");
        robot.interact(() -> {
            robot.lookup("#account-name").queryTextInputControl().setText("Studio");
            robot.lookup("#account-token").queryTextInputControl().setText("cfc_abcdefgh");
        });
        robot.clickOn("#add-account");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> spinners(robot).stream().anyMatch(Node::isVisible));
        assertTrue(robot.lookup("#add-account").query().isDisabled());

        verdict.completeExceptionally(new TokenRejectedException("ComfyControl rejected the token (401: Token has expired)"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> spinners(robot).stream().noneMatch(Node::isVisible));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#add-account").query().isDisabled());
        assertEquals(1, spinners(robot).size(), "one spinner, not one per check");
        assertTrue(robot.lookup("#account-message").queryLabeled().getText().contains("Token has expired"));
    }

    private static java.util.Set<ProgressIndicator> spinners(FxRobot robot) {
        return robot.lookup(".progress-indicator").queryAllAs(ProgressIndicator.class);
    }
}
