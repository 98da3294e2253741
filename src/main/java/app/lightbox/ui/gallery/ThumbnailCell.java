package app.lightbox.ui.gallery;

import app.lightbox.core.media.Thumbnail;
import app.lightbox.ui.common.FxImages;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;

/** One tile of the gallery: the thumbnail, or a spinner, or a placeholder that says why there is none. */
final class ThumbnailCell extends GridCell<OutputTile> {

    private final FxImages images;
    private final ImageView view = new ImageView();
    private final ProgressIndicator spinner = new ProgressIndicator();
    private final Label placeholderTitle = new Label();
    private final Label placeholderText = new Label();
    private final VBox placeholder = new VBox(6, placeholderTitle, placeholderText);
    private final Label caption = new Label();
    private final StackPane frame = new StackPane();
    private final ChangeListener<Object> refresh = (obs, a, b) -> render();
    private OutputTile bound;

    ThumbnailCell(FxImages images) {
        this.images = images;
        getStyleClass().add("thumbnail-cell");
        view.setPreserveRatio(true);
        view.setSmooth(true);
        spinner.setMaxSize(36, 36);
        placeholder.setAlignment(Pos.CENTER);
        placeholder.getStyleClass().add("tile-placeholder");
        placeholderTitle.getStyleClass().add("tile-placeholder-title");
        placeholderText.getStyleClass().add("tile-placeholder-text");
        placeholderText.setWrapText(true);
        caption.getStyleClass().add("tile-caption");
        caption.setMaxWidth(Double.MAX_VALUE);
        StackPane.setAlignment(caption, Pos.BOTTOM_LEFT);
        frame.getStyleClass().add("tile-frame");
        frame.getChildren().addAll(view, spinner, placeholder, caption);
        view.fitWidthProperty().bind(widthProperty().subtract(8));
        view.fitHeightProperty().bind(heightProperty().subtract(8));
        placeholder.maxWidthProperty().bind(widthProperty().subtract(24));
    }

    @Override
    protected void updateItem(OutputTile tile, boolean empty) {
        super.updateItem(tile, empty);
        if (bound != null) {
            bound.stateProperty().removeListener(refresh);
            bound = null;
        }
        if (empty || tile == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        bound = tile;
        tile.stateProperty().addListener(refresh);
        caption.setText(tile.name());
        setTooltip(new Tooltip(tile.name()));
        setGraphic(frame);
        render();
    }

    private void render() {
        OutputTile tile = bound;
        if (tile == null) {
            return;
        }
        OutputTile.State state = tile.state();
        Thumbnail t = tile.thumbnailProperty().get();
        view.setImage(state == OutputTile.State.READY && t != null ? images.of(t) : null);
        view.setVisible(state == OutputTile.State.READY);
        spinner.setVisible(state == OutputTile.State.LOADING);
        placeholder.setVisible(state == OutputTile.State.FAILED || state == OutputTile.State.NOT_PREVIEWED);
        frame.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("failed"),
                state == OutputTile.State.FAILED);
        if (state == OutputTile.State.FAILED) {
            placeholderTitle.setText("Can't show this file");
            placeholderText.setText(tile.problemProperty().get());
        } else if (state == OutputTile.State.NOT_PREVIEWED) {
            placeholderTitle.setText(tile.kind() == app.lightbox.model.MediaKind.VIDEO ? "▶  Video" : "File");
            placeholderText.setText(tile.problemProperty().get());
        }
    }
}
