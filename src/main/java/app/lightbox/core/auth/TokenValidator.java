package app.lightbox.core.auth;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a server whether it accepts a token (in the app: {@code GET /v1/user}). The future completes
 * normally when the token is accepted and exceptionally when it is rejected or the server cannot be
 * reached; the exception's message is shown to the user, so it should carry the server's reason
 * ("401: Token has expired") and must never contain the token.
 */
@FunctionalInterface
public interface TokenValidator {

    CompletableFuture<?> validate(URI origin, String token);
}
