package app.lightbox.model;

import java.time.Instant;
import java.util.List;

/**
 * A workflow as the app knows it. List items carry only the summary fields; the rest is null until the
 * workflow is fetched on its own.
 */
public record Workflow(
        String id,
        String name,
        WorkflowStatus status,
        List<String> tags,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant completedAt,
        Integer queueNumber,
        String runnerId,
        List<WorkflowParam> params,
        Failure failure) {

    public Workflow {
        tags = tags == null ? List.of() : List.copyOf(tags);
        params = params == null ? List.of() : List.copyOf(params);
    }

    public record WorkflowParam(String name, String value) {
    }
}
