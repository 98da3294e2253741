package app.lightbox.ui.viewer;

import app.lightbox.core.media.AnimatedImage;
import app.lightbox.core.media.CachedOutput;
import app.lightbox.core.media.ComfyMetadata;
import app.lightbox.core.media.MediaDecodeException;
import app.lightbox.core.media.MediaType;
import app.lightbox.core.media.PngText;
import app.lightbox.core.media.Thumbnail;
import app.lightbox.core.media.VideoInfo;
import app.lightbox.ui.common.Errors;
import app.lightbox.ui.common.WorkspaceMedia;
import app.lightbox.ui.gallery.OutputTile;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * One output full size, with previous/next through the gallery's tiles (stopping at either end, which is
 * said), zoom, video settings and the generation data ComfyUI stored in the file. Everything is read from
 * the download cache, so a link expiring while a video plays changes nothing.
 */
public final class ViewerViewModel {

    public enum Content { LOADING, IMAGE, ANIMATION, VIDEO, UNPLAYABLE_VIDEO, FAILED }

    /** Pictures larger than this are shown scaled down (a 16k PNG would not fit in memory as pixels). */
    public static final int MAX_IMAGE_SIDE = 4096;
    static final int MAX_ANIMATION_SIDE = 1024;
    public static final double MIN_ZOOM = 0.05;
    public static final double MAX_ZOOM = 8;
    private static final double ZOOM_STEP = 1.25;

    private final ObjectProperty<OutputTile> current = new SimpleObjectProperty<>();
    private final StringProperty position = new SimpleStringProperty("");
    private final StringProperty edge = new SimpleStringProperty();
    private final BooleanProperty hasPrevious = new SimpleBooleanProperty();
    private final BooleanProperty hasNext = new SimpleBooleanProperty();
    private final ObjectProperty<Content> content = new SimpleObjectProperty<>(Content.LOADING);
    private final ObjectProperty<Thumbnail> image = new SimpleObjectProperty<>();
    private final ObjectProperty<AnimatedImage> animation = new SimpleObjectProperty<>();
    private final ObjectProperty<URI> videoFile = new SimpleObjectProperty<>();
    private final ObjectProperty<VideoInfo> videoInfo = new SimpleObjectProperty<>();
    private final StringProperty problem = new SimpleStringProperty();
    private final ObjectProperty<ComfyMetadata.Generation> metadata = new SimpleObjectProperty<>();
    private final BooleanProperty fitting = new SimpleBooleanProperty(true);
    private final DoubleProperty zoom = new SimpleDoubleProperty(1);
    private final BooleanProperty loop = new SimpleBooleanProperty(true);
    private final BooleanProperty muted = new SimpleBooleanProperty(false);
    private final DoubleProperty volume = new SimpleDoubleProperty(0.8);
    private final BooleanProperty open = new SimpleBooleanProperty(true);

    private final List<OutputTile> items;
    private final WorkspaceMedia media;
    private final Executor fx;
    private final BiConsumer<ViewerViewModel, OutputTile> onClose;
    private int index;
    private long generation;

