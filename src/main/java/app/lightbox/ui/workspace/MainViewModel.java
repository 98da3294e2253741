package app.lightbox.ui.workspace;

import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.ui.common.Errors;
import app.lightbox.ui.common.Workspace;
import app.lightbox.ui.common.WorkspaceConnector;
import app.lightbox.ui.gallery.GalleryViewModel;
import app.lightbox.ui.workflows.WorkflowListViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The window's state: the welcome screen until a workspace is open, then the workflow list beside the
 * gallery of the selected workflow.
 */
public final class MainViewModel implements AutoCloseable {

    public enum Screen { WELCOME, WORKSPACE }

    public static final String DEFAULT_ORIGIN = "https://api.comfycontrol.app";

    private final ObjectProperty<Screen> screen = new SimpleObjectProperty<>(Screen.WELCOME);
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final StringProperty accountLabel = new SimpleStringProperty("");
    private final ObjectProperty<WorkflowListViewModel> workflows = new SimpleObjectProperty<>();
    private final ObjectProperty<GalleryViewModel> gallery = new SimpleObjectProperty<>();

    private final WorkspaceConnector connector;
    private final ThumbnailDecoder decoder;
    private final Executor decodePool;
    private final Executor fx;
    private Workspace workspace;

    public MainViewModel(WorkspaceConnector connector, ThumbnailDecoder decoder, Executor decodePool, Executor fx) {
        this.connector = connector;
        this.decoder = decoder;
        this.decodePool = decodePool;
        this.fx = fx;
    }

    // ---- properties

    public ReadOnlyObjectProperty<Screen> screenProperty() {
        return screen;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** "Demo Artist · pro · Demo workspace". */
    public ReadOnlyStringProperty accountLabelProperty() {
        return accountLabel;
    }

    public ReadOnlyObjectProperty<WorkflowListViewModel> workflowsProperty() {
        return workflows;
    }

    public ReadOnlyObjectProperty<GalleryViewModel> galleryProperty() {
        return gallery;
    }

    // ---- commands

    public void openDemo() {
        open(connector.openDemo());
    }

    /** Signs in with a pasted token; the token is only held in memory. */
    public void connect(String origin, String token) {
        String o = origin == null || origin.isBlank() ? DEFAULT_ORIGIN : origin.strip();
        URI uri;
        try {
            uri = URI.create(o);
        } catch (IllegalArgumentException e) {
            error.set("“" + o + "” is not a valid server address.");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            error.set("The server address must look like https://api.comfycontrol.app");
            return;
        }
        String t = token == null ? "" : token.strip();
        if (!t.startsWith("cfc_") || t.length() < 8) {
            error.set("ComfyControl tokens start with “cfc_”. Copy it from the dashboard's API Tokens page.");
            return;
        }
        open(connector.connect(uri, t));
    }

    private void open(CompletableFuture<Workspace> opening) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        error.set(null);
        opening.whenCompleteAsync((ws, failure) -> {
            busy.set(false);
            if (failure != null) {
                error.set(Errors.describe(failure));
                return;
            }
            show(ws);
        }, fx);
    }

    private void show(Workspace ws) {
        closeWorkspace();
        workspace = ws;
        accountLabel.set(ws.user().name() + " · " + ws.user().tier() + " · " + ws.label());
        WorkflowListViewModel list = new WorkflowListViewModel(ws.api(), fx);
        GalleryViewModel g = new GalleryViewModel(ws.api(), ws.outputBytes(), decoder, decodePool, fx);
        list.selectedProperty().addListener((obs, old, now) -> g.show(now));
        workflows.set(list);
        gallery.set(g);
        screen.set(Screen.WORKSPACE);
        list.refresh();
    }

    private void closeWorkspace() {
        if (workspace != null) {
            workspace.close();
            workspace = null;
        }
    }

    @Override
    public void close() {
        closeWorkspace();
    }
}
