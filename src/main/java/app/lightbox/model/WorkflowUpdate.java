package app.lightbox.model;

import java.time.Instant;
import java.util.List;

/** One event of the subscribe stream. */
public record WorkflowUpdate(
        String workflowId,
        WorkflowStatus status,
        Integer queueNumber,
        List<Output> outputs,
        Failure failure,
        Instant startedAt,
        Instant completedAt) {

    public WorkflowUpdate {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
}
