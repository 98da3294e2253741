package app.lightbox.ui.gallery;

import app.lightbox.core.media.AnimatedImage;
import app.lightbox.core.media.Thumbnail;
import app.lightbox.ui.common.FxImages;
import javafx.animation.Animation;
import javafx.animation.Interpolator;
import javafx.animation.KeyFrame;
import javafx.animation.RotateTransition;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.media.MediaPlayer;
import javafx.scene.media.MediaView;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import org.controlsfx.control.GridCell;

import java.net.URI;
import java.util.List;

/**
 * One tile of the gallery: the thumbnail, a spinner, or a placeholder that says why there is none; a
 * video plays muted and an animated WebP moves while the pointer rests on it. The cell tells the
 * ViewModel when it starts and stops showing a tile, so only tiles on screen cost work.
 */
final class ThumbnailCell extends GridCell<OutputTile> {

    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass FOCUSED = PseudoClass.getPseudoClass("focused-tile");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final double LOADING_RADIUS = 11;

    private final GalleryViewModel vm;
    private final FxImages images;
    private final PlayerPool<MediaPlayer> players;
    private final ImageView view = new ImageView();
    /** One node, where a ProgressIndicator is about fifteen to style on every cell the grid lays out. */
    private final Circle loading = new Circle(LOADING_RADIUS);
    private final Label caption = new Label();
    private final StackPane frame = new StackPane();
    // Made the first time this cell shows a tile that needs them, then kept: most tiles are plain
    // pictures, and every node in a cell is styled again each time the grid lays out its row.
    private MediaView video;
    private VBox placeholder;
    private Label placeholderTitle;
    private Label placeholderText;
    private Button systemPlayer;
    private Label badge;
    private RotateTransition spin;
    private final ChangeListener<Object> refresh = (obs, a, b) -> render();
    private final ChangeListener<URI> playing = (obs, a, b) -> play(b);
    private final ChangeListener<AnimatedImage> animation = (obs, a, b) -> animate(b);
    private OutputTile bound;
    /** Made when the pointer first rests on the cell: a Tooltip is a popup window with a scene of its own. */
    private Tooltip tooltip;
    private boolean releaseQueued;
    private boolean emptyingHeld;
    private Timeline timeline;
    /** The thumbnail the image view shows while no animation runs. */
    private Thumbnail shownStill;
    /** The file this cell's player plays, kept across the grid's empty-and-refill of the same tile. */
    private URI playingFile;

