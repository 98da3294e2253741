package app.lightbox.ui.viewer;

import app.lightbox.core.media.AnimatedImage;
import app.lightbox.core.media.ComfyMetadata;
import app.lightbox.core.media.Thumbnail;
import app.lightbox.ui.common.FxImages;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.media.Media;
import javafx.scene.media.MediaPlayer;
import javafx.scene.media.MediaView;
import javafx.util.Duration;

import java.util.List;

/**
 * An output full size over the gallery: picture (fit, 100 %, zoom with the wheel or +/-, drag to pan),
 * animation or video with its controls, and the generation data beside it. ←/→ walk, Esc closes.
 * The one media player it makes is disposed when the output changes or the viewer closes.
 */
public final class ViewerView extends BorderPane {

    private final ViewerViewModel vm;
    private final ImageView picture = new ImageView();
    private final ScrollPane scroller = new ScrollPane();
    private final StackPane pictureBox = new StackPane(picture);
    private final MediaView mediaView = new MediaView();
    private final VBox videoBox = new VBox();
    private final VBox placeholder = new VBox(10);
    private final ProgressIndicator spinner = new ProgressIndicator();
    private final VBox metadataPanel = new VBox(10);
    private final StackPane stage = new StackPane();
    private MediaPlayer player;
    private Timeline timeline;