    /**
     * @param items   what previous/next walk through (the gallery's tiles when it opened)
     * @param onClose told which tile was shown last
     */
    public ViewerViewModel(List<OutputTile> items, int index, WorkspaceMedia media, Executor fx,
                           BiConsumer<ViewerViewModel, OutputTile> onClose) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to view");
        }
        this.items = List.copyOf(items);
        this.media = media;
        this.fx = fx;
        this.onClose = onClose;
        go(Math.max(0, Math.min(items.size() - 1, index)));
    }

    // ---- properties

    public ReadOnlyObjectProperty<OutputTile> currentProperty() {
        return current;
    }

    /** "3 of 40". */
    public ReadOnlyStringProperty positionProperty() {
        return position;
    }

    /** Said when previous/next is pressed at either end ("This is the last output"); null otherwise. */
    public ReadOnlyStringProperty edgeProperty() {
        return edge;
    }

    public ReadOnlyBooleanProperty hasPreviousProperty() {
        return hasPrevious;
    }

    public ReadOnlyBooleanProperty hasNextProperty() {
        return hasNext;
    }

    public ReadOnlyObjectProperty<Content> contentProperty() {
        return content;
    }

    /** The picture for IMAGE. */
    public ReadOnlyObjectProperty<Thumbnail> imageProperty() {
        return image;
    }

    /** The frames for ANIMATION. */
    public ReadOnlyObjectProperty<AnimatedImage> animationProperty() {
        return animation;
    }

    /** The cached file for VIDEO and UNPLAYABLE_VIDEO. */
    public ReadOnlyObjectProperty<URI> videoFileProperty() {
        return videoFile;
    }

    public ReadOnlyObjectProperty<VideoInfo> videoInfoProperty() {
        return videoInfo;
    }

    /** Why the output can't be shown (FAILED) or played here (UNPLAYABLE_VIDEO). */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    /** What ComfyUI stored about the generation; null while loading. */
    public ReadOnlyObjectProperty<ComfyMetadata.Generation> metadataProperty() {
        return metadata;
    }

    /** Whether the picture is scaled to fit the window; otherwise {@link #zoomProperty()} applies. */
    public ReadOnlyBooleanProperty fittingProperty() {
        return fitting;
    }

    /** 1 is 100 %. */
    public ReadOnlyDoubleProperty zoomProperty() {
        return zoom;
    }

    public BooleanProperty loopProperty() {
        return loop;
    }

    public BooleanProperty mutedProperty() {
        return muted;
    }

    /** 0..1. */
    public DoubleProperty volumeProperty() {
        return volume;
    }

    public ReadOnlyBooleanProperty openProperty() {
        return open;
    }

    public int index() {
        return index;
    }

    public int size() {
        return items.size();
    }

    // ---- commands

    public void next() {
        if (index + 1 < items.size()) {
            go(index + 1);
        } else {
            edge.set("This is the last output");
        }
    }

    public void previous() {
        if (index > 0) {
            go(index - 1);
        } else {
            edge.set("This is the first output");
        }
    }

    public void close() {
        if (!open.get()) {
            return;
        }
        open.set(false);
        generation++;
        image.set(null);
        animation.set(null);
        videoFile.set(null);
        onClose.accept(this, current.get());
    }

    /** @param shownScale the scale the picture is shown at now (the fit scale while fitting) */
    public void zoomIn(double shownScale) {
        setZoom(shownScale * ZOOM_STEP);
    }

    public void zoomOut(double shownScale) {
        setZoom(shownScale / ZOOM_STEP);
    }

    public void setZoom(double scale) {
        fitting.set(false);
        zoom.set(Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, scale)));
    }

    public void fit() {
        fitting.set(true);
    }

    public void actualSize() {
        setZoom(1);
    }

    public void openInSystemPlayer() {
        OutputTile tile = current.get();
        media.cache().open(tile.output())
                .thenCompose(cached -> media.opener().open(cached.file()))
                .whenCompleteAsync((ok, failure) -> {
                    if (failure != null && open.get()) {
                        problem.set("Could not open it in the system player: " + Errors.describe(failure));
                    }
                }, fx);
    }

    private void go(int i) {
        index = i;
        long gen = ++generation;
        OutputTile tile = items.get(i);
        current.set(tile);
        position.set((i + 1) + " of " + items.size());
        hasPrevious.set(i > 0);
        hasNext.set(i + 1 < items.size());
        edge.set(null);
        fitting.set(true);
        image.set(null);
        animation.set(null);
        videoFile.set(null);
        videoInfo.set(null);
        problem.set(null);
        metadata.set(null);
        content.set(Content.LOADING);
        media.cache().open(tile.output())
                .thenApplyAsync(this::load, media.decodePool())
                .whenCompleteAsync((loaded, failure) -> {
                    if (gen != generation) {
                        return;
                    }
                    if (failure != null) {
                        problem.set(Errors.describe(failure));
                        metadata.set(noData());
                        content.set(Content.FAILED);
                        return;
                    }
                    metadata.set(loaded.metadata());
                    image.set(loaded.image());
                    animation.set(loaded.animation());
                    videoInfo.set(loaded.video());
                    if (loaded.video() != null) {
                        videoFile.set(loaded.file());
                        problem.set(loaded.video().playable() ? null : loaded.video().problem());
                    }
                    content.set(loaded.content());
                }, fx);
    }

    private record Loaded(Content content, Thumbnail image, AnimatedImage animation, URI file, VideoInfo video,
                          ComfyMetadata.Generation metadata) {
    }

    /** Blocking: reads and decodes the cached original. */
    private Loaded load(CachedOutput cached) {
        try {
            MediaType type = cached.type();
            URI uri = cached.file().toUri();
            if (type.isVideo()) {
                VideoInfo info = media.videoProbe().probe(cached.file());
                return new Loaded(info.playable() ? Content.VIDEO : Content.UNPLAYABLE_VIDEO, null, null, uri, info,
                        noData());
            }
            ComfyMetadata.Generation meta = type == MediaType.PNG ? ComfyMetadata.parse(PngText.read(cached.file()))
                    : noData();
            byte[] bytes = Files.readAllBytes(cached.file());
            if (type == MediaType.WEBP_ANIMATED) {
                AnimatedImage frames = media.decoder().decodeAnimation(bytes, MAX_ANIMATION_SIDE);
                return new Loaded(Content.ANIMATION, null, frames, uri, null, meta);
            }
            return new Loaded(Content.IMAGE, media.decoder().decode(bytes, MAX_IMAGE_SIDE), null, uri, null, meta);
        } catch (MediaDecodeException e) {
            throw new CompletionException(e);
        } catch (IOException e) {
            throw new CompletionException(new IOException("Could not read the downloaded file (" + e.getMessage() + ")", e));
        }
    }

    private static ComfyMetadata.Generation noData() {
        return ComfyMetadata.parse(Map.of());
    }
}
