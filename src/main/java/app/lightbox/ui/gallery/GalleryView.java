package app.lightbox.ui.gallery;

import app.lightbox.ui.common.FxImages;
import app.lightbox.ui.viewer.ViewerView;
import impl.org.controlsfx.skin.GridViewSkin;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.media.Media;
import javafx.scene.media.MediaPlayer;
import org.controlsfx.control.GridView;
import org.controlsfx.control.SegmentedButton;

/** The grid of outputs with its filter and size controls, the sentence for empty states, and the viewer on top. */
public final class GalleryView extends StackPane {

    /** Hovered videos playing at once; more would cost decoders for tiles nobody looks at. */
    static final int MAX_PLAYERS = 3;
    /** Space on each side of a tile, in both directions. */
    public static final double CELL_SPACING = 5;

    private final GalleryViewModel vm;
    private final PlayerPool<MediaPlayer> players = new PlayerPool<>(MAX_PLAYERS, new PlayerPool.Factory<>() {
        @Override
        public MediaPlayer create(java.net.URI media) {
            MediaPlayer p = new MediaPlayer(new Media(media.toString()));
            p.setMute(true);
            p.setCycleCount(MediaPlayer.INDEFINITE);
            p.setAutoPlay(true);
            return p;
        }

        @Override
        public void dispose(MediaPlayer p) {
            p.stop();
            p.dispose();
        }
    });
    private final GridView<OutputTile> grid;

