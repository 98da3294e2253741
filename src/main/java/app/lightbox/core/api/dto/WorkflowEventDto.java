package app.lightbox.core.api.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/** The data of one event on GET /v1/workflow/{id}/subscribe. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowEventDto(
        String status,
        @JsonProperty("queue_number") Integer queueNumber,
        List<OutputDto> outputs,
        Cause cause,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("completed_at") Instant completedAt) {

    /** The stream's failure details; GET workflow carries the same facts as flat error_* fields. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cause(
            @JsonProperty("node_type") String nodeType,
            @JsonProperty("exception_type") String exceptionType,
            @JsonProperty("exception_message") String exceptionMessage) {
    }
}
