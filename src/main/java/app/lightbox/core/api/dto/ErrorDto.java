package app.lightbox.core.api.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The documented error body: {"status": 404, "message": "requested entity not found"}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorDto(Integer status, String message) {
}
