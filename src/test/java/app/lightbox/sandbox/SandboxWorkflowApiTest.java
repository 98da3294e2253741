package app.lightbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxWorkflowApiTest {

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2024-01-15T10:30:00Z"));
    private SandboxServer server;

    @BeforeEach
    void start() throws Exception {
        server = SandboxServer.start(SandboxConfig.defaults().withClock(clock).withRateLimit(0, Duration.ZERO,
                Duration.ZERO));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listIsPagedNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(server.addWorkflow(WorkflowSpec.completed("wf " + i).createdAgo(Duration.ofMinutes(100 - i))));
        }
        JsonNode first = Http.get(server, "/v1/workflow").json();
        assertEquals(25, first.get("total").asInt());
        assertEquals(10, first.get("workflows").size(), "per_page defaults to 10");
        assertEquals(ids.get(24), first.get("workflows").get(0).get("id").asText());

        JsonNode third = Http.get(server, "/v1/workflow?page=3&per_page=10").json();
        assertEquals(5, third.get("workflows").size());
        assertEquals(ids.get(0), third.get("workflows").get(4).get("id").asText());
        assertEquals(0, Http.get(server, "/v1/workflow?page=4").json().get("workflows").size());

        JsonNode all = Http.get(server, "/v1/workflow?per_page=100").json();
        Instant previous = Instant.MAX;
        for (JsonNode w : all.get("workflows")) {
            Instant created = Instant.parse(w.get("created_at").asText());
            assertTrue(!created.isAfter(previous), "newest first");
            previous = created;
        }
    }

    @Test
    void summaryItemsCarryOnlySummaryFields() {
        server.addWorkflow(WorkflowSpec.failed("x", "KSampler", "RuntimeError", "boom").tags("sdxl", "Video"));
        JsonNode item = Http.get(server, "/v1/workflow").json().get("workflows").get(0);
        Set<String> fields = new TreeSet<>();
        item.fieldNames().forEachRemaining(fields::add);
        assertEquals(new TreeSet<>(List.of("id", "name", "status", "tags", "created_at", "updated_at", "started_at",
                "completed_at")), fields);
        assertEquals("Video", item.get("tags").get(1).asText(), "tags keep their case");
    }

    @Test
    void perPageAndPageBoundsAreEnforced() {
        for (String q : new String[] {"per_page=0", "per_page=101", "per_page=ten", "page=0", "page=-2"}) {
            Http.Response r = Http.get(server, "/v1/workflow?" + q);
            assertEquals(400, r.status(), q);
            assertEquals(400, r.json().get("status").asInt());
            assertTrue(r.json().get("message").asText().contains(q.startsWith("page") ? "page" : "per_page"), q);
        }
        assertEquals(200, Http.get(server, "/v1/workflow?per_page=100").status());
        assertEquals(200, Http.get(server, "/v1/workflow?per_page=1").status());
    }

    @Test
    void statusFilterAcceptsOnlyDocumentedValues() {
        server.addWorkflow(WorkflowSpec.completed("done"));
        server.addWorkflow(WorkflowSpec.completed("done too"));
        server.addWorkflow(WorkflowSpec.failed("broke", "KSampler", "E", "m"));
        server.addWorkflow(WorkflowSpec.queued("waiting", 2));
        server.addWorkflow(WorkflowSpec.invalid("bad"));

        JsonNode completed = Http.get(server, "/v1/workflow?status=completed").json();
        assertEquals(2, completed.get("total").asInt());
        completed.get("workflows").forEach(w -> assertEquals("completed", w.get("status").asText()));
        assertEquals(1, Http.get(server, "/v1/workflow?status=queued").json().get("total").asInt());
        assertEquals(0, Http.get(server, "/v1/workflow?status=running").json().get("total").asInt());

        for (String bad : new String[] {"invalid", "accepted", "COMPLETED", "canceled"}) {
            Http.Response r = Http.get(server, "/v1/workflow?status=" + bad);
            assertEquals(400, r.status(), bad);
            assertTrue(r.json().get("message").asText().contains("status"));
        }
    }

    @Test
    void completedDetailHasDocumentedFields() {
        String id = server.addWorkflow(WorkflowSpec.completed("Sunset")
                .tags("production", "text2img")
                .params(new String[] {"$text(prompt)", "A beautiful sunset"}, new String[] {"#choice(sampler)", "euler"})
                .createdAgo(Duration.ofMinutes(10))
                .schedule(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(60)));
        JsonNode w = Http.get(server, "/v1/workflow/" + id).json();
        assertEquals(id, w.get("id").asText());
        assertEquals("completed", w.get("status").asText());
        assertEquals(SandboxServer.USER_ID, w.get("user_id").asText());
        assertTrue(w.get("user_runner_id").isNull() != w.get("managed_runner_id").isNull(), "exactly one runner id");
        assertTrue(w.get("workflow_json").get("nodes").isArray());
        assertTrue(w.get("workflow_json").get("links").isArray());
        assertEquals("$text(prompt)", w.get("workflow_params").get(0).get(0).asText());
        assertEquals("A beautiful sunset", w.get("workflow_params").get(0).get(1).asText());
        assertTrue(w.get("prompt_id").isTextual());
        assertTrue(w.get("queue_number").isInt());
        assertTrue(w.get("error_node").isNull());
        assertTrue(w.get("exception_type").isNull());
        assertTrue(w.get("exception_message").isNull());
        assertEquals("2024-01-15T10:20:00Z", w.get("created_at").asText());
        assertEquals("2024-01-15T10:20:06Z", w.get("started_at").asText());
        assertEquals("2024-01-15T10:21:06Z", w.get("completed_at").asText());
        assertEquals("2024-01-15T10:21:06Z", w.get("updated_at").asText());
    }

    @Test
    void failedDetailCarriesTheError() {
        String id = server.addWorkflow(WorkflowSpec.failed("OOM", "KSampler", "torch.cuda.OutOfMemoryError",
                "CUDA out of memory. Tried to allocate 2.00 GiB"));
        JsonNode w = Http.get(server, "/v1/workflow/" + id).json();
        assertEquals("failed", w.get("status").asText());
        assertEquals("KSampler", w.get("error_node").asText());
        assertEquals("torch.cuda.OutOfMemoryError", w.get("exception_type").asText());
        assertEquals("CUDA out of memory. Tried to allocate 2.00 GiB", w.get("exception_message").asText());
        assertTrue(w.hasNonNull("completed_at"));
    }

    @Test
    void unknownOrMalformedIdIsNotFound() {
        for (String id : new String[] {"a1b2c3d4-e5f6-4890-abcd-ef1234567890", "not-a-uuid", "%2E%2E"}) {
            Http.Response r = Http.get(server, "/v1/workflow/" + id);
            assertEquals(404, r.status(), id);
            assertEquals("requested entity not found", r.json().get("message").asText());
            assertEquals(404, Http.get(server, "/v1/workflow/" + id + "/outputs").status());
        }
    }

    @Test
    void rawStatusIsReportedVerbatim() {
        String id = server.addWorkflow(WorkflowSpec.rawStatus("old", "archived"));
        assertEquals("archived", Http.get(server, "/v1/workflow/" + id).json().get("status").asText());
    }

    @Test
    void outputsAreFreshlySignedOnEveryCall() {
        String id = server.addWorkflow(WorkflowSpec.completed("two")
                .outputs(OutputSpec.png("a.png", 64, 64), OutputSpec.bytes("b.bin", "application/octet-stream",
                        new byte[] {1, 2, 3})));
        JsonNode first = Http.get(server, "/v1/workflow/" + id + "/outputs").json();
        assertTrue(first.isArray());
        assertEquals(2, first.size());
        JsonNode o = first.get(0);
        assertTrue(o.get("id").asText().startsWith("output-"));
        assertEquals(id, o.get("workflow_id").asText());
        String src = o.get("src").asText();
        assertTrue(src.startsWith(server.storageOrigin() + "/outputs/" + id + "/"), src);
        assertTrue(src.contains("?expires=") && src.contains("&signature="), src);

        clock.advance(Duration.ofSeconds(30));
        JsonNode second = Http.get(server, "/v1/workflow/" + id + "/outputs").json();
        assertEquals(o.get("id").asText(), second.get(0).get("id").asText(), "output ids are stable");
        assertNotEquals(src, second.get(0).get("src").asText(), "signed URL is fresh");
        assertEquals(2, server.stats().outputsRequests(id));
    }

    @Test
    void completedWithoutOutputsAnswersEitherWay() {
        String empty = server.addWorkflow(WorkflowSpec.completed("nothing"));
        Http.Response r = Http.get(server, "/v1/workflow/" + empty + "/outputs");
        assertEquals(200, r.status());
        assertEquals("[]", r.text());

        String notFound = server.addWorkflow(WorkflowSpec.completed("nothing")
                .noOutputsAnswer(NoOutputsAnswer.NOT_FOUND));
        Http.Response r2 = Http.get(server, "/v1/workflow/" + notFound + "/outputs");
        assertEquals(404, r2.status());
        assertEquals(404, r2.json().get("status").asInt());
    }

    @Test
    void outputsOfUnfinishedOrUnsuccessfulWorkflowsAreNotFound() {
        List<String> ids = List.of(
                server.addWorkflow(WorkflowSpec.failed("f", "n", "t", "m").outputs(OutputSpec.png("x.png", 8, 8))),
                server.addWorkflow(WorkflowSpec.cancelled("c")),
                server.addWorkflow(WorkflowSpec.running("r").outputs(OutputSpec.png("x.png", 8, 8))),
                server.addWorkflow(WorkflowSpec.queued("q", 1)),
                server.addWorkflow(WorkflowSpec.invalid("i")));
        for (String id : ids) {
            assertEquals(404, Http.get(server, "/v1/workflow/" + id + "/outputs").status(), id);
        }
    }

    @Test
    void cancelWorksOnlyWhileQueuedOrRunning() {
        String queued = server.addWorkflow(WorkflowSpec.queued("q", 2));
        String running = server.addWorkflow(WorkflowSpec.running("r"));
        String done = server.addWorkflow(WorkflowSpec.completed("d"));
        String accepted = server.addWorkflow(WorkflowSpec.completed("a")
                .schedule(Duration.ofMinutes(1), Duration.ZERO, Duration.ZERO, Duration.ZERO));

        Http.Response ok = Http.post(server, "/v1/workflow/" + queued + "/cancel");
        assertEquals(200, ok.status());
        assertEquals(0, ok.body().length);
        assertEquals("cancelled", Http.get(server, "/v1/workflow/" + queued).json().get("status").asText());

        assertEquals(200, Http.post(server, "/v1/workflow/" + running + "/cancel").status());
        JsonNode r = Http.get(server, "/v1/workflow/" + running).json();
        assertEquals("cancelled", r.get("status").asText());
        assertTrue(r.hasNonNull("started_at"));
        assertTrue(r.hasNonNull("completed_at"));

        Http.Response refused = Http.post(server, "/v1/workflow/" + done + "/cancel");
        assertEquals(400, refused.status());
        assertTrue(refused.json().get("message").asText().contains("completed"));
        Http.Response early = Http.post(server, "/v1/workflow/" + accepted + "/cancel");
        assertEquals(400, early.status());
        assertTrue(early.json().get("message").asText().contains("accepted"));
        Http.Response again = Http.post(server, "/v1/workflow/" + queued + "/cancel");
        assertTrue(again.json().get("message").asText().contains("cancelled"));

        assertEquals(404, Http.post(server, "/v1/workflow/8c5a2f5e-0000-4000-8000-000000000000/cancel").status());
        assertEquals(405, Http.get(server, "/v1/workflow/" + queued + "/cancel").status());
        assertEquals(6, server.stats().cancelRequests());
    }

    @Test
    void lifecycleFollowsTheScheduleOnTheSandboxClock() {
        String id = server.addWorkflow(WorkflowSpec.completed("moving")
                .schedule(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10))
                .outputs(OutputSpec.png("out.png", 32, 32)));
        String[] expected = {"accepted", "uploaded", "queued", "running", "completed"};
        for (int i = 0; i < expected.length; i++) {
            JsonNode w = Http.get(server, "/v1/workflow/" + id).json();
            assertEquals(expected[i], w.get("status").asText(), "after " + (10 * i) + " s");
            boolean queued = i >= 2;
            assertEquals(queued, !w.get("queue_number").isNull(), "queue_number at " + expected[i]);
            assertEquals(queued, !w.get("prompt_id").isNull(), "prompt_id at " + expected[i]);
            assertEquals(i >= 3, !w.get("started_at").isNull(), "started_at at " + expected[i]);
            assertEquals(i >= 4, !w.get("completed_at").isNull(), "completed_at at " + expected[i]);
            assertEquals(clock.now(), Instant.parse(w.get("updated_at").asText()), "updated_at follows");
            assertEquals(i == 4 ? 200 : 404, Http.get(server, "/v1/workflow/" + id + "/outputs").status());
            clock.advance(Duration.ofSeconds(10));
        }
        assertEquals("2024-01-15T10:30:30Z",
                Http.get(server, "/v1/workflow/" + id).json().get("started_at").asText());
    }

    @Test
    void unknownRoutesAreNotFound() {
        Http.Response r = Http.get(server, "/v1/nothing-here");
        assertEquals(404, r.status());
        assertEquals("requested entity not found", r.json().get("message").asText());
    }

    @Test
    void workflowIdsListsNewestFirst() {
        String older = server.addWorkflow(WorkflowSpec.completed("older").createdAgo(Duration.ofHours(1)));
        String newer = server.addWorkflow(WorkflowSpec.completed("newer"));
        Iterator<String> it = server.workflowIds().iterator();
        assertEquals(newer, it.next());
        assertEquals(older, it.next());
    }
}
