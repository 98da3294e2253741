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

    private boolean rowsChanging;

    public WorkflowListView(WorkflowListViewModel vm) {
        getStyleClass().add("workflow-list");
        ListView<Workflow> list = new ListView<>(vm.shownWorkflows());
        list.setId("workflow-list");
        list.setCellFactory(v -> new WorkflowCell());
        // The ViewModel owns the selection: a row replaced by a live update may briefly lose its selection
        // in the ListView, which must not look like the artist clearing it.
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && !rowsChanging) {
                vm.select(now);
            }
        });
        vm.selectedProperty().addListener((obs, old, now) -> {
            if (now != list.getSelectionModel().getSelectedItem()) {
                list.getSelectionModel().select(now);
            }
        });
        // After the rows change (a reload, a live update) put the selection back on the same workflow; later,
        // because the ListView clears its own selection only after listeners like this one have run.
        // While rows change, the ListView moves or clears its selection on its own; that is not the artist
        // choosing another workflow, so it is ignored and the ViewModel's selection put back afterwards.
        vm.workflows().addListener((javafx.collections.ListChangeListener<Workflow>) c -> {
            rowsChanging = true;
            javafx.application.Platform.runLater(() -> {
                rowsChanging = false;
                reselect(list, vm);
            });
        });
        Label placeholder = new Label();
        placeholder.getStyleClass().add("empty-message");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            if (vm.errorProperty().get() != null) {
                return vm.errorProperty().get();
            }
            if (vm.loadingProperty().get()) {
                return "Loading workflows…";
            }
            if (!vm.workflows().isEmpty()) {
                return "No loaded workflow matches “" + vm.searchProperty().get() + "”.";
            }
            return vm.statusFilterProperty().get() == null ? "No workflows yet. Workflows you submit to ComfyControl appear here."
                    : "No " + vm.statusFilterProperty().get().raw() + " workflows.";
        }, vm.errorProperty(), vm.loadingProperty(), vm.workflows(), vm.searchProperty(), vm.statusFilterProperty()));
        list.setPlaceholder(placeholder);
        setCenter(list);
        setTop(toolbar(vm));
        // Running times in the rows move on; redraw them now and then (the details pane ticks every second).
        javafx.animation.Timeline redraw = new javafx.animation.Timeline(
                new javafx.animation.KeyFrame(javafx.util.Duration.seconds(15), e -> list.refresh()));
        redraw.setCycleCount(javafx.animation.Animation.INDEFINITE);
        sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                redraw.stop();
            } else {
                redraw.play();
            }
        });
        // More pages on demand: reaching the end of the list asks for the next one.
        list.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> loadMoreAtEnd(list, vm));
        list.getSelectionModel().selectedIndexProperty().addListener((obs, old, now) -> {
            if (now.intValue() >= list.getItems().size() - 3) {
                vm.loadMore();
            }
        });

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
        Label stale = new Label();
        stale.setId("tracking-problem");
        stale.getStyleClass().add("muted");
        stale.setWrapText(true);
        stale.textProperty().bind(vm.trackingProblemProperty());
        stale.visibleProperty().bind(vm.trackingProblemProperty().isNotNull());
        stale.managedProperty().bind(stale.visibleProperty());
        VBox bottom = new VBox(6, error, stale, footer);
        bottom.setPadding(new Insets(8, 12, 10, 12));
        bottom.getStyleClass().add("list-footer");
        setBottom(bottom);
    }

    static void reselect(ListView<Workflow> list, WorkflowListViewModel vm) {
        Workflow s = vm.selectedProperty().get();
        if (s == null) {
            return;
        }
        Workflow shown = list.getSelectionModel().getSelectedItem();
        if (shown != null && shown.id().equals(s.id())) {
            return;
        }
        list.getItems().stream().filter(w -> w.id().equals(s.id())).findFirst()
                .ifPresent(w -> list.getSelectionModel().select(w));
    }

    private static VBox toolbar(WorkflowListViewModel vm) {
        javafx.scene.control.TextField search = new javafx.scene.control.TextField();
        search.setId("workflow-search");
        search.setPromptText("Search names and tags");
        search.textProperty().bindBidirectional(vm.searchProperty());
        javafx.scene.control.ComboBox<app.lightbox.model.WorkflowStatus> status = new javafx.scene.control.ComboBox<>();
        status.setId("status-filter");
        status.getItems().add(null);
        status.getItems().addAll(WorkflowListViewModel.FILTERABLE);
        status.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(app.lightbox.model.WorkflowStatus s) {
                return s == null ? "All statuses" : s.raw().substring(0, 1).toUpperCase() + s.raw().substring(1);
            }

            @Override
            public app.lightbox.model.WorkflowStatus fromString(String text) {
                return null;
            }
        });
        status.setValue(vm.statusFilterProperty().get());
        status.setOnAction(e -> vm.filterByStatus(status.getValue()));
        HBox.setHgrow(search, Priority.ALWAYS);
        HBox row = new HBox(8, search, status);
        javafx.scene.control.TextField byId = new javafx.scene.control.TextField();
        byId.setId("open-by-id");
        byId.setPromptText("Open by ID (paste a workflow ID, press Enter)");
        byId.setOnAction(e -> vm.openById(byId.getText()));
        Label idError = new Label();
        idError.setId("open-by-id-error");
        idError.getStyleClass().add("error-text");
        idError.setWrapText(true);
        idError.textProperty().bind(vm.openByIdErrorProperty());
        idError.visibleProperty().bind(vm.openByIdErrorProperty().isNotNull());
        idError.managedProperty().bind(idError.visibleProperty());
        VBox box = new VBox(6, row, byId, idError);
        box.setPadding(new Insets(10, 10, 6, 10));
        return box;
    }

    private static void loadMoreAtEnd(ListView<Workflow> list, WorkflowListViewModel vm) {
        javafx.scene.control.skin.VirtualFlow<?> flow = (javafx.scene.control.skin.VirtualFlow<?>)
                list.lookup(".virtual-flow");
        if (flow != null && flow.getLastVisibleCell() != null
                && flow.getLastVisibleCell().getIndex() >= list.getItems().size() - 3) {
            vm.loadMore();
        }
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
            // Never wider than the list: long names and tags are cut with an ellipsis, the badge stays whole.
            setPrefWidth(0);
            name.setMinWidth(0);
            when.setMinWidth(0);
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
            when.setText(progress(w) + tags);
            badge.setStatus(w.status());
            setGraphic(row);
        }
    }

    /** "running 3 min", "queue position 2", else when it was created. */
    static String progress(Workflow w) {
        return switch (w.status().phase()) {
            case RUNNING -> w.startedAt() == null ? "running"
                    : "running " + WorkflowDetailsViewModel.duration(Duration.between(w.startedAt(), Instant.now()));
            case QUEUED -> w.queueNumber() == null ? "queued" : "queue position " + w.queueNumber();
            default -> ago(w.createdAt());
        };
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
