package app.lightbox.core.workflow;

import app.lightbox.model.WorkflowStatus;

/** A cancel the app refused without asking ComfyControl, because the workflow's status rules it out. */
public final class CannotCancelException extends IllegalStateException {

    private final transient WorkflowStatus status;

    public CannotCancelException(WorkflowStatus status) {
        super("Only queued or running workflows can be cancelled; this one is " + status.raw());
        this.status = status;
    }

    public WorkflowStatus status() {
        return status;
    }
}
