package app.lightbox.core.workflow;

import app.lightbox.model.Workflow;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Keeps the statuses of one account's unfinished workflows current and says when they change. Listeners are
 * called on a tracker thread, never the UI thread; a ViewModel hops to its own thread once.
 */
public interface WorkflowTracker extends AutoCloseable {

    /** Starts looking; the first refresh goes out at once. */
    void start();

    /** Follows these workflows (e.g. the list the UI just loaded); terminal ones and known ones are skipped. */
    void track(Collection<Workflow> workflows);

    /** The artist is looking at this workflow: follow it live (a status stream while there is room). */
    void watch(String workflowId);

    /** No longer looked at: back to ordinary polling. */
    void unwatch(String workflowId);

    /**
     * Asks ComfyControl to cancel. Fails at once, without a request, with {@link CannotCancelException} when
     * the workflow is known to be in a state that cannot be cancelled; a refusal by the server fails with the
     * server's message. Completes when ComfyControl accepted the request; the status follows as an event.
     */
    CompletableFuture<Void> cancel(String workflowId);

    void addListener(Consumer<TrackingEvent> listener);

    void removeListener(Consumer<TrackingEvent> listener);

    /** Convenience for {@link TrackingEvent.NewWorkflows}: called with workflows submitted elsewhere, newest first. */
    default void onNewWorkflows(Consumer<List<Workflow>> callback) {
        addListener(e -> {
            if (e instanceof TrackingEvent.NewWorkflows n) {
                callback.accept(n.workflows());
            }
        });
    }

    /** Stops polling and closes every stream. */
    @Override
    void close();
}
