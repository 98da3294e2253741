package app.lightbox;

import app.lightbox.ui.workspace.MainView;
import app.lightbox.ui.workspace.MainViewModel;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The JavaFX application: one window over the composition root. */
public final class LightboxApp extends Application {

    public static final String STYLESHEET = Objects.requireNonNull(
            LightboxApp.class.getResource("/app/lightbox/ui/theme/lightbox.css")).toExternalForm();

    /**
     * The services {@link #run} starts building before the toolkit starts, handed to the instance JavaFX
     * creates (it takes no constructor arguments); taken once.
     */
    private static final AtomicReference<CompletableFuture<AppServices>> PREPARED = new AtomicReference<>();

    private AppServices services;
    private MainViewModel viewModel;

    /** Opens the window and returns when it is closed. */
    public static int run(boolean demo) {
        // Building the services and reading the saved accounts (files, the keychain probe) decide the first
        // screen; they run on a background thread while the toolkit starts instead of before or after it.
        PREPARED.set(CompletableFuture.supplyAsync(() -> {
            AppServices prepared = new AppServices();
            prepared.savedAccounts();
            return prepared;
        }));
        Application.launch(LightboxApp.class, demo ? new String[] {"--demo"} : new String[0]);
        return 0;
    }

    @Override
    public void start(Stage stage) {
        CompletableFuture<AppServices> prepared = PREPARED.getAndSet(null);
        (prepared != null ? prepared : CompletableFuture.completedFuture(new AppServices()))
                .whenCompleteAsync((ready, failure) -> {
                    if (failure != null) {
                        couldNotStart(failure);
                        return;
                    }
                    try {
                        open(stage, ready);
                    } catch (RuntimeException | Error e) {
                        couldNotStart(e);
                    }
                }, Platform::runLater);
    }

    /** Without a window nothing would end the app, and a failure inside a future would go unseen. */
    private static void couldNotStart(Throwable failure) {
        System.getLogger(LightboxApp.class.getName()).log(System.Logger.Level.ERROR, "Lightbox could not start",
                failure);
        Platform.exit();
    }

    private void open(Stage stage, AppServices ready) {
        services = ready;
        viewModel = services.mainViewModel(Platform::runLater);
        if (getParameters().getRaw().contains("--demo")) {
            viewModel.openDemo();
            viewModel.start(false);
        } else {
            viewModel.start();
        }
        // The saved accounts are usually read by now, and the view model's answer is already queued for the
        // FX thread: building the window after it makes the first screen the first thing styled and drawn,
        // instead of a progress indicator that is replaced at once.
        Platform.runLater(() -> {
            try {
                show(stage);
            } catch (RuntimeException | Error e) {
                couldNotStart(e);
            }
        });
    }

    private void show(Stage stage) {
        stage.setTitle("Lightbox");
        stage.setScene(createScene(viewModel));
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        stage.show();
        // A moment after the first screen went to the render thread: building OkHttp's TLS set-up beside
        // the drawing of that first frame would slow it on a machine with few cores.
        afterFirstScreen(stage, () -> services.executors().scheduler()
                .schedule(services::prepareNetwork, 1, TimeUnit.SECONDS));
        reportFirstFrame(stage);
    }

    /**
     * Runs {@code then} on the FX thread once a first screen (not the progress indicator) has gone to the
     * render thread: work the first frame does not need waits for it instead of competing with it.
     */
    private void afterFirstScreen(Stage stage, Runnable then) {
        afterFrameWith(() -> {
            List<Node> shown = stage.getScene().getRoot().getChildrenUnmodifiable();
            return viewModel.screenProperty().get() == MainViewModel.Screen.STARTING || shown.isEmpty()
                    ? null : shown.get(0);
        }, then);
    }

    /**
     * Runs {@code then} on the FX thread at the start of the pulse after one whose frame showed the node. An
     * animation timer runs at the start of a pulse, before that pulse's CSS, layout and hand-over to the render
     * thread, so the node is first found laid out (by a pulse, or by the window being shown) and the frame
     * that shows it is the one this pulse sends; the next pulse is after that.
     */
    private static void afterFrameWith(Supplier<Node> node, Runnable then) {
        new AnimationTimer() {
            private boolean inFrame;

            @Override
            public void handle(long now) {
                Node n = node.get();
                if (n == null || !n.isVisible() || n.getScene() == null || n.getLayoutBounds().getWidth() <= 0) {
                    inFrame = false;
                    return;
                }
                if (!inFrame) {
                    inFrame = true;
                    return;
                }
                stop();
                then.run();
            }
        }.start();
    }

    /**
     * For the start-up benchmark only: with {@value #FIRST_FRAME_PROPERTY} naming a file, the milliseconds
     * from JVM start until the frame showing the welcome screen has been drawn are written there and the app
     * exits.
     */
    private static void reportFirstFrame(Stage stage) {
        String report = System.getProperty(FIRST_FRAME_PROPERTY);
        if (report == null || report.isBlank()) {
            return;
        }
        afterFrameWith(() -> stage.getScene().getRoot().lookup(".welcome"), () -> {
            // The render thread may still be drawing that frame. A snapshot is drawn on the same thread, after
            // the frames before it, so once it returns the welcome screen is on the window.
            new Rectangle(1, 1).snapshot(null, null);
            long millis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            try {
                Files.writeString(Path.of(report), Long.toString(millis));
            } catch (IOException e) {
                System.getLogger(LightboxApp.class.getName()).log(System.Logger.Level.ERROR,
                        "Could not write the first-frame report", e);
            }
            Platform.exit();
        });
    }

    public static final String FIRST_FRAME_PROPERTY = "lightbox.bench.firstFrameReport";

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
