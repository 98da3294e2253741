package app.lightbox.ui.workspace;

import app.lightbox.model.Account;
import app.lightbox.ui.accounts.AddAccountView;
import app.lightbox.ui.accounts.AddAccountViewModel;
import app.lightbox.ui.common.Workspace;
import app.lightbox.ui.gallery.GalleryView;
import app.lightbox.ui.welcome.WelcomeView;
import app.lightbox.ui.workflows.Notice;
import app.lightbox.ui.workflows.WorkflowDetailsView;
import app.lightbox.ui.workflows.WorkflowListView;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;

/** The window's content: welcome screen or workspace, following the ViewModel. */
public final class MainView extends StackPane {

    private final MainViewModel vm;
    /** Built when a workspace is first shown: the welcome screen needs none of it. */
    private BorderPane workspace;
    private MenuButton accountMenu;

    public MainView(MainViewModel vm) {
        this.vm = vm;
        getStyleClass().add("main");
        vm.screenProperty().addListener((obs, old, now) -> render());
        vm.workflowsProperty().addListener((obs, old, now) -> renderContent());
        vm.accounts().addListener((ListChangeListener<Account>) c -> rebuildAccountMenu());
        vm.currentProperty().addListener((obs, old, now) -> rebuildAccountMenu());
        render();
    }

    private void render() {
        switch (vm.screenProperty().get()) {
            case STARTING -> {
                ProgressIndicator p = new ProgressIndicator();
                p.setMaxSize(40, 40);
                getChildren().setAll(new StackPane(p));
            }
            case WELCOME -> getChildren().setAll(new WelcomeView(vm));
            case WORKSPACE -> {
                if (workspace == null) {
                    workspace = new BorderPane();
                    buildWorkspaceChrome();
                }
                renderContent();
                getChildren().setAll(workspace);
            }
        }
    }

    private void renderContent() {
        if (workspace == null || vm.workflowsProperty().get() == null) {
            return;
        }
        WorkflowListView list = new WorkflowListView(vm.workflowsProperty().get());
        GalleryView gallery = new GalleryView(vm.galleryProperty().get());
        WorkflowDetailsView details = new WorkflowDetailsView(vm.detailsProperty().get());
        BorderPane right = new BorderPane(gallery);
        right.setTop(details);
        vm.workflowsProperty().get().noticeProperty().addListener((obs, old, now) -> notify(now));
        SplitPane split = new SplitPane(list, right);
        split.setDividerPositions(0.3);
        SplitPane.setResizableWithParent(list, false);
        list.setMinWidth(260);
        workspace.setCenter(split);
    }

    /** A desktop-style notification in the screen corner, so a finished workflow is noticed from anywhere. */
    private void notify(Notice notice) {
        if (notice == null || getScene() == null || getScene().getWindow() == null) {
            return;
        }
        org.controlsfx.control.Notifications n = org.controlsfx.control.Notifications.create()
                .owner(getScene().getWindow())
                .title(notice.title())
                .text(notice.text())
                .position(Pos.BOTTOM_RIGHT)
                .hideAfter(javafx.util.Duration.seconds(6))
                .darkStyle();
        if (notice.kind() == Notice.Kind.FAILED) {
            n.showError();
        } else {
            n.showInformation();
        }
    }

    private void buildWorkspaceChrome() {
        Label brand = new Label("Lightbox");
        brand.getStyleClass().add("brand");
        Label account = new Label();
        account.setId("account-label");
        account.getStyleClass().add("muted");
        account.textProperty().bind(vm.accountLabelProperty());
        accountMenu = new MenuButton();
        accountMenu.setId("account-menu");
        accountMenu.setText("Accounts");
        rebuildAccountMenu();
        Button refresh = new Button("Refresh");
        refresh.setId("refresh");
        refresh.setOnAction(e -> vm.workflowsProperty().get().refresh());
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.textProperty().bind(vm.errorProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(14, brand, account, spacer, error, accountMenu, refresh);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(10, 16, 10, 16));
        top.getStyleClass().add("top-bar");
        workspace.setTop(new VBox(top, reauthBanner()));
    }

