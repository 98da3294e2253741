package app.lightbox.core.api;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bearer token goes only to the configured API origin, is re-checked on every redirect hop, and is
 * read from the supplier when the request is sent. Uses two tiny JDK servers so it needs no sandbox.
 */
class TokenScopeTest {

    private HttpServer api;
    private HttpServer other;
    private final List<String> apiAuth = new CopyOnWriteArrayList<>();
    private final List<String> otherAuth = new CopyOnWriteArrayList<>();
    private HttpStack http;

    @BeforeEach
    void start() throws IOException {
        other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", ex -> {
            otherAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            reply(ex, 200, "{\"id\":\"u-other\",\"name\":\"elsewhere\"}");
        });
        other.start();
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/v1/user", ex -> {
            apiAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            reply(ex, 200, "{\"id\":\"u1\",\"name\":\"Ada\"}");
        });
        api.createContext("/v1/workflow/hop", ex -> {
            apiAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/v1/workflow/hop");
            reply(ex, 302, "");
        });
        api.start();
        http = HttpStack.create();
    }

    @AfterEach
    void stop() {
        http.close();
        api.stop(0);
        other.stop(0);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private ComfyControlClient client(java.util.function.Supplier<String> token) {
        URI origin = URI.create("http://127.0.0.1:" + api.getAddress().getPort());
        return new ComfyControlClient(origin, token, http, new RequestBudget(100, Duration.ofSeconds(1), Duration.ofMillis(100)),
                RetryPolicy.defaults().withBaseDelay(Duration.ofMillis(5)));
    }

    @Test
    void tokenIsSentToTheApiOriginAndReadAtSendTime() throws Exception {
        AtomicReference<String> token = new AtomicReference<>("cfc_first");
        ComfyControlClient c = client(token::get);
        assertEquals("u1", c.user().get(5, TimeUnit.SECONDS).id());
        token.set("cfc_second");
        c.user().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("Bearer cfc_first", "Bearer cfc_second"), apiAuth);
    }

    @Test
    void tokenIsDroppedWhenARedirectLeavesTheApiOrigin() throws Exception {
        ComfyControlClient c = client(() -> "cfc_secret");
        c.workflow("hop").get(5, TimeUnit.SECONDS);
        assertEquals(List.of("Bearer cfc_secret"), apiAuth);
        // Same host name family, different port: a different origin, so no token.
        assertEquals(List.of("null"), otherAuth);
    }

    @Test
    void aTokenThatCannotBeAHeaderIsNotSentAndNotEchoed() throws Exception {
        ComfyControlClient c = client(() -> "cfc_bad\r\nX-Evil: 1");
        c.user().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("null"), apiAuth);
    }

    @Test
    void originComparisonUsesSchemeHostAndPort() {
        ComfyControlClient c = new ComfyControlClient(URI.create("https://api.comfycontrol.app"), () -> "t", http,
                RequestBudget.comfyControlDefault());
        assertTrue(c.isApiOrigin(okhttp3.HttpUrl.get("https://api.comfycontrol.app/v1/user")));
        assertTrue(c.isApiOrigin(okhttp3.HttpUrl.get("https://api.comfycontrol.app:443/v1/user")));
        assertEquals(false, c.isApiOrigin(okhttp3.HttpUrl.get("http://api.comfycontrol.app/v1/user")));
        assertEquals(false, c.isApiOrigin(okhttp3.HttpUrl.get("https://api.comfycontrol.app:8443/v1/user")));
        assertEquals(false, c.isApiOrigin(okhttp3.HttpUrl.get("https://storage.comfycontrol.app/x.png")));
    }
}
