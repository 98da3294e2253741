package app.lightbox.ui.gallery;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.media.CachedOutput;
import app.lightbox.core.media.MediaDecodeException;
import app.lightbox.core.media.MediaType;
import app.lightbox.core.media.NotAnImageException;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.core.media.VideoInfo;
import app.lightbox.model.MediaKind;
import app.lightbox.model.Output;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.ui.common.Errors;
import app.lightbox.ui.common.WorkspaceMedia;
import app.lightbox.ui.viewer.ViewerViewModel;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The outputs of one workflow, or of all completed workflows ("All outputs"), as a grid of tiles with a
 * sentence for every empty state. Previews are made only for tiles on screen (the view says which) and
 * the work for tiles scrolled away is cancelled; "All outputs" asks for a workflow's outputs only when its
 * tiles come near the viewport, one request at a time. Selection, focus and the open viewer live here.
 */
public final class GalleryViewModel {

    public enum MediaFilter {
        ALL("All"), IMAGES("Images"), VIDEOS("Videos");

        private final String label;

        MediaFilter(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean accepts(OutputTile t) {
            return switch (this) {
                case ALL -> true;
                case IMAGES -> t.kind() == MediaKind.IMAGE;
                case VIDEOS -> t.kind() == MediaKind.VIDEO;
            };
        }
    }

    public enum Mode { NONE, WORKFLOW, ALL_OUTPUTS }

    public static final int THUMBNAIL_SIDE = 256;
    public static final double MIN_TILE = 96;
    public static final double MAX_TILE = 256;
    public static final double DEFAULT_TILE = 176;
    /** Workflows asked for per page in "All outputs". */
    static final int WORKFLOW_PAGE = 50;
    /** "All outputs" keeps this many tiles ready beyond the last one shown. */
    static final int LOOKAHEAD = 48;
    static final int FIRST_SCREEN = 60;

    private final List<OutputTile> all = new ArrayList<>();
    private final ObservableList<OutputTile> tiles = FXCollections.observableArrayList();
    /** Held once: an unmodifiable view listens weakly, so a fresh one per call could stop updating. */
    private final ObservableList<OutputTile> tilesView = FXCollections.unmodifiableObservableList(tiles);
    private final ObservableList<OutputTile> selected = FXCollections.observableArrayList();
    private final ObservableList<OutputTile> selectedView = FXCollections.unmodifiableObservableList(selected);
    private final StringProperty title = new SimpleStringProperty("");
    private final StringProperty subtitle = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("Select a workflow to see its outputs.");
    private final StringProperty notice = new SimpleStringProperty();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final ObjectProperty<MediaFilter> filter = new SimpleObjectProperty<>(MediaFilter.ALL);
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.NONE);
    private final DoubleProperty tileSize = new SimpleDoubleProperty(DEFAULT_TILE);
    private final IntegerProperty focusedIndex = new SimpleIntegerProperty(-1);
    private final ObjectProperty<ViewerViewModel> viewer = new SimpleObjectProperty<>();

    private final ComfyControlApi api;
    private final WorkspaceMedia media;
    private final Executor fx;
    private long generation;
    private int anchor = -1;
    private OutputTile hovered;

    // "All outputs" paging
    private final Deque<Workflow> unfetched = new ArrayDeque<>();
    private int nextPage = 1;
    private boolean morePages;
    private boolean fetching;
    private int wanted;
    private int failedWorkflows;

    public GalleryViewModel(ComfyControlApi api, WorkspaceMedia media, Executor fx) {
        this.api = api;
        this.media = media;
        this.fx = fx;
    }

    // ---- properties

    /** The tiles the filter lets through, newest first. */
    public ObservableList<OutputTile> tiles() {
        return tilesView;
    }

