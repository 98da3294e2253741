package app.lightbox.core.api.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** GET /v1/workflow. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkflowListDto(List<WorkflowDto> workflows, Integer total) {
}
