package app.lightbox.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a token the way the app will: {@code GET {origin}/v1/user} with a bearer token. Rejects with
 * "401: Token has expired" style messages built from the server's error body.
 */
public final class SandboxTokenValidator implements TokenValidator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public CompletableFuture<?> validate(URI origin, String token) {
        HttpRequest request = HttpRequest.newBuilder(origin.resolve("/v1/user"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() == 200) {
                return response.body();
            }
            String message = "no reason given";
            try {
                JsonNode body = JSON.readTree(response.body());
                if (body.hasNonNull("message")) {
                    message = body.get("message").asText();
                }
            } catch (Exception ignored) {
                // not JSON: keep the generic reason
            }
            throw new IllegalStateException(response.statusCode() + ": " + message);
        });
    }
}
