package app.lightbox.ui.workflows;

import app.lightbox.model.Workflow;
import app.lightbox.ui.controls.StatusBadge;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.time.Instant;

/** The selected workflow's details, with live elapsed time and a cancel button where the API allows it. */
public final class WorkflowDetailsView extends VBox {

    private final WorkflowDetailsViewModel vm;
    private final GridPane grid = new GridPane();
    private final GridPane paramGrid = new GridPane();

    public WorkflowDetailsView(WorkflowDetailsViewModel vm) {
        this.vm = vm;
        setId("workflow-details");
        getStyleClass().add("details");

        Label name = new Label();
        name.getStyleClass().add("details-title");
        StatusBadge badge = new StatusBadge();
        Label elapsed = new Label();
        elapsed.setId("details-elapsed");
        elapsed.getStyleClass().add("muted");
        elapsed.textProperty().bind(vm.elapsedProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button cancel = new Button("Cancel workflow");
        cancel.setId("cancel-workflow");
        cancel.visibleProperty().bind(vm.cancellableProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> vm.cancel());
        HBox head = new HBox(10, name, badge, elapsed, spacer, cancel);
        head.setAlignment(Pos.CENTER_LEFT);

        Label cancelMessage = new Label();
        cancelMessage.setId("cancel-message");
        cancelMessage.getStyleClass().add("muted");
        cancelMessage.setWrapText(true);
        cancelMessage.textProperty().bind(vm.cancelMessageProperty());
        cancelMessage.visibleProperty().bind(vm.cancelMessageProperty().isNotNull());
        cancelMessage.managedProperty().bind(cancelMessage.visibleProperty());

        Label failure = new Label();
        failure.setId("details-failure");
        failure.getStyleClass().add("failure-box");
        failure.setWrapText(true);
        failure.setMaxWidth(Double.MAX_VALUE);
        failure.textProperty().bind(vm.failureProperty());
        failure.visibleProperty().bind(vm.failureProperty().isNotNull());
        failure.managedProperty().bind(failure.visibleProperty());

        grid.setHgap(16);
        grid.setVgap(4);
        paramGrid.setHgap(16);
        paramGrid.setVgap(4);
        Label paramsTitle = new Label("Parameters");
        paramsTitle.getStyleClass().add("muted");
        paramsTitle.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.params()));
        paramsTitle.managedProperty().bind(paramsTitle.visibleProperty());

        setSpacing(10);
        getChildren().addAll(head, failure, cancelMessage, grid, paramsTitle, paramGrid);
        setPadding(new Insets(14, 20, 14, 20));
        visibleProperty().bind(vm.workflowProperty().isNotNull());
        managedProperty().bind(visibleProperty());

        vm.workflowProperty().addListener((obs, old, now) -> {
            name.setText(now == null ? "" : now.name());
            badge.setStatus(now == null ? null : now.status());
        });
        vm.fields().addListener((ListChangeListener<WorkflowDetailsViewModel.Field>) c -> fill(grid, vm.fields()));
        vm.params().addListener((ListChangeListener<WorkflowDetailsViewModel.Field>) c -> fill(paramGrid, vm.params()));
        Workflow w = vm.workflowProperty().get();
        name.setText(w == null ? "" : w.name());
        badge.setStatus(w == null ? null : w.status());
        fill(grid, vm.fields());
        fill(paramGrid, vm.params());

        Timeline clock = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.tick(Instant.now())));
        clock.setCycleCount(Timeline.INDEFINITE);
        sceneProperty().addListener((obs, old, now) -> {
            if (now == null) {
                clock.stop();
            } else {
                clock.play();
            }
        });
    }

    private static void fill(GridPane target, java.util.List<WorkflowDetailsViewModel.Field> fields) {
        target.getChildren().clear();
        int row = 0;
        for (WorkflowDetailsViewModel.Field f : fields) {
            Label k = new Label(f.label());
            k.getStyleClass().add("muted");
            k.setMinWidth(Region.USE_PREF_SIZE);
            // One line each: a long prompt parameter must not push the gallery off the screen.
            Label v = new Label(f.value().replace('\n', ' '));
            v.setTooltip(new javafx.scene.control.Tooltip(f.value()));
            target.addRow(row++, k, v);
        }
    }
}
