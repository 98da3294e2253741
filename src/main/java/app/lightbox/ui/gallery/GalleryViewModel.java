package app.lightbox.ui.gallery;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.media.MediaDecodeException;
import app.lightbox.core.media.OutputBytes;
import app.lightbox.core.media.Thumbnail;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.model.MediaKind;
import app.lightbox.model.Output;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.ui.common.Errors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** The outputs of the selected workflow as a grid of tiles, with a sentence for every empty state. */
public final class GalleryViewModel {

    public static final int THUMBNAIL_SIDE = 256;

    private final ObservableList<OutputTile> tiles = FXCollections.observableArrayList();
    /** Held once: an unmodifiable view listens weakly, so a fresh one per call could stop updating. */
    private final ObservableList<OutputTile> tilesView = FXCollections.unmodifiableObservableList(tiles);
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty subtitle = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("Select a workflow to see its outputs.");
    private final BooleanProperty loading = new SimpleBooleanProperty();

    private final ComfyControlApi api;
    private final OutputBytes bytes;
    private final ThumbnailDecoder decoder;
    private final Executor decodePool;
    private final Executor fx;
    private long generation;

    public GalleryViewModel(ComfyControlApi api, OutputBytes bytes, ThumbnailDecoder decoder,
                            Executor decodePool, Executor fx) {
        this.api = api;
        this.bytes = bytes;
        this.decoder = decoder;
        this.decodePool = decodePool;
        this.fx = fx;
    }

    // ---- properties

    public ObservableList<OutputTile> tiles() {
        return tilesView;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title;
    }

    public ReadOnlyStringProperty subtitleProperty() {
        return subtitle;
    }

    /** What to say instead of a grid (null while tiles are shown). */
    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    // ---- commands

    /** Shows a workflow's outputs; work still running for the previous one is ignored. */
    public void show(Workflow workflow) {
        long gen = ++generation;
        tiles.clear();
        if (workflow == null) {
            title.set("");
            subtitle.set("");
            message.set("Select a workflow to see its outputs.");
            return;
        }
        title.set(workflow.name());
        subtitle.set(describeStatus(workflow.status()));
        WorkflowStatus s = workflow.status();
        if (s.isSuccess()) {
            loadOutputs(workflow, gen);
        } else if (s.isFailure()) {
            message.set(s.phase() == WorkflowStatus.Phase.INVALID
                    ? "ComfyControl marked this workflow invalid; it produced no outputs."
                    : "This workflow failed.");
            api.workflow(workflow.id()).whenCompleteAsync((full, failure) -> {
                if (gen == generation && failure == null && full.failure() != null) {
                    message.set("This workflow failed — " + full.failure().summary());
                }
            }, fx);
        } else if (s.phase() == WorkflowStatus.Phase.CANCELLED) {
            message.set("This workflow was cancelled before it finished.");
        } else if (!s.isKnown()) {
            message.set("ComfyControl reports the status “" + s.raw() + "”, which Lightbox does not know. "
                    + "Outputs are shown once it reports “completed”.");
        } else {
            message.set("Still " + s.raw() + " — outputs appear here when it completes.");
        }
    }

    private void loadOutputs(Workflow workflow, long gen) {
        loading.set(true);
        message.set("Loading outputs…");
        api.outputs(workflow.id()).whenCompleteAsync((outputs, failure) -> {
            if (gen != generation) {
                return;
            }
            loading.set(false);
            if (failure != null) {
                message.set("Could not load outputs: " + Errors.describe(failure));
                return;
            }
            if (outputs.isEmpty()) {
                message.set("This workflow completed without outputs.");
                return;
            }
            message.set(null);
            List<OutputTile> fresh = outputs.stream().map(OutputTile::new).toList();
            tiles.setAll(fresh);
            fresh.forEach(tile -> loadThumbnail(tile, gen));
        }, fx);
    }

    private void loadThumbnail(OutputTile tile, long gen) {
        Output output = tile.output();
        if (output.kind() == MediaKind.VIDEO) {
            tile.notPreviewed("Video preview is not available yet");
            return;
        }
        if (output.kind() == MediaKind.OTHER) {
            tile.notPreviewed("No preview for this file type");
            return;
        }
        CompletableFuture<Thumbnail> thumb = bytes.fetch(output).thenApplyAsync(data -> {
            try {
                return decoder.decode(data, THUMBNAIL_SIDE);
            } catch (MediaDecodeException e) {
                throw new CompletionException(e);
            }
        }, decodePool);
        thumb.whenCompleteAsync((t, failure) -> {
            if (gen != generation) {
                return;
            }
            if (failure != null) {
                tile.failed(Errors.describe(failure));
            } else {
                tile.ready(t);
            }
        }, fx);
    }

    static String describeStatus(WorkflowStatus s) {
        return s.isKnown() ? capitalize(s.raw()) : "Unknown status “" + s.raw() + "”";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