    /** Shown in place when the server stops accepting the account's token; the gallery stays as it is. */
    private VBox reauthBanner() {
        Label text = new Label();
        text.setId("reauth-message");
        text.setWrapText(true);
        text.textProperty().bind(vm.reauthMessageProperty());
        PasswordField token = new PasswordField();
        token.setId("reauth-token");
        token.setPromptText("New API token (cfc_…)");
        token.setPrefColumnCount(28);
        Button use = new Button("Use new token");
        use.setId("reauth-submit");
        use.getStyleClass().add("accent");
        use.disableProperty().bind(vm.reauthBusyProperty());
        use.setOnAction(e -> vm.submitNewToken(token.getText()));
        token.setOnAction(e -> vm.submitNewToken(token.getText()));
        Label problem = new Label();
        problem.setId("reauth-error");
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        problem.textProperty().bind(vm.reauthErrorProperty());
        problem.visibleProperty().bind(vm.reauthErrorProperty().isNotNull());
        problem.managedProperty().bind(problem.visibleProperty());
        HBox row = new HBox(10, token, use);
        row.setAlignment(Pos.CENTER_LEFT);
        VBox banner = new VBox(8, text, row, problem);
        banner.setId("reauth-banner");
        banner.getStyleClass().add("reauth-banner");
        banner.setPadding(new Insets(12, 16, 12, 16));
        banner.visibleProperty().bind(vm.reauthMessageProperty().isNotNull());
        banner.managedProperty().bind(banner.visibleProperty());
        vm.reauthMessageProperty().addListener((obs, old, now) -> {
            if (now == null) {
                token.clear();
            }
        });
        return banner;
    }

    private void rebuildAccountMenu() {
        if (accountMenu == null) {
            return;
        }
        accountMenu.getItems().clear();
        Workspace current = vm.currentProperty().get();
        for (Account a : vm.accounts()) {
            boolean shown = current != null && a.equals(current.account());
            MenuItem item = new MenuItem((shown ? "✓  " : "    ") + a.displayName() + "  —  " + a.apiOrigin().getHost());
            item.setOnAction(e -> vm.switchTo(a));
            accountMenu.getItems().add(item);
        }
        boolean allShown = current != null && current.account() == null && "All accounts".equals(current.label());
        MenuItem all = new MenuItem((allShown ? "✓  " : "    ") + "All accounts");
        all.setId("menu-all-accounts");
        all.setOnAction(e -> vm.openAllAccounts());
        all.setDisable(vm.accounts().size() < 2);
        accountMenu.getItems().add(all);
        MenuItem demo = new MenuItem((current != null && current.isDemo() && !allShown ? "✓  " : "    ") + "Demo workspace");
        demo.setOnAction(e -> vm.openDemo());
        accountMenu.getItems().add(demo);
        accountMenu.getItems().add(new SeparatorMenuItem());
        MenuItem add = new MenuItem("Add account…");
        add.setId("menu-add-account");
        add.setOnAction(e -> showAddAccountDialog());
        MenuItem rename = new MenuItem("Rename this account…");
        rename.setOnAction(e -> renameDialog());
        MenuItem remove = new MenuItem("Remove this account…");
        remove.setOnAction(e -> removeDialog());
        boolean saved = current != null && !current.isDemo();
        rename.setDisable(!saved);
        remove.setDisable(!saved);
        accountMenu.getItems().addAll(add, rename, remove);
    }

    /** The add-account form in its own window; it stays open on the verdict so the artist can read it. */
    public Stage showAddAccountDialog() {
        AddAccountViewModel form = vm.newAccountForm();
        Stage dialog = new Stage();
        dialog.setTitle("Add account");
        dialog.initModality(Modality.WINDOW_MODAL);
        if (getScene() != null) {
            dialog.initOwner(getScene().getWindow());
        }
        Button close = new Button("Close");
        close.setId("close-add-account");
        close.setOnAction(e -> dialog.close());
        HBox buttons = new HBox(close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(16, new AddAccountView(form, vm.tokenStoreNameProperty().get()), buttons);
        root.getStyleClass().add("dialog-root");
        root.setPadding(new Insets(24));
        root.setPrefWidth(460);
        Scene scene = new Scene(root);
        if (getScene() != null) {
            scene.getStylesheets().setAll(getScene().getStylesheets());
        }
        dialog.setScene(scene);
        // The verdict can take more lines than the empty form: grow the window to fit it.
        form.messageProperty().addListener((obs, old, now) -> Platform.runLater(dialog::sizeToScene));
        dialog.show();
        return dialog;
    }

    private void renameDialog() {
        Workspace ws = vm.currentProperty().get();
        if (ws == null || ws.isDemo()) {
            return;
        }
        TextInputDialog d = new TextInputDialog(ws.account().displayName());
        d.setTitle("Rename account");
        d.setHeaderText("New name for “" + ws.account().displayName() + "”");
        styled(d.getDialogPane().getScene());
        d.showAndWait().ifPresent(vm::renameCurrent);
    }

    private void removeDialog() {
        Workspace ws = vm.currentProperty().get();
        if (ws == null || ws.isDemo()) {
            return;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION,
                "Lightbox forgets “" + ws.account().displayName() + "” and deletes its token from "
                        + vm.tokenStoreNameProperty().get() + ". Nothing changes on ComfyControl.",
                ButtonType.CANCEL, ButtonType.OK);
        a.setHeaderText("Remove this account?");
        styled(a.getDialogPane().getScene());
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> vm.removeCurrent());
    }

    private void styled(Scene dialogScene) {
        if (getScene() != null && dialogScene != null) {
            dialogScene.getStylesheets().setAll(getScene().getStylesheets());
        }
    }
}
