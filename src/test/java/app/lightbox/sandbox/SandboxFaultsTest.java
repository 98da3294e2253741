package app.lightbox.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxFaultsTest {

    private SandboxServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rateLimitAnswers429ThenCoolsDownThenRecovers() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults().withRateLimit(5, Duration.ofSeconds(1),
                Duration.ofMillis(400)));
        for (int i = 0; i < 5; i++) {
            assertEquals(200, Http.get(server, "/v1/user").status(), "request " + (i + 1));
        }
        Http.Response limited = Http.get(server, "/v1/user");
        assertEquals(429, limited.status());
        assertEquals(429, limited.json().get("status").asInt());
        assertEquals("Too many requests", limited.json().get("message").asText());
        long lockedAt = System.nanoTime();

        // During the cooldown nothing is processed, not even requests that would otherwise be fine.
        assertEquals(429, Http.get(server, "/v1/workflow").status());
        assertEquals(429, Http.get(server.baseUrl().resolve("/v1/user"), "cfc_unknown").status());

        Thread.sleep(Math.max(0, 450 - (System.nanoTime() - lockedAt) / 1_000_000));  // real time is the point here
        assertEquals(200, Http.get(server, "/v1/user").status());
        assertEquals(3, server.stats().rateLimited());
        assertEquals(9, server.stats().apiRequests());
        assertEquals(9, server.stats().apiRequestTimes().size());
    }

    @Test
    void storageIsNotRateLimited() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults().withRateLimit(2, Duration.ofSeconds(10),
                Duration.ofSeconds(10)));
        String id = server.addWorkflow(WorkflowSpec.completed("x").outputs(OutputSpec.png("a.png", 8, 8)));
        String src = Http.get(server, "/v1/workflow/" + id + "/outputs").json().get(0).get("src").asText();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, Http.get(java.net.URI.create(src), null).status());
        }
    }

    @Test
    void failNextRequestsAnswersTheGivenStatusWithAnErrorBody() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults());
        server.faults().failNextApiRequests(2, 503);
        Http.Response first = Http.get(server, "/v1/user");
        assertEquals(503, first.status());
        assertEquals(503, first.json().get("status").asInt());
        assertTrue(first.json().get("message").asText().length() > 0);
        assertEquals(503, Http.get(server, "/v1/workflow").status());
        assertEquals(200, Http.get(server, "/v1/user").status());

        server.faults().failNextApiRequests(1, 429);
        assertEquals("Too many requests", Http.get(server, "/v1/user").json().get("message").asText());
        assertEquals(1, server.stats().rateLimited());
    }

    @Test
    void serverErrorRateIsDeterministic() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults().withRateLimit(0, Duration.ZERO, Duration.ZERO));
        List<Integer> a = statuses(40, 0.3);
        server.faults().reset();
        List<Integer> b = statuses(40, 0.3);
        assertEquals(a, b);
        long errors = a.stream().filter(s -> s >= 500).count();
        assertTrue(errors >= 5 && errors <= 20, "about 30% of 40: " + errors);
        assertTrue(a.stream().allMatch(s -> s == 200 || s == 500 || s == 503), a.toString());
    }

    private List<Integer> statuses(int n, double rate) {
        server.faults().setServerErrorRate(rate);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Http.Response r = Http.get(server, "/v1/user");
            if (r.status() != 200) {
                assertEquals(r.status(), r.json().get("status").asInt());
            }
            out.add(r.status());
        }
        return out;
    }

    @Test
    void statsResetAndRecordArrivalTimes() throws IOException {
        server = SandboxServer.start(SandboxConfig.defaults());
        Instant before = Instant.now();
        Http.get(server, "/v1/user");
        Instant at = server.stats().apiRequestTimes().get(0);
        assertTrue(!at.isBefore(before) && !at.isAfter(Instant.now()));
        server.stats().reset();
        assertEquals(0, server.stats().apiRequests());
        assertTrue(server.stats().apiRequestTimes().isEmpty());
    }

    @Test
    void closeEndsOpenStreamsPromptly() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults());
        server.faults().setLatency(Duration.ofSeconds(30));
        var pending = Http.CLIENT.sendAsync(Http.request(server.baseUrl().resolve("/v1/user"), server.demoToken()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        while (server.stats().apiRequests() == 0) {
            Thread.onSpinWait();
        }
        long t0 = System.nanoTime();
        server.close();
        assertTrue((System.nanoTime() - t0) < 3_000_000_000L, "close waited for a delayed response");
        assertTrue(pending.handle((r, e) -> true).get());
    }
}
