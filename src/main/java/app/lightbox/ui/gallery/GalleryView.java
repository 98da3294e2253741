package app.lightbox.ui.gallery;

import app.lightbox.ui.common.FxImages;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridView;

/** The grid of the selected workflow's outputs, or the sentence that explains why there is none. */
public final class GalleryView extends BorderPane {

    public GalleryView(GalleryViewModel vm) {
        getStyleClass().add("gallery");
        Label title = new Label();
        title.getStyleClass().add("gallery-title");
        title.textProperty().bind(vm.titleProperty());
        Label subtitle = new Label();
        subtitle.getStyleClass().add("gallery-subtitle");
        subtitle.textProperty().bind(Bindings.createStringBinding(() -> {
            String s = vm.subtitleProperty().get();
            int n = vm.tiles().size();
            return n == 0 ? s : s + " · " + n + (n == 1 ? " output" : " outputs");
        }, vm.subtitleProperty(), vm.tiles()));
        VBox header = new VBox(2, title, subtitle);
        header.getStyleClass().add("gallery-header");
        header.setPadding(new Insets(16, 20, 12, 20));
        setTop(header);

        FxImages images = new FxImages();
        GridView<OutputTile> grid = new GridView<>(vm.tiles());
        grid.setId("gallery-grid");
        grid.getStyleClass().add("gallery-grid");
        grid.setCellWidth(GalleryViewModel.THUMBNAIL_SIDE * 0.75);
        grid.setCellHeight(GalleryViewModel.THUMBNAIL_SIDE * 0.75);
        grid.setHorizontalCellSpacing(6);
        grid.setVerticalCellSpacing(6);
        grid.setCellFactory(g -> new ThumbnailCell(images));

        Label message = new Label();
        message.setId("gallery-message");
        message.getStyleClass().add("empty-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotNull());
        grid.visibleProperty().bind(vm.messageProperty().isNull());
        StackPane.setMargin(message, new Insets(40));
        setCenter(new StackPane(grid, message));
    }
}
