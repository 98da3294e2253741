package app.lightbox.core.api.dto;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** GET /v1/user. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserDto(String id, String name, String email, String tier, String provider) {
}
