package app.lightbox.model;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/**
 * A ComfyControl account the artist added to Lightbox. Holds no token: the token lives in a token store,
 * keyed by {@link #id()}, so an Account can be logged, shown and saved freely.
 *
 * @param id          stable random UUID, never shown to the user
 * @param displayName the artist's own name for the account, unique ignoring case
 * @param apiOrigin   the API origin, e.g. {@code https://api.comfycontrol.app}
 */
public record Account(String id, String displayName, URI apiOrigin) {

    public static final URI DEFAULT_ORIGIN = URI.create("https://api.comfycontrol.app");

    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(apiOrigin, "apiOrigin");
    }

    /** A new account with a fresh random id. */
    public static Account create(String displayName, URI apiOrigin) {
        return new Account(UUID.randomUUID().toString(), displayName, apiOrigin);
    }

    public Account withDisplayName(String newName) {
        return new Account(id, newName, apiOrigin);
    }
}
