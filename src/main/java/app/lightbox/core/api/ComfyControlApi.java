package app.lightbox.core.api;

import app.lightbox.model.Output;
import app.lightbox.model.User;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.model.WorkflowUpdate;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The ComfyControl API as the app uses it. Every call is asynchronous and never blocks the caller; a
 * failed call completes exceptionally with an {@link ApiException} (possibly wrapped in a
 * {@link java.util.concurrent.CompletionException}).
 */
public interface ComfyControlApi {

    /** GET /v1/user: who the token belongs to (also the token check). */
    CompletableFuture<User> user();

    /**
     * GET /v1/workflow, newest first.
     *
     * @param page    1-based page number
     * @param perPage 1..100
     * @param status  filter, or null for all
     */
    CompletableFuture<WorkflowPage> workflows(int page, int perPage, WorkflowStatus status);

    /** GET /v1/workflow/{id}. */
    CompletableFuture<Workflow> workflow(String id);

    /**
     * GET /v1/workflow/{id}/outputs. A completed workflow without outputs yields an empty list whether the
     * server answers 404 or []; a 404 for a workflow that is not completed fails with
     * {@link WorkflowNotCompletedException}, and one for a workflow that does not exist with
     * {@link NotFoundException}.
     */
    CompletableFuture<List<Output>> outputs(String workflowId);

    /** POST /v1/workflow/{id}/cancel. */
    CompletableFuture<Void> cancel(String workflowId);

    /**
     * Follows GET /v1/workflow/{id}/subscribe, resubscribing whenever the server closes the stream before a
     * terminal status. Updates arrive on an HTTP thread. The returned subscription's {@code done()}
     * completes with the terminal update, or exceptionally with an {@link ApiException}.
     */
    WorkflowSubscription subscribe(String workflowId, Consumer<WorkflowUpdate> onUpdate);
}