    public GalleryView(GalleryViewModel vm) {
        this.vm = vm;
        getStyleClass().add("gallery");
        BorderPane content = new BorderPane();
        content.setTop(header());

        FxImages images = new FxImages();
        grid = new GridView<>(vm.tiles());
        grid.setId("gallery-grid");
        grid.getStyleClass().add("gallery-grid");
        grid.cellWidthProperty().bind(vm.tileSizeProperty());
        grid.cellHeightProperty().bind(vm.tileSizeProperty());
        grid.setHorizontalCellSpacing(CELL_SPACING);
        grid.setVerticalCellSpacing(CELL_SPACING);
        grid.setFocusTraversable(true);
        grid.setCellFactory(g -> new ThumbnailCell(vm, images, players));
        grid.skinProperty().addListener((obs, old, skin) -> fixRowHeight());
        grid.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        vm.focusedIndexProperty().addListener((obs, old, now) -> scrollTo(now.intValue()));

        Label message = new Label();
        message.setId("gallery-message");
        message.getStyleClass().add("empty-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotNull());
        grid.visibleProperty().bind(vm.messageProperty().isNull());
        StackPane.setMargin(message, new Insets(40));
        content.setCenter(new StackPane(grid, message));
        getChildren().add(content);

        vm.viewerProperty().addListener((obs, old, now) -> {
            getChildren().removeIf(n -> n instanceof ViewerView);
            if (old != null) {
                grid.requestFocus();
            }
            if (now != null) {
                players.releaseAll();
                ViewerView viewer = new ViewerView(now);
                getChildren().add(viewer);
                viewer.requestFocus();
            }
        });
    }

    /** The players of hovered tiles, for tests to count. */
    public PlayerPool<MediaPlayer> players() {
        return players;
    }

    private VBox header() {
        Label title = new Label();
        title.getStyleClass().add("gallery-title");
        title.textProperty().bind(vm.titleProperty());
        Label subtitle = new Label();
        subtitle.setId("gallery-subtitle");
        subtitle.getStyleClass().add("gallery-subtitle");
        subtitle.textProperty().bind(Bindings.createStringBinding(() -> {
            String s = vm.subtitleProperty().get();
            int n = vm.tiles().size();
            int sel = vm.selectedTiles().size();
            String count = n == 0 ? "" : " · " + n + (n == 1 ? " output" : " outputs");
            return s + count + (sel > 1 ? " · " + sel + " selected" : "");
        }, vm.subtitleProperty(), vm.tiles(), vm.selectedTiles()));
        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(14, 14);
        busy.visibleProperty().bind(vm.loadingProperty().and(vm.messageProperty().isNull()));
        HBox subtitleRow = new HBox(8, subtitle, busy);
        subtitleRow.setAlignment(Pos.CENTER_LEFT);
        VBox titles = new VBox(2, title, subtitleRow);

        ToggleButton allOutputs = new ToggleButton("All outputs");
        allOutputs.setId("all-outputs");
        allOutputs.setOnAction(e -> {
            if (vm.modeProperty().get() != GalleryViewModel.Mode.ALL_OUTPUTS) {
                vm.showAll();
            }
            allOutputs.setSelected(vm.modeProperty().get() == GalleryViewModel.Mode.ALL_OUTPUTS);
        });
        vm.modeProperty().addListener((obs, old, now) -> allOutputs.setSelected(now == GalleryViewModel.Mode.ALL_OUTPUTS));

        SegmentedButton filters = new SegmentedButton();
        filters.setId("media-filter");
        filters.setToggleGroup(new ToggleGroup());
        for (GalleryViewModel.MediaFilter f : GalleryViewModel.MediaFilter.values()) {
            ToggleButton b = new ToggleButton(f.label());
            b.setId("filter-" + f.name().toLowerCase(java.util.Locale.ROOT));
            b.setSelected(vm.filterProperty().get() == f);
            b.setOnAction(e -> {
                vm.setFilter(f);
                b.setSelected(vm.filterProperty().get() == f);
            });
            filters.getButtons().add(b);
        }

        Slider size = new Slider(GalleryViewModel.MIN_TILE, GalleryViewModel.MAX_TILE, vm.tileSizeProperty().get());
        size.setId("tile-size");
        size.setPrefWidth(120);
        size.valueProperty().bindBidirectional(vm.tileSizeProperty());
        Label small = new Label("▫");
        Label large = new Label("□");
        small.getStyleClass().add("muted");
        large.getStyleClass().add("muted");
        HBox sizeBox = new HBox(4, small, size, large);
        sizeBox.setAlignment(Pos.CENTER);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = new HBox(12, titles, spacer, allOutputs, filters, sizeBox);
        row.setAlignment(Pos.CENTER_LEFT);

        Label notice = new Label();
        notice.setId("gallery-notice");
        notice.getStyleClass().add("error-text");
        notice.setWrapText(true);
        notice.textProperty().bind(vm.noticeProperty());
        notice.visibleProperty().bind(vm.noticeProperty().isNotNull());
        notice.managedProperty().bind(notice.visibleProperty());

        VBox header = new VBox(6, row, notice);
        header.getStyleClass().add("gallery-header");
        header.setPadding(new Insets(14, 16, 10, 20));
        return header;
    }

    private void onKey(KeyEvent e) {
        boolean shift = e.isShiftDown();
        KeyCode code = e.getCode();
        if (code == KeyCode.A && e.isShortcutDown()) {
            vm.selectAll();
        } else if (code == KeyCode.LEFT) {
            vm.moveFocus(-1, shift);
        } else if (code == KeyCode.RIGHT) {
            vm.moveFocus(1, shift);
        } else if (code == KeyCode.UP) {
            vm.moveFocus(-columns(), shift);
        } else if (code == KeyCode.DOWN) {
            vm.moveFocus(columns(), shift);
        } else if (code == KeyCode.HOME) {
            vm.focusEnd(false, shift);
        } else if (code == KeyCode.END) {
            vm.focusEnd(true, shift);
        } else if (code == KeyCode.ENTER) {
            vm.openViewer();
        } else if (code == KeyCode.ESCAPE) {
            vm.clearSelection();
        } else {
            return;
        }
        e.consume();
    }

    /**
     * Every row is one tile high, so the grid's scrolling list is told the height instead of measuring rows:
     * measuring fills a hidden row with cells for each row it has not seen yet, which while scrolling
     * fast is a row's worth of cell updates on every pulse.
     */
    private void fixRowHeight() {
        for (Node n : grid.getChildrenUnmodifiable()) {
            if (n instanceof VirtualFlow<?> flow) {
                flow.fixedCellSizeProperty().bind(grid.cellHeightProperty()
                        .add(grid.verticalCellSpacingProperty().multiply(2)));
            }
        }
    }

    private int columns() {
        return grid.getSkin() instanceof GridViewSkin<?> skin ? Math.max(1, skin.computeMaxCellsInRow()) : 1;
    }

    private void scrollTo(int index) {
        if (index < 0) {
            return;
        }
        if (grid.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
            int row = index / columns();
            var first = flow.getFirstVisibleCell();
            var last = flow.getLastVisibleCell();
            if (first == null || last == null || row <= first.getIndex() || row >= last.getIndex()) {
                flow.scrollTo(row);
            }
        }
    }
}
