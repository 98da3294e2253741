package app.lightbox.core.api;

import app.lightbox.model.WorkflowStatus;

/** Outputs were asked for a workflow that has not completed (the server answered 404). */
public class WorkflowNotCompletedException extends ApiException {

    private final WorkflowStatus status;

    public WorkflowNotCompletedException(WorkflowStatus status, String message) {
        super(404, null, message);
        this.status = status;
    }

    public WorkflowStatus status() {
        return status;
    }
}
