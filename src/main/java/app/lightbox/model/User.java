package app.lightbox.model;

/** The account behind a token, from GET /v1/user. */
public record User(String id, String name, String email, String tier, String provider) {
}
