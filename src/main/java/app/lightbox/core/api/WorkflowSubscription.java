package app.lightbox.core.api;

import app.lightbox.model.WorkflowUpdate;

import java.util.concurrent.CompletableFuture;

/** A live subscription to one workflow's status stream. */
public interface WorkflowSubscription extends AutoCloseable {

    /** Completes with the terminal update, or exceptionally on an error that resubscribing cannot mend. */
    CompletableFuture<WorkflowUpdate> done();

    /** How many times the stream has been opened so far (1 for the first connection). */
    int connections();

    /** Stops following; {@link #done()} is then cancelled if it had not completed. */
    @Override
    void close();
}
