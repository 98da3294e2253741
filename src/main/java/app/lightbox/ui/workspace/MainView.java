package app.lightbox.ui.workspace;

import app.lightbox.ui.gallery.GalleryView;
import app.lightbox.ui.welcome.WelcomeView;
import app.lightbox.ui.workflows.WorkflowListView;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** The window's content: welcome screen or workspace, following the ViewModel. */
public final class MainView extends StackPane {

    private final MainViewModel vm;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        getStyleClass().add("main");
        vm.screenProperty().addListener((obs, old, now) -> render());
        render();
    }

    private void render() {
        if (vm.screenProperty().get() == MainViewModel.Screen.WELCOME) {
            getChildren().setAll(new WelcomeView(vm));
        } else {
            getChildren().setAll(workspace());
        }
    }

    private BorderPane workspace() {
        Label brand = new Label("Lightbox");
        brand.getStyleClass().add("brand");
        Label account = new Label();
        account.setId("account-label");
        account.getStyleClass().add("muted");
        account.textProperty().bind(vm.accountLabelProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("refresh");
        refresh.setOnAction(e -> vm.workflowsProperty().get().refresh());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(14, brand, account, spacer, refresh);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(10, 16, 10, 16));
        top.getStyleClass().add("top-bar");

        WorkflowListView list = new WorkflowListView(vm.workflowsProperty().get());
        GalleryView gallery = new GalleryView(vm.galleryProperty().get());
        SplitPane split = new SplitPane(list, gallery);
        split.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(list, false);
        list.setMinWidth(260);

        BorderPane root = new BorderPane(split);
        root.setTop(top);
        return root;
    }
}
