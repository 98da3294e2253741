package app.lightbox.cli;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.auth.TokenValidator;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Checks a token the way the app does: GET /v1/user on the account's own API origin. */
final class ApiTokenValidator implements TokenValidator {

    @Override
    public CompletableFuture<?> validate(URI origin, String token) {
        HttpStack http = HttpStack.create();
        ComfyControlClient api = new ComfyControlClient(origin, () -> token, http, RequestBudget.comfyControlDefault());
        return api.user().whenComplete((user, failure) -> http.close());
    }
}
