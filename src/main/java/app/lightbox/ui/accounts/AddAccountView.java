package app.lightbox.ui.accounts;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The add-account form: name, server, token; the server's verdict below it. */
public final class AddAccountView extends VBox {

    public AddAccountView(AddAccountViewModel vm, String tokenStoreName) {
        super(10);
        getStyleClass().add("add-account");
        Label title = new Label("Add a ComfyControl account");
        title.getStyleClass().add("section-title");

        TextField name = new TextField();
        name.setId("account-name");
        name.setPromptText("Name (e.g. Studio)");
        name.textProperty().bindBidirectional(vm.nameProperty());
        TextField server = new TextField();
        server.setId("account-server");
        server.setPromptText("Server");
        server.textProperty().bindBidirectional(vm.serverProperty());
        PasswordField token = new PasswordField();
        token.setId("account-token");
        token.setPromptText("API token (cfc_…)");
        token.textProperty().bindBidirectional(vm.tokenProperty());
        Label where = new Label(tokenStoreName == null || tokenStoreName.isBlank()
                ? "The token is checked with the server and stored only if it is accepted."
                : "The token is checked with the server, then kept in: " + tokenStoreName + ".");
        where.getStyleClass().add("muted");
        where.setWrapText(true);
        where.setMinHeight(USE_PREF_SIZE);

        Button add = new Button("Add account");
        add.setId("add-account");
        add.setMaxWidth(Double.MAX_VALUE);
        add.setOnAction(e -> vm.submit());
        token.setOnAction(e -> vm.submit());
        add.disableProperty().bind(vm.stateProperty().isEqualTo(AddAccountViewModel.State.CHECKING));

        BooleanBinding checking = vm.stateProperty().isEqualTo(AddAccountViewModel.State.CHECKING);
        Label message = new Label();
        message.setId("account-message");
        message.setWrapText(true);
        message.setMinHeight(USE_PREF_SIZE);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotNull());
        message.managedProperty().bind(message.visibleProperty());
        vm.stateProperty().addListener((obs, old, now) -> {
            message.getStyleClass().removeAll("error-text", "success-text", "muted");
            message.getStyleClass().add(switch (now) {
                case FAILED -> "error-text";
                case DONE -> "success-text";
                default -> "muted";
            });
        });
        HBox status = new HBox(8, message);
        status.managedProperty().bind(Bindings.or(checking, message.visibleProperty()));
        // Made on the first check: a control is styled and given its skin even while hidden, and the
        // spinner's skin is a noticeable part of drawing the welcome screen the first time.
        checking.addListener((obs, was, now) -> {
            if (now && status.getChildren().size() == 1) {
                ProgressIndicator progress = new ProgressIndicator();
                progress.setMaxSize(18, 18);
                progress.visibleProperty().bind(checking);
                progress.managedProperty().bind(progress.visibleProperty());
                status.getChildren().add(0, progress);
            }
        });

        getChildren().addAll(title, name, server, token, where, add, status);
    }
}
