package app.lightbox.ui.welcome;

import app.lightbox.ui.workspace.MainViewModel;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** First run: open the demo workspace, or sign in with a token held only for this session. */
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
        demo.setDefaultButton(true);
        demo.setMaxWidth(Double.MAX_VALUE);
        demo.setOnAction(e -> vm.openDemo());
        Label demoHint = new Label("A local sample server with real images — nothing to configure.");
        demoHint.getStyleClass().add("muted");
        demoHint.setWrapText(true);

        Label connectTitle = new Label("Connect to ComfyControl");
        connectTitle.getStyleClass().add("section-title");
        TextField server = new TextField(MainViewModel.DEFAULT_ORIGIN);
        server.setId("server-field");
        server.setPromptText("Server");
        PasswordField token = new PasswordField();
        token.setId("token-field");
        token.setPromptText("API token (cfc_…)");
        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.setMaxWidth(Double.MAX_VALUE);
        connect.setOnAction(e -> vm.connect(server.getText(), token.getText()));
        token.setOnAction(e -> vm.connect(server.getText(), token.getText()));

        Label error = new Label();
        error.setId("welcome-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());

        ProgressIndicator progress = new ProgressIndicator();
        progress.setMaxSize(28, 28);
        progress.visibleProperty().bind(vm.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        demo.disableProperty().bind(vm.busyProperty());
        connect.disableProperty().bind(vm.busyProperty());

        VBox card = new VBox(12, title, tagline, new Separator(), demo, demoHint, new Separator(),
                connectTitle, server, token, connect, progress, error);
        card.getStyleClass().add("card");
        card.setAlignment(Pos.CENTER_LEFT);
        card.setMaxWidth(440);
        card.setMaxHeight(USE_PREF_SIZE);
        card.setPadding(new Insets(32));
        getChildren().add(card);
    }
}