    public ObservableList<OutputTile> selectedTiles() {
        return selectedView;
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

    /** A remark shown above a grid that is otherwise fine ("2 workflows' outputs could not be loaded"). */
    public ReadOnlyStringProperty noticeProperty() {
        return notice;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyObjectProperty<MediaFilter> filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode;
    }

    /** Edge length of a tile on screen, {@link #MIN_TILE}..{@link #MAX_TILE}; the slider binds to it. */
    public DoubleProperty tileSizeProperty() {
        return tileSize;
    }

    public ReadOnlyIntegerProperty focusedIndexProperty() {
        return focusedIndex;
    }

    /** The open viewer, or null. */
    public ReadOnlyObjectProperty<ViewerViewModel> viewerProperty() {
        return viewer;
    }

    // ---- commands: what to show

    /** Shows a workflow's outputs; work still running for the previous one is ignored. */
    public void show(Workflow workflow) {
        long gen = reset(workflow == null ? Mode.NONE : Mode.WORKFLOW);
        if (workflow == null) {
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

    /** The outputs of every completed workflow, newest first, fetched as the artist scrolls. */
    public void showAll() {
        reset(Mode.ALL_OUTPUTS);
        title.set("All outputs");
        subtitle.set("Completed workflows, newest first");
        message.set("Loading outputs…");
        morePages = true;
        wanted = FIRST_SCREEN;
        pump();
    }

    public void setFilter(MediaFilter f) {
        if (f == null || f == filter.get()) {
            return;
        }
        filter.set(f);
        refilter();
        if (mode.get() == Mode.ALL_OUTPUTS) {
            wanted = Math.max(FIRST_SCREEN, tiles.size());
            pump();
        }
    }

    private long reset(Mode m) {
        long gen = ++generation;
        closeViewer();
        for (OutputTile t : all) {
            cancel(t);
        }
        hovered = null;
        all.clear();
        tiles.clear();
        selected.clear();
        anchor = -1;
        focusedIndex.set(-1);
        unfetched.clear();
        nextPage = 1;
        morePages = false;
        fetching = false;
        wanted = 0;
        failedWorkflows = 0;
        notice.set(null);
        loading.set(false);
        title.set("");
        subtitle.set("");
        mode.set(m);
        return gen;
    }

    private void loadOutputs(Workflow workflow, long gen) {
        loading.set(true);
        message.set("Loading outputs…");
        media.links().outputs(workflow.id()).whenCompleteAsync((outputs, failure) -> {
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
            append(outputs, null);
        }, fx);
    }

    /**
     * Adds outputs after those shown. Only the new tiles are filtered and added: "All outputs" appends a
     * workflow at a time, and replacing the whole list each time would cost work for every tile already
     * there and make the grid rebind every cell on screen.
     */
    private void append(List<Output> outputs, String workflowName) {
        List<OutputTile> added = new ArrayList<>(outputs.size());
        for (Output o : outputs) {
            added.add(new OutputTile(o, workflowName));
        }
        all.addAll(added);
        tiles.addAll(added.stream().filter(filter.get()::accepts).toList());
        updateMessage();
    }

    private void refilter() {
        OutputTile focused = focusedTile();
        List<OutputTile> visible = all.stream().filter(filter.get()::accepts).toList();
        tiles.setAll(visible);
        selected.removeIf(t -> !filter.get().accepts(t));
        all.stream().filter(t -> t.isSelected() && !filter.get().accepts(t)).forEach(t -> t.select(false));
        setFocus(focused == null ? -1 : tiles.indexOf(focused));
        if (anchor >= tiles.size()) {
            anchor = -1;
        }
        updateMessage();
    }

    private void updateMessage() {
        if (!tiles.isEmpty()) {
            message.set(null);
            return;
        }
        boolean stillLoading = mode.get() == Mode.ALL_OUTPUTS && (fetching || morePages || !unfetched.isEmpty());
        if (mode.get() == Mode.ALL_OUTPUTS && stillLoading) {
            message.set("Loading outputs…");
        } else if (all.isEmpty()) {
            message.set(mode.get() == Mode.ALL_OUTPUTS ? "No completed workflow has outputs yet."
                    : "This workflow completed without outputs.");
        } else {
            message.set(filter.get() == MediaFilter.VIDEOS ? "No videos here." : "No images here.");
        }
    }

    /** Fetches workflows and their outputs one request at a time until enough tiles are there. */
    private void pump() {
        if (mode.get() != Mode.ALL_OUTPUTS || fetching || tiles.size() >= wanted) {
            loading.set(fetching);
            return;
        }
        long gen = generation;
        Workflow next = unfetched.poll();
        if (next != null) {
            fetching = true;
            loading.set(true);
            media.links().outputs(next.id()).whenCompleteAsync((outputs, failure) -> {
                if (gen != generation) {
                    return;
                }
                fetching = false;
                if (failure != null) {
                    failedWorkflows++;
                    notice.set(failedWorkflows + (failedWorkflows == 1 ? " workflow's" : " workflows'")
                            + " outputs could not be loaded (" + Errors.describe(failure) + ")");
                } else {
                    append(outputs, next.name());
                }
                pump();
                updateMessage();
            }, fx);
            return;
        }
        if (morePages) {
            fetching = true;
            loading.set(true);
            api.workflows(nextPage, WORKFLOW_PAGE, WorkflowStatus.COMPLETED).whenCompleteAsync((page, failure) -> {
                if (gen != generation) {
                    return;
                }
                fetching = false;
                if (failure != null) {
                    morePages = false;
                    notice.set("Could not list more workflows: " + Errors.describe(failure));
                } else {
                    nextPage++;
                    morePages = page.hasMore() && !page.workflows().isEmpty();
                    page.workflows().stream().filter(w -> w.status().isSuccess()).forEach(unfetched::add);
                }
                pump();
                updateMessage();
            }, fx);
            return;
        }
        loading.set(false);
        updateMessage();
    }

    /** Whether "All outputs" has fetched every completed workflow's outputs. */
    public boolean allFetched() {
        return !fetching && !morePages && unfetched.isEmpty();
    }

    // ---- commands: previews, driven by what is on screen

    /**
     * A cell started showing {@code tile} at {@code index}: make its preview now, ahead of everything else.
     * Each call is matched by one {@link #tileHidden} when the cell lets go of it.
     */
    public void tileShown(OutputTile tile, int index) {
        tile.shownBy++;
        shownAt(index);
        if (tile.pending != null) {
            return;
        }
        long gen = generation;
        if (tile.pictureDropped) {
            restorePicture(tile, gen);
            return;
        }
        if (tile.state() != OutputTile.State.LOADING) {
            return;
        }
        Output output = tile.output();
        if (output.kind() == MediaKind.VIDEO) {
            probeVideo(tile, gen);
        } else if (output.kind() == MediaKind.IMAGE) {
            thumbnail(tile, gen);
        } else {
            // The name says nothing; the bytes decide (a thumbnail attempt sniffs them).
            thumbnail(tile, gen);
        }
    }

    /** A cell still shows a tile, now at {@code index} (a relayout); "All outputs" reads ahead from there. */
    public void shownAt(int index) {
        if (mode.get() == Mode.ALL_OUTPUTS && index + LOOKAHEAD > wanted) {
            wanted = index + LOOKAHEAD;
            pump();
        }
    }

    /**
     * A cell was reused for another tile: once no cell shows {@code tile}, drop work not yet done for it,
     * stop its preview and let go of its pixels (the thumbnail caches, bounded, bring them back). Decided
     * after the current layout pass, because the grid moves tiles between cells while it lays out rows
     * (and keeps a hidden cell for measuring), and a tile that merely moved must keep its work and its hover.
     */
    public void tileHidden(OutputTile tile) {
        tile.shownBy = Math.max(0, tile.shownBy - 1);
        if (tile.shownBy == 0) {
            fx.execute(() -> {
                if (tile.shownBy > 0) {
                    return;
                }
                if (tile == hovered) {
                    hoverEnded(tile);
                }
                if (tile.state() == OutputTile.State.LOADING || tile.pictureDropped) {
                    cancel(tile);
                } else {
                    tile.dropPicture();
                }
            });
        }
    }

    private static void cancel(OutputTile tile) {
        CompletableFuture<?> p = tile.pending;
        tile.pending = null;
        if (p != null && !p.isDone()) {
            p.cancel(false);
        }
        tile.play(null);
        tile.animate(null);
    }

    /**
     * Runs {@code then} on the FX thread when {@code f} completes: at once if it already has (a thumbnail
     * found in memory shows in the same pulse as its cell, without a blank frame), else after a hop.
     */
    private <T> void onFx(CompletableFuture<T> f, java.util.function.BiConsumer<? super T, ? super Throwable> then) {
        if (f.isDone()) {
            f.whenComplete(then);
        } else {
            f.whenCompleteAsync(then, fx);
        }
    }

    /** A tile shown again after its picture was let go: the same picture, from memory or disk. */
    private void restorePicture(OutputTile tile, long gen) {
        CompletableFuture<app.lightbox.core.media.Thumbnail> f = tile.state() == OutputTile.State.VIDEO
                ? media.thumbnails().poster(tile.output(), THUMBNAIL_SIDE, ThumbnailService.PRIORITY_VISIBLE)
                : media.thumbnails().thumbnail(tile.output(), THUMBNAIL_SIDE, ThumbnailService.PRIORITY_VISIBLE);
        tile.pending = f;
        onFx(f, (t, failure) -> {
            if (gen != generation || tile.pending != f) {
                return;
            }
            tile.pending = null;
            if (failure == null) {
                tile.restorePicture(t);
                return;
            }
            Throwable e = app.lightbox.core.concurrent.Futures.unwrap(failure);
            if (e instanceof java.util.concurrent.CancellationException) {
                return;
            }
            tile.pictureDropped = false;
            if (tile.state() == OutputTile.State.READY) {
                // Made once already, so the cached original went away and could not be fetched again.
                tile.failed(Errors.describe(e));
            }
        });
    }

    private void thumbnail(OutputTile tile, long gen) {
        CompletableFuture<app.lightbox.core.media.Thumbnail> f = media.thumbnails()
                .thumbnail(tile.output(), THUMBNAIL_SIDE, ThumbnailService.PRIORITY_VISIBLE);
        tile.pending = f;
        onFx(f, (t, failure) -> {
            if (gen != generation || tile.pending != f) {
                return;
            }
            if (failure == null) {
                tile.pending = null;
                tile.ready(t, false);
                if (tile.output().suggestedName().toLowerCase(java.util.Locale.ROOT).endsWith(".webp")) {
                    markIfAnimated(tile, gen);
                }
                return;
            }
            Throwable e = app.lightbox.core.concurrent.Futures.unwrap(failure);
            if (e instanceof java.util.concurrent.CancellationException) {
                return;
            }
            if (e instanceof NotAnImageException n && n.type().isVideo()) {
                probeVideo(tile, gen);
                return;
            }
            tile.pending = null;
            if (e instanceof NotAnImageException n && n.type().kind() == MediaKind.OTHER
                    && tile.output().kind() == MediaKind.OTHER) {
                tile.notPreviewed(Errors.describe(e));
            } else {
                tile.failed(Errors.describe(e));
            }
        });
    }

    private void markIfAnimated(OutputTile tile, long gen) {
        media.cache().open(tile.output()).thenAcceptAsync(cached -> {
            if (gen == generation && cached.type() == MediaType.WEBP_ANIMATED) {
                tile.ready(tile.thumbnailProperty().get(), true);
            }
        }, fx);
    }

    private void probeVideo(OutputTile tile, long gen) {
        CompletableFuture<VideoInfo> f = media.cache().open(tile.output())
                .thenApplyAsync(cached -> {
                    try {
                        return media.videoProbe().probe(cached.file());
                    } catch (MediaDecodeException e) {
                        throw new CompletionException(e);
                    }
                }, media.io());
        tile.pending = f;
        f.whenCompleteAsync((info, failure) -> {
            if (gen != generation || tile.pending != f) {
                return;
            }
            tile.pending = null;
            if (failure == null) {
                tile.video(info);
                if (info.playable()) {
                    poster(tile, gen);
                }
            } else if (!(app.lightbox.core.concurrent.Futures.unwrap(failure) instanceof java.util.concurrent.CancellationException)) {
                tile.failed(Errors.describe(failure));
            }
        }, fx);
    }

    /** A playable video's poster, taken once and then read from disk; without one the tile keeps its ▶ placeholder. */
    private void poster(OutputTile tile, long gen) {
        media.thumbnails().poster(tile.output(), THUMBNAIL_SIDE, ThumbnailService.PRIORITY_NEARBY)
                .whenCompleteAsync((t, failure) -> {
                    if (gen == generation && failure == null) {
                        if (tile.shownBy > 0) {
                            tile.poster(t);
                        } else {
                            // Scrolled away meanwhile: it is fetched again, from disk, when shown.
                            tile.pictureDropped = true;
                        }
                    }
                }, fx);
    }

    /** The pointer rests on a tile: a playable video plays muted, an animated WebP moves. */
    public void hoverStarted(OutputTile tile) {
        if (hovered != null && hovered != tile) {
            stopPreview(hovered);
        }
        hovered = tile;
        tile.hover(true);
        long gen = generation;
        if (tile.state() == OutputTile.State.VIDEO && tile.videoProperty().get().playable()) {
            media.cache().open(tile.output()).whenCompleteAsync((cached, failure) -> {
                if (failure == null && gen == generation && tile.hoveredProperty().get()) {
                    tile.play(cached.file().toUri());
                }
            }, fx);
        } else if (tile.state() == OutputTile.State.READY && tile.animatedProperty().get()) {
            media.cache().open(tile.output())
                    .thenApplyAsync(cached -> decodeAnimation(cached), media.decodePool())
                    .whenCompleteAsync((frames, failure) -> {
                        if (failure == null && gen == generation && tile.hoveredProperty().get()) {
                            tile.animate(frames);
                        }
                    }, fx);
        }
    }

    private app.lightbox.core.media.AnimatedImage decodeAnimation(CachedOutput cached) {
        try {
            return media.decoder().decodeAnimation(Files.readAllBytes(cached.file()), THUMBNAIL_SIDE);
        } catch (MediaDecodeException | java.io.IOException e) {
            throw new CompletionException(e);
        }
    }

    /**
     * The pointer left a tile. There is one pointer, so whatever tile is hovered stops: the node that
     * reports the exit may show another tile by now if the grid moved tiles between cells.
     */
    public void hoverEnded(OutputTile tile) {
        if (hovered != null) {
            stopPreview(hovered);
            hovered = null;
        }
        stopPreview(tile);
    }

    private static void stopPreview(OutputTile tile) {
        tile.hover(false);
        tile.play(null);
        tile.animate(null);
    }

    /** Opens a file Lightbox can't play in the system's player; failures are said in the notice. */
    public void openInSystemPlayer(OutputTile tile) {
        media.cache().open(tile.output())
                .thenCompose(cached -> media.opener().open(cached.file()))
                .whenCompleteAsync((ok, failure) -> {
                    if (failure != null) {
                        notice.set("Could not open “" + tile.name() + "”: " + Errors.describe(failure));
                    }
                }, fx);
    }

    // ---- commands: selection

    /** A click on the tile at {@code index}, with Shift (range from the anchor) or Ctrl/Cmd (toggle). */
    public void click(int index, boolean shift, boolean ctrl) {
        if (index < 0 || index >= tiles.size()) {
            return;
        }
        if (shift && anchor >= 0) {
            if (!ctrl) {
                clearSelectionQuietly();
            }
            int from = Math.min(anchor, index);
            int to = Math.max(anchor, index);
            for (int i = from; i <= to; i++) {
                tiles.get(i).select(true);
            }
        } else if (ctrl) {
            OutputTile t = tiles.get(index);
            t.select(!t.isSelected());
            anchor = index;
        } else {
            clearSelectionQuietly();
            tiles.get(index).select(true);
            anchor = index;
        }
        setFocus(index);
        publishSelection();
    }

    /** Arrow keys: {@code delta} is ±1 for left/right and ±columns for up/down. */
    public void moveFocus(int delta, boolean shift) {
        if (tiles.isEmpty()) {
            return;
        }
        int from = focusedIndex.get();
        int target = from < 0 ? 0 : Math.max(0, Math.min(tiles.size() - 1, from + delta));
        if (shift && anchor < 0) {
            anchor = Math.max(0, from);
        }
        click(target, shift, false);
    }

    /** Moves focus to the first ({@code last == false}) or last tile (Home/End). */
    public void focusEnd(boolean last, boolean shift) {
        if (!tiles.isEmpty()) {
            click(last ? tiles.size() - 1 : 0, shift, false);
        }
    }

    public void selectAll() {
        tiles.forEach(t -> t.select(true));
        publishSelection();
    }

    public void clearSelection() {
        clearSelectionQuietly();
        publishSelection();
    }

    private void clearSelectionQuietly() {
        for (OutputTile t : selected) {
            t.select(false);
        }
    }

    private void publishSelection() {
        selected.setAll(tiles.stream().filter(OutputTile::isSelected).toList());
    }

    private void setFocus(int index) {
        OutputTile old = focusedTile();
        if (old != null) {
            old.focus(false);
        }
        focusedIndex.set(index);
        OutputTile now = focusedTile();
        if (now != null) {
            now.focus(true);
        }
    }

    private OutputTile focusedTile() {
        int i = focusedIndex.get();
        return i >= 0 && i < tiles.size() ? tiles.get(i) : null;
    }

    // ---- commands: viewer

    /** Opens the focused tile (or the first selected, or the first) full size. */
    public void openViewer() {
        int i = focusedIndex.get();
        if (i < 0 && !selected.isEmpty()) {
            i = tiles.indexOf(selected.get(0));
        }
        openViewer(Math.max(0, i));
    }

    public void openViewer(int index) {
        if (index < 0 || index >= tiles.size()) {
            return;
        }
        closeViewer();
        if (hovered != null) {
            hoverEnded(hovered);
        }
        viewer.set(new ViewerViewModel(List.copyOf(tiles), index, media, fx, this::viewerClosed));
    }

    public void closeViewer() {
        ViewerViewModel v = viewer.get();
        if (v != null) {
            v.close();
        }
    }

    private void viewerClosed(ViewerViewModel v, OutputTile last) {
        if (viewer.get() != v) {
            return;
        }
        viewer.set(null);
        int i = tiles.indexOf(last);
        if (i >= 0) {
            click(i, false, false);
        }
    }

    static String describeStatus(WorkflowStatus s) {
        return s.isKnown() ? capitalize(s.raw()) : "Unknown status “" + s.raw() + "”";
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
