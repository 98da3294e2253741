package app.lightbox.core.workflow;

import app.lightbox.model.Output;
import app.lightbox.model.Workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link WorkflowTracker} tells its listeners. Every status transition arrives as a
 * {@link StatusChanged}; the terminal and unknown ones are followed by the event that says what it means.
 */
public sealed interface TrackingEvent {

    /** The workflow moved from one status to another (any pair, including unknown strings). */
    record StatusChanged(Workflow before, Workflow after) implements TrackingEvent {
    }

    /** A queued or running workflow's position or start time changed (also sent on entering either state). */
    record Progress(String workflowId, Integer queueNumber, Instant startedAt) implements TrackingEvent {
    }

    /** The workflow completed; {@code outputs} are fresh (their signed URLs expire within minutes). */
    record Completed(Workflow workflow, List<Output> outputs) implements TrackingEvent {
        public Completed {
            outputs = List.copyOf(outputs);
        }
    }

    /** The workflow completed, but its outputs could not be fetched; {@code message} is for a person. */
    record OutputsUnavailable(Workflow workflow, String message) implements TrackingEvent {
    }

    /** The workflow failed or was invalid; {@code workflow.failure()} holds the error node and exception when known. */
    record Failed(Workflow workflow) implements TrackingEvent {
    }

    record Cancelled(Workflow workflow) implements TrackingEvent {
    }

    /** ComfyControl reported a status string the app does not know; show it as-is. It stays tracked. */
    record UnknownStatus(Workflow workflow) implements TrackingEvent {
    }

    /** Workflows that appeared at the top of the list since the last look (submitted elsewhere), newest first. */
    record NewWorkflows(List<Workflow> workflows) implements TrackingEvent {
        public NewWorkflows {
            workflows = List.copyOf(workflows);
        }
    }

    /** ComfyControl no longer knows the workflow (404); it is no longer tracked. */
    record Untracked(Workflow lastKnown, String message) implements TrackingEvent {
    }

    /** A refresh failed; the next try comes after {@code retryIn}. Statuses may be stale until then. */
    record RefreshProblem(String message, Duration retryIn) implements TrackingEvent {
    }
}
