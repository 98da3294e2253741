package app.lightbox;

import app.lightbox.ui.workspace.MainView;
import app.lightbox.ui.workspace.MainViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.Objects;

/** The JavaFX application: one window over the composition root. */
public final class LightboxApp extends Application {

    public static final String STYLESHEET = Objects.requireNonNull(
            LightboxApp.class.getResource("/app/lightbox/ui/theme/lightbox.css")).toExternalForm();

    private AppServices services;
    private MainViewModel viewModel;

    /** Opens the window and returns when it is closed. */
    public static int run(boolean demo) {
        Application.launch(LightboxApp.class, demo ? new String[] {"--demo"} : new String[0]);
        return 0;
    }

    @Override
    public void start(Stage stage) {
        services = new AppServices();
        viewModel = services.mainViewModel(Platform::runLater);
        stage.setTitle("Lightbox");
        stage.setScene(createScene(viewModel));
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        stage.show();
        if (getParameters().getRaw().contains("--demo")) {
            viewModel.openDemo();
            viewModel.start(false);
        } else {
            viewModel.start();
        }
    }

    /** The window's scene, shared with the UI tests. */
    public static Scene createScene(MainViewModel vm) {
        Scene scene = new Scene(new MainView(vm), 1280, 800);
        scene.getStylesheets().add(STYLESHEET);
        return scene;
    }

    @Override
    public void stop() {
        if (viewModel != null) {
            viewModel.close();
        }
        if (services != null) {
            services.close();
        }
    }
}
