package app.lightbox.core.api.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One item of GET /v1/workflow/{id}/outputs, also used inside status events. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OutputDto(String id, @JsonProperty("workflow_id") String workflowId, String src) {
}
