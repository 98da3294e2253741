package app.lightbox.core.api;

import app.lightbox.model.Output;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.model.WorkflowUpdate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiJsonTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void mapsAFullWorkflowIncludingParamsRunnerAndFailure() {
        String json = """
                {"id":"a1","user_id":"u","name":"Text to Image","status":"failed",
                 "user_runner_id":null,"managed_runner_id":"m-9","tags":["production","text2img"],
                 "workflow_json":{"nodes":[]},
                 "workflow_params":[["$text(prompt)","A sunset"],["#choice(sampler)","euler"],["$seed", 42]],
                 "prompt_id":"p","queue_number":1,"error_node":"KSampler","exception_type":"RuntimeError",
                 "exception_message":"CUDA out of memory","created_at":"2024-01-15T10:30:00Z",
                 "updated_at":"2024-01-15T10:31:00Z","started_at":null,"completed_at":null,"brand_new_field":true}
                """;
        Workflow w = ApiJson.workflow(200, b(json), "x");
        assertEquals("a1", w.id());
        assertEquals(WorkflowStatus.FAILED, w.status());
        assertEquals(List.of("production", "text2img"), w.tags());
        assertEquals("m-9", w.runnerId());
        assertEquals(Instant.parse("2024-01-15T10:30:00Z"), w.createdAt());
        assertNull(w.startedAt());
        assertEquals(List.of(new Workflow.WorkflowParam("$text(prompt)", "A sunset"),
                new Workflow.WorkflowParam("#choice(sampler)", "euler"),
                new Workflow.WorkflowParam("$seed", "42")), w.params());
        assertEquals("KSampler: RuntimeError: CUDA out of memory", w.failure().summary());
    }

    @Test
    void userRunnerWinsWhenSetAndNoFailureMeansNull() {
        Workflow w = ApiJson.workflow(200, b("{\"id\":\"a\",\"status\":\"completed\",\"user_runner_id\":\"r1\"}"), "x");
        assertEquals("r1", w.runnerId());
        assertNull(w.failure());
        assertTrue(w.params().isEmpty());
    }

    @Test
    void unknownStatusIsKeptVerbatim() {
        Workflow w = ApiJson.workflow(200, b("{\"id\":\"a\",\"status\":\"archived\"}"), "x");
        assertEquals(WorkflowStatus.Phase.UNKNOWN, w.status().phase());
        assertEquals("archived", w.status().raw());
        assertFalse(w.status().isTerminal());
    }

    @Test
    void mapsAListPage() {
        WorkflowPage p = ApiJson.page(200, b("{\"workflows\":[{\"id\":\"1\",\"name\":\"n\",\"status\":\"running\"}],\"total\":45}"), "x", 2, 10);
        assertEquals(1, p.workflows().size());
        assertEquals(45, p.total());
        assertEquals(2, p.page());
        assertTrue(p.hasMore());
    }

    @Test
    void mapsOutputsAndEmptyArray() {
        List<Output> outs = ApiJson.outputs(200, b("[{\"id\":\"o1\",\"workflow_id\":\"w\",\"src\":\"https://storage.example/outputs/w/image001.png?signature=secret\"}]"), "x");
        assertEquals(1, outs.size());
        assertEquals("image001.png", outs.get(0).suggestedName());
        assertFalse(outs.get(0).src().toString().contains("secret"));
        assertTrue(ApiJson.outputs(200, b("[]"), "x").isEmpty());
    }

    @Test
    void mapsAStreamEventWithCause() {
        WorkflowUpdate u = ApiJson.update("w1", """
                {"status":"failed","prompt":{"prompt_id":"abc"},"queue_number":null,"outputs":[],
                 "cause":{"node_type":"VAEDecode","exception_type":"ValueError","exception_message":"bad"},
                 "started_at":"2024-01-15T14:30:05Z","completed_at":"2024-01-15T14:32:15Z"}
                """);
        assertEquals("w1", u.workflowId());
        assertEquals(WorkflowStatus.FAILED, u.status());
        assertEquals("VAEDecode", u.failure().node());
        assertEquals("bad", u.failure().exceptionMessage());
        assertEquals(Instant.parse("2024-01-15T14:32:15Z"), u.completedAt());
    }

    @Test
    void eventOutputsWithoutWorkflowIdGetTheSubscribedOne() {
        WorkflowUpdate u = ApiJson.update("w1", "{\"status\":\"completed\",\"outputs\":[{\"id\":\"o\",\"src\":\"https://s.example/a.png?x=1\"}]}");
        assertEquals("w1", u.outputs().get(0).workflowId());
    }

    @Test
    void malformedJsonBecomesAReadableApiException() {
        ApiException e = assertThrows(ApiException.class, () -> ApiJson.workflow(200, b("{\"id\": oops"), "workflow a"));
        assertTrue(e.getMessage().startsWith("ComfyControl sent an answer Lightbox cannot read for workflow a"), e.getMessage());
        assertFalse(e.getMessage().contains("com.fasterxml"), e.getMessage());
        assertNull(e.getCause());
        assertThrows(ApiException.class, () -> ApiJson.outputs(200, b("{\"not\":\"an array\"}"), "x"));
        assertThrows(ApiException.class, () -> ApiJson.outputs(200, b("[{\"id\":\"o\"}]"), "x"));
        assertThrows(ApiException.class, () -> ApiJson.outputs(200, b("[{\"id\":\"o\",\"src\":\"not a url\"}]"), "x"));
    }

    @Test
    void errorBodiesAreReadTolerantly() {
        assertEquals("Token has expired", ApiJson.serverMessage(b("{\"status\":401,\"message\":\"Token has expired\"}")));
        assertEquals("upstream down", ApiJson.serverMessage(b("upstream down\n")));
        assertNull(ApiJson.serverMessage(b("<html><body>502 Bad Gateway</body></html>")));
        assertNull(ApiJson.serverMessage(b("{\"error\":{\"code\":\"x\"}}")));
        assertNull(ApiJson.serverMessage(b("{broken")));
        assertNull(ApiJson.serverMessage(new byte[0]));
    }

    @Test
    void errorsAreTypedAndWorded() {
        ApiException e = ApiErrors.fromResponse(401, b("{\"status\":401,\"message\":\"Token has expired\"}"), "GET /v1/user");
        assertInstanceOf(UnauthorizedException.class, e);
        assertEquals("ComfyControl rejected the token (401: Token has expired)", e.getMessage());
        assertEquals("Token has expired", e.serverMessage());
        assertInstanceOf(ForbiddenException.class, ApiErrors.fromResponse(403, null, "x"));
        assertInstanceOf(NotFoundException.class, ApiErrors.fromResponse(404, null, "x"));
        assertInstanceOf(RateLimitedException.class, ApiErrors.fromResponse(429, null, "x"));
        ApiException s = ApiErrors.fromResponse(503, b("<html>"), "x");
        assertInstanceOf(ServerErrorException.class, s);
        assertEquals(503, s.httpStatus());
        assertTrue(s.getMessage().contains("(503: no message)"), s.getMessage());
        assertEquals(400, ApiErrors.fromResponse(400, b("{\"message\":\"name cannot be empty\"}"), "x").httpStatus());
    }
}
