package app.lightbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxDemoSeedTest {

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2025-06-01T12:00:00Z"));
    private SandboxServer server;

    @BeforeEach
    void start() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults().withClock(clock).withSeedDemoWorkflows(true)
                .withRateLimit(0, Duration.ZERO, Duration.ZERO));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, Integer> statusCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode w : Http.get(server, "/v1/workflow?per_page=100").json().get("workflows")) {
            counts.merge(w.get("status").asText(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void seedHasTheDocumentedMix() {
        JsonNode list = Http.get(server, "/v1/workflow?per_page=100").json();
        int total = list.get("total").asInt();
        assertTrue(total >= 28 && total <= 36, "about 30 workflows: " + total);
        Map<String, Integer> counts = statusCounts();
        assertEquals(2, counts.get("failed"));
        assertEquals(1, counts.get("cancelled"));
        assertEquals(1, counts.get("invalid"));
        assertEquals(1, counts.get("archived"));
        assertEquals(2, counts.get("queued"));
        assertEquals(2, counts.get("running"));
        assertEquals(1, counts.get("accepted"));
        assertTrue(counts.get("completed") >= 20);
    }

    @Test
    void runningAndNewWorkflowsCompleteWithinTwoMinutes() {
        clock.advance(Duration.ofMinutes(2));
        Map<String, Integer> counts = statusCounts();
        assertEquals(null, counts.get("running"));
        assertEquals(null, counts.get("accepted"));
        assertEquals(2, counts.get("queued"), "queued ones wait forever");
        JsonNode newest = Http.get(server, "/v1/workflow?per_page=1").json().get("workflows").get(0);
        assertEquals("completed", newest.get("status").asText());
        assertEquals(2, Http.get(server, "/v1/workflow/" + newest.get("id").asText() + "/outputs").json().size());
    }

    @Test
    void completedWorkflowsServeImagesAndVideos() {
        int videos = 0;
        int empty = 0;
        for (JsonNode w : Http.get(server, "/v1/workflow?per_page=100&status=completed").json().get("workflows")) {
            JsonNode outputs = Http.get(server, "/v1/workflow/" + w.get("id").asText() + "/outputs").json();
            if (outputs.isEmpty()) {
                empty++;
            }
            for (JsonNode o : outputs) {
                if (o.get("src").asText().contains(".mp4?")) {
                    videos++;
                    Http.Response clip = Http.get(URI.create(o.get("src").asText()), null, "Range", "bytes=0-1023");
                    assertEquals(206, clip.status());
                    assertEquals("video/mp4", clip.header("Content-Type"));
                }
            }
            assertTrue(outputs.size() <= 8);
        }
        assertEquals(3, videos, "tide loop, orbit and the mixed-media batch");
        assertEquals(1, empty);
    }

    @Test
    void seedIsDeterministicForTheSameStartInstant() throws Exception {
        try (SandboxServer twin = SandboxServer.start(SandboxConfig.defaults()
                .withClock(SandboxClock.manual(clock.now())).withSeedDemoWorkflows(true))) {
            List<String> ids = server.workflowIds();
            assertEquals(ids, twin.workflowIds());
            String first = ids.get(ids.size() - 1);
            assertEquals(Http.get(server, "/v1/workflow/" + first).text(), Http.get(twin, "/v1/workflow/" + first).text());
        }
    }
}
