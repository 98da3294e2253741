package app.lightbox.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxAuthTest {

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2024-01-15T10:30:00Z"));
    private SandboxServer server;
    private URI user;

    @BeforeEach
    void start() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults().withClock(clock));
        user = server.baseUrl().resolve("/v1/user");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void demoTokenReadsTheUser() {
        assertTrue(server.demoToken().startsWith("cfc_"));
        Http.Response r = Http.get(user, server.demoToken());
        assertEquals(200, r.status());
        assertEquals("Demo Artist", r.json().get("name").asText());
        assertEquals("pro", r.json().get("tier").asText());
        assertEquals("github", r.json().get("provider").asText());
        assertFalse(r.json().get("deleted").asBoolean());
        for (String field : new String[] {"id", "email", "created_at", "updated_at"}) {
            assertTrue(r.json().hasNonNull(field), field);
        }
        assertTrue(r.json().get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
    }

    @Test
    void missingTokenIsInvalid() {
        assertUnauthorized(Http.get(user, null), "Invalid token");
    }

    @Test
    void unknownOrMalformedTokenIsInvalid() {
        assertUnauthorized(Http.get(user, "cfc_doesnotexist"), "Invalid token");
        assertUnauthorized(Http.get(user, null, "Authorization", "Basic " + server.demoToken()), "Invalid token");
    }

    @Test
    void expiredTokenSaysSo() {
        server.addToken("cfc_shortlived", clock.now().plus(Duration.ofMinutes(5)));
        assertEquals(200, Http.get(user, "cfc_shortlived").status());
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertUnauthorized(Http.get(user, "cfc_shortlived"), "Token has expired");
        assertEquals(200, Http.get(user, server.demoToken()).status());
    }

    @Test
    void revokedTokenBecomesInvalid() {
        server.addToken("cfc_second");
        assertEquals(200, Http.get(user, "cfc_second").status());
        server.revokeToken("cfc_second");
        assertUnauthorized(Http.get(user, "cfc_second"), "Invalid token");
    }

    @Test
    void authIsCheckedOnEveryEndpoint() {
        assertUnauthorized(Http.get(server.baseUrl().resolve("/v1/workflow"), null), "Invalid token");
        assertUnauthorized(Http.get(server.baseUrl().resolve("/v1/workflow/x/outputs"), "cfc_nope"), "Invalid token");
    }

    @Test
    void tokensMustLookLikeComfyControlTokens() {
        assertThrows(IllegalArgumentException.class, () -> server.addToken("abc"));
    }

    private static void assertUnauthorized(Http.Response r, String message) {
        assertEquals(401, r.status());
        assertTrue(r.header("Content-Type").startsWith("application/json"));
        assertEquals(401, r.json().get("status").asInt());
        assertEquals(message, r.json().get("message").asText());
    }
}
