package app.lightbox.ui.controls;

import app.lightbox.model.WorkflowStatus;
import javafx.scene.control.Label;

/** A coloured pill naming a workflow status; unknown strings are shown as they are. */
public final class StatusBadge extends Label {

    private static final String[] STYLE_CLASSES = {
        "status-pending", "status-running", "status-done", "status-error", "status-cancelled", "status-unknown"
    };

    public StatusBadge() {
        getStyleClass().add("status-badge");
        setMinWidth(USE_PREF_SIZE);
    }

    public void setStatus(WorkflowStatus status) {
        getStyleClass().removeAll(STYLE_CLASSES);
        if (status == null) {
            setText("");
            return;
        }
        setText(status.raw().isEmpty() ? "?" : status.raw());
        getStyleClass().add(styleClassOf(status));
    }

    static String styleClassOf(WorkflowStatus status) {
        return switch (status.phase()) {
            case ACCEPTED, UPLOADED, QUEUED -> "status-pending";
            case RUNNING -> "status-running";
            case COMPLETED -> "status-done";
            case FAILED, INVALID -> "status-error";
            case CANCELLED -> "status-cancelled";
            case UNKNOWN -> "status-unknown";
        };
    }
}