    public ViewerView(ViewerViewModel vm) {
        this.vm = vm;
        setId("viewer");
        getStyleClass().add("viewer");
        setFocusTraversable(true);
        setTop(toolbar());

        picture.setPreserveRatio(true);
        picture.setSmooth(true);
        pictureBox.getStyleClass().add("viewer-canvas");
        pictureBox.minWidthProperty().bind(scroller.widthProperty().subtract(4));
        pictureBox.minHeightProperty().bind(scroller.heightProperty().subtract(4));
        scroller.setContent(pictureBox);
        scroller.setPannable(true);
        scroller.getStyleClass().add("viewer-scroller");
        scroller.addEventFilter(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                if (e.getDeltaY() > 0) {
                    vm.zoomIn(shownScale());
                } else {
                    vm.zoomOut(shownScale());
                }
                e.consume();
            }
        });
        scroller.viewportBoundsProperty().addListener((obs, a, b) -> layoutPicture());
        vm.zoomProperty().addListener((obs, a, b) -> layoutPicture());
        vm.fittingProperty().addListener((obs, a, b) -> layoutPicture());

        spinner.setMaxSize(48, 48);
        placeholder.setAlignment(Pos.CENTER);
        placeholder.getStyleClass().add("viewer-placeholder");
        placeholder.setMaxWidth(480);
        videoBox.setAlignment(Pos.CENTER);
        videoBox.setSpacing(8);
        stage.getChildren().addAll(scroller, videoBox, placeholder, spinner);
        stage.getStyleClass().add("viewer-stage");
        setCenter(stage);

        metadataPanel.getStyleClass().add("viewer-metadata");
        metadataPanel.setPadding(new Insets(14));
        ScrollPane side = new ScrollPane(metadataPanel);
        side.setFitToWidth(true);
        side.setPrefWidth(340);
        side.setMinWidth(280);
        side.getStyleClass().add("viewer-side");
        setRight(side);

        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        vm.contentProperty().addListener((obs, a, b) -> render());
        vm.metadataProperty().addListener((obs, a, b) -> renderMetadata(b));
        vm.openProperty().addListener((obs, a, b) -> {
            if (!b) {
                stopMedia();
            }
        });
        render();
        renderMetadata(vm.metadataProperty().get());
    }

    private HBox toolbar() {
        Label position = new Label();
        position.setId("viewer-position");
        position.getStyleClass().add("viewer-position");
        position.textProperty().bind(vm.positionProperty());
        Label name = new Label();
        name.setId("viewer-name");
        name.getStyleClass().add("viewer-name");
        name.textProperty().bind(Bindings.createStringBinding(
                () -> vm.currentProperty().get() == null ? "" : vm.currentProperty().get().name(), vm.currentProperty()));
        Label edge = new Label();
        edge.setId("viewer-edge");
        edge.getStyleClass().add("viewer-edge");
        edge.textProperty().bind(vm.edgeProperty());
        Button prev = button("‹", "Previous (←)", vm::previous);
        prev.disableProperty().bind(vm.hasPreviousProperty().not());
        Button next = button("›", "Next (→)", vm::next);
        next.disableProperty().bind(vm.hasNextProperty().not());
        Button zoomOut = button("−", "Zoom out (−)", () -> vm.zoomOut(shownScale()));
        Button fit = button("Fit", "Fit to window (0)", vm::fit);
        Button actual = button("100 %", "Actual size (1)", vm::actualSize);
        Button zoomIn = button("+", "Zoom in (+)", () -> vm.zoomIn(shownScale()));
        Label zoom = new Label();
        zoom.getStyleClass().add("viewer-zoom");
        zoom.setMinWidth(48);
        zoom.textProperty().bind(Bindings.createStringBinding(() -> vm.fittingProperty().get() ? "Fit"
                : Math.round(vm.zoomProperty().get() * 100) + " %", vm.fittingProperty(), vm.zoomProperty()));
        HBox zoomBox = new HBox(4, zoomOut, zoom, zoomIn, fit, actual);
        zoomBox.setAlignment(Pos.CENTER);
        zoomBox.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.contentProperty().get() == ViewerViewModel.Content.IMAGE
                        || vm.contentProperty().get() == ViewerViewModel.Content.ANIMATION, vm.contentProperty()));
        Button close = button("✕", "Close (Esc)", vm::close);
        close.setId("viewer-close");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, prev, next, position, name, edge, spacer, zoomBox, close);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 8, 12));
        bar.getStyleClass().add("viewer-toolbar");
        return bar;
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new javafx.scene.control.Tooltip(tip));
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        b.getStyleClass().add("viewer-button");
        return b;
    }

    private void onKey(KeyEvent e) {
        switch (e.getCode()) {
            case LEFT -> vm.previous();
            case RIGHT -> vm.next();
            case ESCAPE -> vm.close();
            case PLUS, ADD, EQUALS -> vm.zoomIn(shownScale());
            case MINUS, SUBTRACT -> vm.zoomOut(shownScale());
            case DIGIT0, NUMPAD0 -> vm.fit();
            case DIGIT1, NUMPAD1 -> vm.actualSize();
            case SPACE -> {
                if (player != null) {
                    togglePlay();
                } else {
                    return;
                }
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void render() {
        stopMedia();
        ViewerViewModel.Content c = vm.contentProperty().get();
        spinner.setVisible(c == ViewerViewModel.Content.LOADING);
        scroller.setVisible(c == ViewerViewModel.Content.IMAGE || c == ViewerViewModel.Content.ANIMATION);
        videoBox.setVisible(c == ViewerViewModel.Content.VIDEO);
        placeholder.setVisible(c == ViewerViewModel.Content.FAILED || c == ViewerViewModel.Content.UNPLAYABLE_VIDEO);
        picture.setImage(null);
        switch (c) {
            case IMAGE -> {
                Thumbnail t = vm.imageProperty().get();
                picture.setImage(FxImages.convert(t));
                layoutPicture();
            }
            case ANIMATION -> startAnimation(vm.animationProperty().get());
            case VIDEO -> startVideo();
            case FAILED -> showPlaceholder("⚠  Can't show this file", vm.problemProperty().get(), false);
            case UNPLAYABLE_VIDEO -> showPlaceholder("▶  This video can't play inside Lightbox",
                    vm.problemProperty().get(), true);
            default -> {
            }
        }
        requestFocus();
    }

    private void showPlaceholder(String title, String text, boolean offerSystemPlayer) {
        Label t = new Label(title);
        t.getStyleClass().add("viewer-placeholder-title");
        Label m = new Label(text);
        m.setWrapText(true);
        m.getStyleClass().add("viewer-placeholder-text");
        placeholder.getChildren().setAll(t, m);
        if (offerSystemPlayer) {
            Button open = new Button("Open in system player");
            open.setId("viewer-system-player");
            open.getStyleClass().add("accent");
            open.setOnAction(e -> vm.openInSystemPlayer());
            placeholder.getChildren().add(open);
        }
    }

    private void startAnimation(AnimatedImage a) {
        List<Image> frames = FxImages.frames(a);
        picture.setImage(frames.get(0));
        layoutPicture();
        if (frames.size() > 1) {
            timeline = new Timeline();
            long at = 0;
            for (int i = 0; i < frames.size(); i++) {
                Image img = frames.get(i);
                timeline.getKeyFrames().add(new KeyFrame(Duration.millis(at), e -> picture.setImage(img)));
                at += a.frame(i).displayMillis();
            }
            timeline.getKeyFrames().add(new KeyFrame(Duration.millis(at)));
            timeline.setCycleCount(a.loopCount() == 0 ? Animation.INDEFINITE : a.loopCount());
            timeline.play();
        }
    }

    private void startVideo() {
        try {
            player = new MediaPlayer(new Media(vm.videoFileProperty().get().toString()));
        } catch (RuntimeException e) {
            videoBox.setVisible(false);
            placeholder.setVisible(true);
            showPlaceholder("▶  This video can't play here", e.getMessage(), true);
            return;
        }
        MediaPlayer p = player;
        p.muteProperty().bind(vm.mutedProperty());
        p.volumeProperty().bind(vm.volumeProperty());
        p.cycleCountProperty().bind(Bindings.when(vm.loopProperty()).then(MediaPlayer.INDEFINITE).otherwise(1));
        p.setAutoPlay(true);
        p.setOnError(() -> {
            if (player == p) {
                stopMedia();
                videoBox.setVisible(false);
                placeholder.setVisible(true);
                showPlaceholder("▶  This video can't play here",
                        p.getError() == null ? "The player stopped" : p.getError().getMessage(), true);
            }
        });
        mediaView.setMediaPlayer(p);
        mediaView.setPreserveRatio(true);
        mediaView.fitWidthProperty().bind(stage.widthProperty().subtract(40));
        mediaView.fitHeightProperty().bind(stage.heightProperty().subtract(90));

        Button play = new Button("Pause");
        play.setId("video-play");
        play.setMinWidth(Region.USE_PREF_SIZE);
        play.setFocusTraversable(false);
        play.setOnAction(e -> togglePlay());
        p.statusProperty().addListener((obs, a, b) -> play.setText(b == MediaPlayer.Status.PLAYING ? "Pause" : "Play"));
        Slider seek = new Slider(0, 1, 0);
        seek.setId("video-seek");
        HBox.setHgrow(seek, Priority.ALWAYS);
        Label time = new Label("0:00");
        time.getStyleClass().add("viewer-time");
        time.setMinWidth(90);

        p.currentTimeProperty().addListener((obs, a, now) -> {
            Duration total = p.getCycleDuration();
            if (!seek.isValueChanging() && total != null && total.toMillis() > 0) {
                seek.setValue(now.toMillis() / total.toMillis());
            }
            time.setText(format(now) + " / " + (total == null || total.isUnknown() ? "–" : format(total)));
        });
        seek.valueChangingProperty().addListener((obs, was, changing) -> {
            if (!changing) {
                seekTo(p, seek.getValue());
            }
        });
        seek.setOnMouseReleased(e -> seekTo(p, seek.getValue()));
        CheckBox loop = new CheckBox("Loop");
        loop.setMinWidth(Region.USE_PREF_SIZE);
        loop.setId("video-loop");
        loop.setFocusTraversable(false);
        loop.selectedProperty().bindBidirectional(vm.loopProperty());
        ToggleButton mute = new ToggleButton();
        mute.setId("video-mute");
        mute.setFocusTraversable(false);
        mute.selectedProperty().bindBidirectional(vm.mutedProperty());
        mute.textProperty().bind(Bindings.when(vm.mutedProperty()).then("Muted").otherwise("Sound on"));
        mute.setMinWidth(Region.USE_PREF_SIZE);
        Slider volume = new Slider(0, 1, vm.volumeProperty().get());
        volume.setId("video-volume");
        volume.setPrefWidth(90);
        volume.setFocusTraversable(false);
        volume.valueProperty().bindBidirectional(vm.volumeProperty());
        HBox controls = new HBox(10, play, seek, time, loop, mute, volume);
        controls.setAlignment(Pos.CENTER_LEFT);
        controls.setPadding(new Insets(6, 14, 10, 14));
        controls.getStyleClass().add("viewer-video-controls");
        StackPane screen = new StackPane(mediaView);
        VBox.setVgrow(screen, Priority.ALWAYS);
        videoBox.getChildren().setAll(screen, controls);
    }

    /** One pass: with looping on, the player's total duration is indefinite. */
    private static void seekTo(MediaPlayer p, double fraction) {
        Duration total = p.getCycleDuration();
        if (total != null && !total.isUnknown() && total.toMillis() > 0) {
            p.seek(total.multiply(fraction));
        }
    }

    private void togglePlay() {
        if (player == null) {
            return;
        }
        if (player.getStatus() == MediaPlayer.Status.PLAYING) {
            player.pause();
        } else {
            if (player.getStatus() == MediaPlayer.Status.STOPPED || isAtEnd(player)) {
                player.seek(Duration.ZERO);
            }
            player.play();
        }
    }

    private static boolean isAtEnd(MediaPlayer p) {
        Duration total = p.getCycleDuration();
        return total != null && !total.isUnknown() && p.getCurrentTime().greaterThanOrEqualTo(total.subtract(Duration.millis(50)));
    }

    private static String format(Duration d) {
        long s = Math.round(d.toSeconds());
        return String.format("%d:%02d", s / 60, s % 60);
    }

    private void stopMedia() {
        if (timeline != null) {
            timeline.stop();
            timeline = null;
        }
        if (player != null) {
            MediaPlayer p = player;
            player = null;
            mediaView.setMediaPlayer(null);
            p.muteProperty().unbind();
            p.volumeProperty().unbind();
            p.cycleCountProperty().unbind();
            p.stop();
            p.dispose();
        }
        videoBox.getChildren().clear();
    }

    /** The scale the picture is shown at: the fit scale (never above 100 %) or the chosen zoom. */
    private double shownScale() {
        Image img = picture.getImage();
        if (img == null) {
            return 1;
        }
        if (!vm.fittingProperty().get()) {
            return vm.zoomProperty().get();
        }
        double w = Math.max(1, scroller.getViewportBounds().getWidth());
        double h = Math.max(1, scroller.getViewportBounds().getHeight());
        return Math.min(1, Math.min(w / sourceWidth(img), h / sourceHeight(img)));
    }

    private double sourceWidth(Image img) {
        Thumbnail t = vm.imageProperty().get();
        AnimatedImage a = vm.animationProperty().get();
        return t != null ? t.sourceWidth() : a != null ? a.sourceWidth() : img.getWidth();
    }

    private double sourceHeight(Image img) {
        Thumbnail t = vm.imageProperty().get();
        AnimatedImage a = vm.animationProperty().get();
        return t != null ? t.sourceHeight() : a != null ? a.sourceHeight() : img.getHeight();
    }

    private void layoutPicture() {
        Image img = picture.getImage();
        if (img == null) {
            return;
        }
        double scale = shownScale();
        picture.setFitWidth(sourceWidth(img) * scale);
        picture.setFitHeight(sourceHeight(img) * scale);
    }

    private void renderMetadata(ComfyMetadata.Generation g) {
        metadataPanel.getChildren().clear();
        Label heading = new Label("Generation");
        heading.getStyleClass().add("viewer-meta-heading");
        metadataPanel.getChildren().add(heading);
        if (g == null) {
            metadataPanel.getChildren().add(new ProgressIndicator());
            return;
        }
        if (!g.hasData()) {
            Label none = new Label(g.problem());
            none.setId("metadata-none");
            none.getStyleClass().add("muted");
            none.setWrapText(true);
            metadataPanel.getChildren().add(none);
            return;
        }
        metadataPanel.getChildren().add(promptBlock("Positive prompt", g.positive(), "metadata-positive"));
        metadataPanel.getChildren().add(promptBlock("Negative prompt", g.negative(), "metadata-negative"));
        GridPane facts = new GridPane();
        facts.setHgap(10);
        facts.setVgap(4);
        facts.getStyleClass().add("viewer-facts");
        int row = 0;
        row = fact(facts, row, "Seed", g.seed(), true);
        row = fact(facts, row, "Steps", g.steps() == null ? null : String.valueOf(g.steps()), false);
        row = fact(facts, row, "CFG", g.cfg() == null ? null : trim(g.cfg()), false);
        row = fact(facts, row, "Sampler", g.sampler(), false);
        row = fact(facts, row, "Scheduler", g.scheduler(), false);
        row = fact(facts, row, "Model", g.model(), true);
        fact(facts, row, "Size", g.width() == null ? null : g.width() + " × " + g.height(), false);
        metadataPanel.getChildren().add(facts);
        if (g.problem() != null) {
            Label p = new Label(g.problem());
            p.setWrapText(true);
            p.getStyleClass().add("muted");
            metadataPanel.getChildren().add(p);
        }
        if (g.promptJson() != null) {
            metadataPanel.getChildren().add(rawJson("Prompt graph (JSON)", g.promptJson()));
        }
        if (g.workflowJson() != null) {
            metadataPanel.getChildren().add(rawJson("Workflow (JSON)", g.workflowJson()));
        }
    }

    private VBox promptBlock(String title, String text, String id) {
        Label t = new Label(title);
        t.getStyleClass().add("viewer-meta-label");
        Button copy = copyButton(text);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(6, t, spacer, copy);
        head.setAlignment(Pos.CENTER_LEFT);
        Label body = new Label(text == null ? "—" : text);
        body.setId(id);
        body.setWrapText(true);
        body.getStyleClass().add(text == null ? "muted" : "viewer-prompt");
        return new VBox(4, head, body);
    }

    private int fact(GridPane grid, int row, String name, String value, boolean copyable) {
        Label n = new Label(name);
        n.getStyleClass().add("viewer-meta-label");
        Label v = new Label(value == null ? "—" : value);
        v.setWrapText(true);
        v.setId("metadata-" + name.toLowerCase(java.util.Locale.ROOT));
        grid.add(n, 0, row);
        grid.add(v, 1, row);
        if (copyable && value != null) {
            grid.add(copyButton(value), 2, row);
        }
        return row + 1;
    }

    private static Button copyButton(String text) {
        Button copy = new Button("Copy");
        copy.getStyleClass().add("copy-button");
        copy.setFocusTraversable(false);
        copy.setDisable(text == null);
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
            copy.setText("Copied");
        });
        return copy;
    }

    private static TitledPane rawJson(String title, String json) {
        TextArea area = new TextArea(json);
        area.setEditable(false);
        area.setWrapText(false);
        area.setPrefRowCount(14);
        area.getStyleClass().add("viewer-json");
        Button copy = copyButton(json);
        VBox box = new VBox(6, area, copy);
        TitledPane pane = new TitledPane(title, box);
        pane.setExpanded(false);
        pane.setAnimated(false);
        return pane;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
