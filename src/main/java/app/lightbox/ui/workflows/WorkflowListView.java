package app.lightbox.ui.workflows;

import app.lightbox.model.Workflow;
import app.lightbox.ui.controls.StatusBadge;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.Duration;
import java.time.Instant;

/** The account's workflows, newest first, with a status badge each and more pages on demand. */
public final class WorkflowListView extends BorderPane {

    public WorkflowListView(WorkflowListViewModel vm) {
        getStyleClass().add("workflow-list");
        ListView<Workflow> list = new ListView<>(vm.workflows());
        list.setId("workflow-list");
        list.setCellFactory(v -> new WorkflowCell());
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> vm.select(now));
        vm.selectedProperty().addListener((obs, old, now) -> {
            if (now != list.getSelectionModel().getSelectedItem()) {
                list.getSelectionModel().select(now);
            }
        });
        Label placeholder = new Label();
        placeholder.getStyleClass().add("empty-message");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            if (vm.errorProperty().get() != null) {
                return vm.errorProperty().get();
            }
            return vm.loadingProperty().get() ? "Loading workflows…" : "No workflows yet.";
        }, vm.errorProperty(), vm.loadingProperty()));
        list.setPlaceholder(placeholder);
        setCenter(list);

        Label summary = new Label();
        summary.getStyleClass().add("muted");
        summary.textProperty().bind(vm.summaryProperty());
        Button more = new Button("Load more");
        more.setId("load-more");
        more.visibleProperty().bind(vm.hasMoreProperty());
        more.managedProperty().bind(more.visibleProperty());
        more.disableProperty().bind(vm.loadingProperty());
        more.setOnAction(e -> vm.loadMore());
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotNull().and(javafx.beans.binding.Bindings.isNotEmpty(vm.workflows())));
        error.managedProperty().bind(error.visibleProperty());
        error.setWrapText(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox footer = new HBox(8, summary, spacer, more);
        footer.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(6, error, footer);
        bottom.setPadding(new Insets(8, 12, 10, 12));
        bottom.getStyleClass().add("list-footer");
        setBottom(bottom);
    }

    static final class WorkflowCell extends ListCell<Workflow> {
        private final Label name = new Label();
        private final Label when = new Label();
        private final StatusBadge badge = new StatusBadge();
        private final HBox row;

        WorkflowCell() {
            getStyleClass().add("workflow-cell");
            name.getStyleClass().add("workflow-name");
            when.getStyleClass().add("muted");
            VBox text = new VBox(2, name, when);
            HBox.setHgrow(text, Priority.ALWAYS);
            text.setMinWidth(0);
            row = new HBox(10, text, badge);
            row.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Workflow w, boolean empty) {
            super.updateItem(w, empty);
            if (empty || w == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            name.setText(w.name() == null || w.name().isBlank() ? "(unnamed)" : w.name());
            String tags = w.tags().isEmpty() ? "" : "  ·  " + String.join(", ", w.tags());
            when.setText(ago(w.createdAt()) + tags);
            badge.setStatus(w.status());
            setGraphic(row);
        }
    }

    static String ago(Instant t) {
        if (t == null) {
            return "";
        }
        Duration d = Duration.between(t, Instant.now());
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min ago";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h ago";
        }
        return d.toDays() + (d.toDays() == 1 ? " day ago" : " days ago");
    }
}
