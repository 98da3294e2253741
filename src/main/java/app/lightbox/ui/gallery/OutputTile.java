package app.lightbox.ui.gallery;

import app.lightbox.core.media.AnimatedImage;
import app.lightbox.core.media.Thumbnail;
import app.lightbox.core.media.VideoInfo;
import app.lightbox.model.MediaKind;
import app.lightbox.model.Output;
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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** One output in the grid and how far its preview has come. Changed only on the FX thread. */
public final class OutputTile {

    /**
     * LOADING until the preview is known; READY with a thumbnail; VIDEO with what the probe found (and a
     * poster if there is one); FAILED with the reason; NOT_PREVIEWED for files that are no picture.
     */
    public enum State { LOADING, READY, VIDEO, FAILED, NOT_PREVIEWED }

    private final Output output;
    private final String workflowName;
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.LOADING);
    private final ObjectProperty<Thumbnail> thumbnail = new SimpleObjectProperty<>();
    private final StringProperty problem = new SimpleStringProperty();
    private final ObjectProperty<VideoInfo> video = new SimpleObjectProperty<>();
    private final BooleanProperty selected = new SimpleBooleanProperty();
    private final BooleanProperty focused = new SimpleBooleanProperty();
    private final BooleanProperty animated = new SimpleBooleanProperty();
    private final ObjectProperty<URI> playing = new SimpleObjectProperty<>();
    private final ObjectProperty<AnimatedImage> animation = new SimpleObjectProperty<>();
    private final BooleanProperty hovered = new SimpleBooleanProperty();

    /** The thumbnail or probe under way, cancelled when the tile leaves the screen. */
    CompletableFuture<?> pending;
    /** How many cells show the tile now. */
    int shownBy;
    /** The picture was let go while no cell showed the tile; the thumbnail caches bring it back when shown. */
    boolean pictureDropped;

    OutputTile(Output output) {
        this(output, null);
    }

    OutputTile(Output output, String workflowName) {
        this.output = output;
        this.workflowName = workflowName;
    }

    public Output output() {
        return output;
    }

    public String name() {
        return output.suggestedName();
    }

    /** The workflow's name in the "All outputs" view; null when one workflow is shown. */
    public String workflowName() {
        return workflowName;
    }

    /** From the name until the bytes have been seen, then from the bytes. */
    public MediaKind kind() {
        return state.get() == State.VIDEO ? MediaKind.VIDEO : output.kind();
    }

    public boolean isVideo() {
        return kind() == MediaKind.VIDEO;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public State state() {
        return state.get();
    }

    /**
     * The picture of a READY tile, or the poster frame of a VIDEO tile: null until there is one, and again
     * while no cell shows the tile (a gallery of thousands keeps pixels only for what is on screen).
     */
    public ReadOnlyObjectProperty<Thumbnail> thumbnailProperty() {
        return thumbnail;
    }

    /** Why the tile has no picture (or why its video can't play here), for a person. */
    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    public ReadOnlyObjectProperty<VideoInfo> videoProperty() {
        return video;
    }

    /** "0:03", or null when unknown. */
    public String durationText() {
        VideoInfo v = video.get();
        return v == null || v.duration() == null ? null : formatDuration(v.duration());
    }

    /** A video that can't be played inside Lightbox (WebM, HEVC...): offer the system player. */
    public boolean needsSystemPlayer() {
        VideoInfo v = video.get();
        return state.get() == State.VIDEO && v != null && !v.playable();
    }

    public ReadOnlyBooleanProperty selectedProperty() {
        return selected;
    }

    public boolean isSelected() {
        return selected.get();
    }

    /** The keyboard focus of the grid. */
    public ReadOnlyBooleanProperty focusedProperty() {
        return focused;
    }

    /** An animated WebP: it moves while hovered. */
    public ReadOnlyBooleanProperty animatedProperty() {
        return animated;
    }

    /** The cached file to play muted while hovered; null when nothing should play. */
    public ReadOnlyObjectProperty<URI> playingProperty() {
        return playing;
    }

    /** The frames to run while hovered (animated WebP); null otherwise. */
    public ReadOnlyObjectProperty<AnimatedImage> animationProperty() {
        return animation;
    }

    public ReadOnlyBooleanProperty hoveredProperty() {
        return hovered;
    }

    void ready(Thumbnail t, boolean isAnimated) {
        thumbnail.set(t);
        problem.set(null);
        animated.set(isAnimated);
        state.set(State.READY);
    }

    void video(VideoInfo info) {
        video.set(info);
        problem.set(info.playable() ? null : info.problem());
        state.set(State.VIDEO);
    }

    /** A playable video's first frame: shown on the tile until the pointer makes it play. */
    void poster(Thumbnail t) {
        if (state.get() == State.VIDEO) {
            thumbnail.set(t);
        }
    }

    /** Lets go of the picture's pixels; the state (and what is known about the output) stays. */
    void dropPicture() {
        if (thumbnail.get() != null) {
            thumbnail.set(null);
            pictureDropped = true;
        }
    }

    /** The picture let go by {@link #dropPicture()}, back again. */
    void restorePicture(Thumbnail t) {
        pictureDropped = false;
        if (state.get() == State.READY || state.get() == State.VIDEO) {
            thumbnail.set(t);
        }
    }

    void failed(String why) {
        problem.set(why);
        state.set(State.FAILED);
    }

    void notPreviewed(String why) {
        problem.set(why);
        state.set(State.NOT_PREVIEWED);
    }

    void loading() {
        state.set(State.LOADING);
    }

    void select(boolean on) {
        selected.set(on);
    }

    void focus(boolean on) {
        focused.set(on);
    }

    void hover(boolean on) {
        hovered.set(on);
    }

    void play(URI file) {
        playing.set(file);
    }

    void animate(AnimatedImage frames) {
        animation.set(frames);
    }

    static String formatDuration(Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
