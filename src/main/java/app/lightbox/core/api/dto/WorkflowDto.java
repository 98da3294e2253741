package app.lightbox.core.api.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/** A workflow from GET /v1/workflow/{id} (all fields) or a list item (summary fields only). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowDto(
        String id,
        String name,
        String status,
        List<String> tags,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("queue_number") Integer queueNumber,
        @JsonProperty("user_runner_id") String userRunnerId,
        @JsonProperty("managed_runner_id") String managedRunnerId,
        // [name, value] tuples; values are usually strings but nothing promises it
        @JsonProperty("workflow_params") List<List<JsonNode>> workflowParams,
        @JsonProperty("error_node") String errorNode,
        @JsonProperty("exception_type") String exceptionType,
        @JsonProperty("exception_message") String exceptionMessage) {
}