    ThumbnailCell(GalleryViewModel vm, FxImages images, PlayerPool<MediaPlayer> players) {
        this.vm = vm;
        this.images = images;
        this.players = players;
        getStyleClass().add("thumbnail-cell");
        view.setPreserveRatio(true);
        view.setSmooth(true);
        loading.getStyleClass().add("tile-loading");
        loading.setVisible(false);
        caption.getStyleClass().add("tile-caption");
        caption.setMaxWidth(Double.MAX_VALUE);
        StackPane.setAlignment(caption, Pos.BOTTOM_LEFT);
        frame.getStyleClass().add("tile-frame");
        frame.getChildren().addAll(view, loading, caption);
        // The frame stays the graphic for the cell's whole life and is only hidden while the cell is empty:
        // taking it out of the scene and putting it back makes JavaFX restyle all of its nodes from scratch.
        frame.setVisible(false);
        setGraphic(frame);
        view.fitWidthProperty().bind(widthProperty().subtract(8));
        view.fitHeightProperty().bind(heightProperty().subtract(8));
        setOnMouseEntered(e -> {
            if (bound != null) {
                if (tooltip == null) {
                    tooltip = new Tooltip(tooltipText(bound));
                    setTooltip(tooltip);
                }
                vm.hoverStarted(bound);
            }
        });
        setOnMouseExited(e -> {
            if (bound != null) {
                vm.hoverEnded(bound);
            }
        });
        setOnMouseClicked(e -> {
            if (bound == null || e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            if (getGridView() != null) {
                getGridView().requestFocus();
            }
            if (e.getClickCount() == 2) {
                vm.openViewer(getIndex());
            } else {
                vm.click(getIndex(), e.isShiftDown(), e.isShortcutDown());
            }
        });
    }

    private MediaView video() {
        if (video == null) {
            video = new MediaView();
            video.setPreserveRatio(true);
            video.setVisible(false);
            video.setMouseTransparent(true);
            video.fitWidthProperty().bind(widthProperty().subtract(8));
            video.fitHeightProperty().bind(heightProperty().subtract(8));
            frame.getChildren().add(frame.getChildren().indexOf(view) + 1, video);
        }
        return video;
    }

    private boolean videoShown() {
        return video != null && video.isVisible();
    }

    private VBox placeholder() {
        if (placeholder == null) {
            placeholderTitle = new Label();
            placeholderTitle.getStyleClass().add("tile-placeholder-title");
            placeholderTitle.setWrapText(true);
            placeholderTitle.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
            placeholderText = new Label();
            placeholderText.getStyleClass().add("tile-placeholder-text");
            placeholderText.setWrapText(true);
            placeholderText.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
            systemPlayer = new Button("Open in system player");
            systemPlayer.getStyleClass().add("tile-action");
            systemPlayer.managedProperty().bind(systemPlayer.visibleProperty());
            systemPlayer.setOnAction(e -> {
                if (bound != null) {
                    vm.openInSystemPlayer(bound);
                }
            });
            placeholder = new VBox(6, placeholderTitle, placeholderText, systemPlayer);
            placeholder.setAlignment(Pos.CENTER);
            placeholder.getStyleClass().add("tile-placeholder");
            placeholder.maxWidthProperty().bind(widthProperty().subtract(20));
            frame.getChildren().add(frame.getChildren().indexOf(badge != null ? badge : caption), placeholder);
        }
        return placeholder;
    }

    private Label badge() {
        if (badge == null) {
            badge = new Label();
            badge.getStyleClass().add("tile-badge");
            StackPane.setAlignment(badge, Pos.TOP_RIGHT);
            frame.getChildren().add(frame.getChildren().indexOf(caption), badge);
        }
        return badge;
    }

    /** Turns while the tile loads and the cell shows it; stopped otherwise, so an idle grid asks for no pulses. */
    private void spin(boolean on) {
        if (on && spin == null) {
            spin = new RotateTransition(Duration.seconds(1), loading);
            spin.setByAngle(360);
            spin.setInterpolator(Interpolator.LINEAR);
            spin.setCycleCount(Animation.INDEFINITE);
        }
        if (on && spin.getStatus() != Animation.Status.RUNNING) {
            spin.play();
        } else if (!on && spin != null && spin.getStatus() == Animation.Status.RUNNING) {
            spin.pause();
        }
    }

    /**
     * ControlsFX's grid row empties every cell ({@code updateIndex(-1)}) and refills it at once on each
     * relayout, which while scrolling is every pulse for every row on screen. Emptying flips the cell's
     * empty/filled pseudo-classes, which restyles all of its nodes twice; so an emptying is held back until
     * the index that follows, and dropped when that index still holds the same tile. One that nothing follows
     * is carried out after the pulse.
     */
    @Override
    public void updateIndex(int i) {
        if (i < 0 && getIndex() >= 0 && !isEmpty()) {
            if (!emptyingHeld) {
                emptyingHeld = true;
                Platform.runLater(() -> {
                    if (emptyingHeld) {
                        emptyingHeld = false;
                        super.updateIndex(-1);
                    }
                });
            }
            return;
        }
        if (emptyingHeld) {
            emptyingHeld = false;
            if (i == getIndex() && !sameItemAt(i)) {
                super.updateIndex(-1);
            }
        }
        super.updateIndex(i);
    }

    private boolean sameItemAt(int i) {
        var items = getGridView() == null ? null : getGridView().getItems();
        return items != null && i < items.size() && items.get(i) == getItem();
    }

    @Override
    protected void updateItem(OutputTile tile, boolean empty) {
        super.updateItem(tile, empty);
        // The grid measures rows with a spare row that is never shown, moving it over row after row on
        // every pulse; a tile bound there must not count as shown, or every tile of the gallery gets
        // its preview (and its download) made in the end.
        OutputTile now = empty || inMeasuringRow() ? null : tile;
        if (now == bound) {
            if (now != null) {
                vm.shownAt(getIndex());
            }
            return;
        }
        if (now == null) {
            // Let go only if the cell is still empty after this pulse: the grid may refill it with the same
            // tile within the same layout pass, and a tile that stays where it is should cost nothing.
            queueRelease();
            return;
        }
        if (bound != null) {
            unbind();
        }
        bind(now);
    }

    private void bind(OutputTile now) {
        bound = now;
        now.stateProperty().addListener(refresh);
        now.thumbnailProperty().addListener(refresh);
        now.selectedProperty().addListener(refresh);
        now.focusedProperty().addListener(refresh);
        now.animatedProperty().addListener(refresh);
        now.playingProperty().addListener(playing);
        now.animationProperty().addListener(animation);
        caption.setText(now.name());
        if (tooltip != null) {
            tooltip.setText(tooltipText(now));
        }
        frame.setVisible(true);
        vm.tileShown(now, getIndex());
        if (now.playingProperty().get() != null) {
            play(now.playingProperty().get());
        }
        if (now.animationProperty().get() != null) {
            animate(now.animationProperty().get());
        }
        render();
    }

    private static String tooltipText(OutputTile tile) {
        return tile.name() + (tile.workflowName() == null ? "" : "\n" + tile.workflowName());
    }

    private void queueRelease() {
        if (bound == null || releaseQueued) {
            return;
        }
        releaseQueued = true;
        Platform.runLater(() -> {
            releaseQueued = false;
            OutputTile now = isEmpty() || inMeasuringRow() ? null : getItem();
            if (now == null && bound != null) {
                unbind();
                frame.setVisible(false);
                spin(false);
            }
        });
    }

    private boolean inMeasuringRow() {
        Parent row = getParent();
        return row != null && row.getParent() != null && !row.getParent().isVisible();
    }

    private void unbind() {
        OutputTile old = bound;
        bound = null;
        old.stateProperty().removeListener(refresh);
        old.thumbnailProperty().removeListener(refresh);
        old.selectedProperty().removeListener(refresh);
        old.focusedProperty().removeListener(refresh);
        old.animatedProperty().removeListener(refresh);
        old.playingProperty().removeListener(playing);
        old.animationProperty().removeListener(animation);
        // ControlsFX's grid row empties every cell (updateIndex(-1)) and refills it on each relayout, and a
        // player turning READY relayouts the row: releasing here would dispose the player that just became
        // ready and start a new one, over and over, so the tile stayed blank. Decide after the pulse instead.
        if (playingFile != null || (video != null && video.getMediaPlayer() != null)) {
            Platform.runLater(this::releaseIfNoLongerPlaying);
        }
        animate(null);
        vm.tileHidden(old);
    }

    private void render() {
        OutputTile tile = bound;
        if (tile == null) {
            return;
        }
        OutputTile.State state = tile.state();
        Thumbnail t = tile.thumbnailProperty().get();
        boolean poster = state == OutputTile.State.VIDEO && t != null;
        boolean picture = state == OutputTile.State.READY || poster;
        Thumbnail still = picture ? t : null;
        if (timeline == null && still != shownStill) {
            // Only when the picture changes: selecting or focusing a tile must not make its image again.
            shownStill = still;
            view.setImage(still == null ? null : images.of(still));
        }
        view.setVisible(picture);
        loading.setVisible(state == OutputTile.State.LOADING);
        spin(state == OutputTile.State.LOADING);
        pseudoClassStateChanged(SELECTED, tile.isSelected());
        pseudoClassStateChanged(FOCUSED, tile.focusedProperty().get());
        frame.pseudoClassStateChanged(FAILED, state == OutputTile.State.FAILED);
        boolean showPlaceholder = state == OutputTile.State.FAILED || state == OutputTile.State.NOT_PREVIEWED
                || (state == OutputTile.State.VIDEO && !poster && !videoShown());
        if (showPlaceholder) {
            placeholder().setVisible(true);
        } else if (placeholder != null) {
            placeholder.setVisible(false);
        }
        if (placeholder != null) {
            renderPlaceholder(tile, state);
        }
        String badgeText = null;
        if (state == OutputTile.State.VIDEO) {
            String d = tile.durationText();
            badgeText = "▶ " + (d == null ? "Video" : d);
        } else if (state == OutputTile.State.READY && tile.animatedProperty().get()) {
            badgeText = "ANIM";
        }
        if (badgeText != null) {
            badge().setText(badgeText);
            badge.setVisible(true);
        } else if (badge != null) {
            badge.setVisible(false);
        }
    }

    private void renderPlaceholder(OutputTile tile, OutputTile.State state) {
        systemPlayer.setVisible(tile.needsSystemPlayer());
        switch (state) {
            case FAILED -> {
                placeholderTitle.setText("⚠ Can't show");
                placeholderText.setText(tile.problemProperty().get());
            }
            case NOT_PREVIEWED -> {
                placeholderTitle.setText("File");
                placeholderText.setText(tile.problemProperty().get());
            }
            case VIDEO -> {
                placeholderTitle.setText("▶");
                placeholderText.setText(tile.needsSystemPlayer() ? tile.problemProperty().get() : "Hover to play");
            }
            default -> {
            }
        }
        // Style classes are changed only when they differ: any change restyles the label.
        boolean glyph = state == OutputTile.State.VIDEO;
        if (glyph != placeholderTitle.getStyleClass().contains("tile-play-glyph")) {
            if (glyph) {
                placeholderTitle.getStyleClass().add("tile-play-glyph");
            } else {
                placeholderTitle.getStyleClass().remove("tile-play-glyph");
            }
        }
    }

    private void releaseIfNoLongerPlaying() {
        URI wanted = bound == null ? null : bound.playingProperty().get();
        if (wanted == null || !wanted.equals(playingFile)) {
            play(null);
        }
    }

    private void play(URI file) {
        if (file != null && file.equals(playingFile) && video != null && video.getMediaPlayer() != null) {
            render();
            return;
        }
        players.release(this);
        playingFile = null;
        if (video != null) {
            video.setMediaPlayer(null);
            video.setVisible(false);
        }
        if (file != null) {
            MediaView video = video();
            try {
                MediaPlayer p = players.acquire(this, file, () -> {
                    playingFile = null;
                    video.setMediaPlayer(null);
                    video.setVisible(false);
                    render();
                });
                // A player that fails (no decoder, no audio device) leaves the poster placeholder, not a blank tile.
                p.setOnError(() -> {
                    if (video.getMediaPlayer() == p) {
                        video.setVisible(false);
                        placeholder().setVisible(true);
                        placeholderText.setText("Can't preview here: " + (p.getError() == null ? "the player stopped"
                                : p.getError().getMessage()));
                    }
                });
                video.setMediaPlayer(p);
                video.setVisible(true);
                playingFile = file;
            } catch (Exception e) {
                System.getLogger(ThumbnailCell.class.getName()).log(System.Logger.Level.DEBUG,
                        "No player for a hovered video: " + e.getMessage());
            }
        }
        render();
    }

    private void animate(AnimatedImage frames) {
        if (timeline != null) {
            timeline.stop();
            timeline = null;
            shownStill = null;
            view.setImage(null);
        }
        if (frames != null && frames.isAnimated()) {
            List<Image> pictures = FxImages.frames(frames);
            timeline = new Timeline();
            long at = 0;
            for (int i = 0; i < pictures.size(); i++) {
                Image img = pictures.get(i);
                timeline.getKeyFrames().add(new KeyFrame(Duration.millis(at), e -> view.setImage(img)));
                at += frames.frame(i).displayMillis();
            }
            timeline.getKeyFrames().add(new KeyFrame(Duration.millis(at)));
            timeline.setCycleCount(Animation.INDEFINITE);
            timeline.play();
        }
        render();
    }
}
