package app.lightbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxSseTest {

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2024-01-15T14:30:00Z"));
    private SandboxServer server;

    private void start(int maxEvents) throws IOException {
        server = SandboxServer.start(SandboxConfig.defaults().withClock(clock).withSse(Duration.ofMillis(50), maxEvents));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Reads one SSE stream; the consumer sees each event as it arrives and may act before the next one. */
    private List<JsonNode> follow(String id, java.util.function.Consumer<JsonNode> onEvent) throws Exception {
        HttpResponse<InputStream> r = Http.CLIENT.send(
                Http.request(server.baseUrl().resolve("/v1/workflow/" + id + "/subscribe"), server.demoToken()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                assertTrue(line.startsWith("data: "), "only data lines: " + line);
                JsonNode event = Http.JSON.readTree(line.substring(6));
                assertEquals("", in.readLine(), "each event ends with a blank line");
                events.add(event);
                onEvent.accept(event);
            }
        }
        return events;
    }

    @Test
    void completedWorkflowSendsOneTerminalEventWithSignedOutputs() throws Exception {
        start(120);
        String id = server.addWorkflow(WorkflowSpec.completed("done").outputs(OutputSpec.png("a.png", 32, 32)));
        List<JsonNode> events = follow(id, e -> { });
        assertEquals(1, events.size());
        JsonNode e = events.get(0);
        Set<String> fields = new TreeSet<>();
        e.fieldNames().forEachRemaining(fields::add);
        assertEquals(new TreeSet<>(List.of("status", "prompt", "queue_number", "outputs", "cause", "started_at",
                "completed_at")), fields);
        assertEquals("completed", e.get("status").asText());
        assertTrue(e.get("prompt").hasNonNull("prompt_id"));
        assertTrue(e.get("queue_number").isNull());
        assertTrue(e.get("cause").isNull());
        assertEquals(1, e.get("outputs").size());
        assertEquals(id, e.get("outputs").get(0).get("workflow_id").asText());
        assertEquals(200, Http.get(java.net.URI.create(e.get("outputs").get(0).get("src").asText()), null).status());
        assertEquals(1, server.stats().subscribeRequests(id));
    }

    @Test
    void failedWorkflowReportsItsCause() throws Exception {
        start(120);
        String id = server.addWorkflow(WorkflowSpec.failed("oom", "KSampler", "torch.cuda.OutOfMemoryError", "CUDA out of memory"));
        JsonNode e = follow(id, x -> { }).get(0);
        assertEquals("failed", e.get("status").asText());
        assertEquals("KSampler", e.get("cause").get("node_type").asText());
        assertEquals("torch.cuda.OutOfMemoryError", e.get("cause").get("exception_type").asText());
        assertEquals("CUDA out of memory", e.get("cause").get("exception_message").asText());
        assertEquals(0, e.get("outputs").size());
    }

    @Test
    void invalidIsTerminalToo() throws Exception {
        start(120);
        assertEquals(1, follow(server.addWorkflow(WorkflowSpec.invalid("bad")), e -> { }).size());
    }

    @Test
    void streamClosesAfterMaxEventsWhileStillRunning() throws Exception {
        start(4);
        String id = server.addWorkflow(WorkflowSpec.running("forever"));
        List<JsonNode> events = follow(id, e -> { });
        assertEquals(4, events.size());
        events.forEach(e -> assertEquals("running", e.get("status").asText()));
        assertEquals(1, events.get(0).get("queue_number").asInt());
        assertTrue(events.get(0).hasNonNull("started_at"));
        assertTrue(events.get(0).get("completed_at").isNull());
    }

    @Test
    void unknownStatusKeepsTheStreamOpenUntilTheCap() throws Exception {
        start(3);
        assertEquals(3, follow(server.addWorkflow(WorkflowSpec.rawStatus("odd", "archived")), e -> { }).size());
    }

    @Test
    void eventsFollowTheLifecycleAndStopAtCompletion() throws Exception {
        start(120);
        String id = server.addWorkflow(WorkflowSpec.completed("moving")
                .schedule(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .outputs(OutputSpec.png("a.png", 16, 16), OutputSpec.png("b.png", 16, 16)));
        // Each event moves the sandbox clock on by one phase. On a busy machine the server may send the next
        // event before the clock moved, repeating a status; what matters is the order and the end.
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<JsonNode> all = follow(id, e -> {
            if (seen.add(e.get("status").asText())) {
                clock.advance(Duration.ofSeconds(5));
            }
        });
        List<JsonNode> events = firstOfEachStatus(all);
        List<String> statuses = events.stream().map(e -> e.get("status").asText()).toList();
        assertEquals(List.of("accepted", "uploaded", "queued", "running", "completed"), statuses);
        assertTrue(events.get(1).get("prompt").isNull());
        assertEquals(1, events.get(2).get("queue_number").asInt());
        assertTrue(events.get(2).get("started_at").isNull());
        assertEquals("2024-01-15T14:30:15Z", events.get(3).get("started_at").asText());
        assertEquals(2, events.get(4).get("outputs").size());
        assertEquals("2024-01-15T14:30:20Z", events.get(4).get("completed_at").asText());
        assertEquals(0, events.get(3).get("outputs").size());
    }

    @Test
    void cancellingEndsTheStream() throws Exception {
        start(120);
        String id = server.addWorkflow(WorkflowSpec.queued("waiting", 7));
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        List<JsonNode> events = firstOfEachStatus(follow(id, e -> {
            if (e.get("status").asText().equals("queued") && cancelled.compareAndSet(false, true)) {
                assertEquals(7, e.get("queue_number").asInt());
                assertEquals(200, Http.post(server, "/v1/workflow/" + id + "/cancel").status());
            }
        }));
        assertEquals(List.of("queued", "cancelled"), events.stream().map(e -> e.get("status").asText()).toList());
        assertNull(events.get(1).get("started_at").textValue());
    }

    @Test
    void unknownWorkflowIsNotFound() throws Exception {
        start(120);
        Http.Response r = Http.get(server, "/v1/workflow/5f0e0f7a-0000-4000-8000-000000000000/subscribe");
        assertEquals(404, r.status());
        assertEquals("requested entity not found", r.json().get("message").asText());
    }

    /** The first event of each run of equal statuses. */
    private static List<JsonNode> firstOfEachStatus(List<JsonNode> events) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode e : events) {
            if (out.isEmpty() || !out.get(out.size() - 1).get("status").asText().equals(e.get("status").asText())) {
                out.add(e);
            }
        }
        return out;
    }
}
