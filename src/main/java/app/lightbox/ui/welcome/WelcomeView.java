package app.lightbox.ui.welcome;

import app.lightbox.ui.accounts.AddAccountView;
import app.lightbox.ui.workspace.MainViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** First run: open the demo workspace, or add a ComfyControl account. */
public final class WelcomeView extends StackPane {

    public WelcomeView(MainViewModel vm) {
        getStyleClass().add("welcome");

        Label title = new Label("Lightbox");
        title.getStyleClass().add("welcome-title");
        Label tagline = new Label("Your ComfyUI outputs, the moment they are ready.");
        tagline.getStyleClass().add("muted");

        Button demo = new Button("Open demo workspace");
        demo.setId("open-demo");
        demo.getStyleClass().add("accent");
        demo.setMaxWidth(Double.MAX_VALUE);
        demo.setOnAction(e -> vm.openDemo());
        demo.disableProperty().bind(vm.busyProperty());
        Label demoHint = new Label("A local sample server with real images — nothing to configure.");
        demoHint.getStyleClass().add("muted");
        demoHint.setWrapText(true);

        Label error = new Label();
        error.setId("welcome-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());

        VBox card = new VBox(12, title, tagline, new Separator(), demo, demoHint, error, new Separator(),
                new AddAccountView(vm.newAccountForm(), vm.tokenStoreNameProperty().get()));
        card.getStyleClass().add("card");
        card.setAlignment(Pos.CENTER_LEFT);
        card.setMaxWidth(460);
        card.setMaxHeight(USE_PREF_SIZE);
        card.setPadding(new Insets(32));
        getChildren().add(card);
    }
}
