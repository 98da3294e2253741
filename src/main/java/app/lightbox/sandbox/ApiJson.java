package app.lightbox.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The JSON shapes ComfyControl answers with, built by hand from the reference rather than from the
 * client's DTOs, so that a mistake on one side is not mirrored on the other.
 */
final class ApiJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter ISO_SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ApiJson() {
    }

    static String time(Instant t) {
        return t == null ? null : ISO_SECONDS.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    static ObjectNode error(int status, String message) {
        return F.objectNode().put("status", status).put("message", message);
    }

    static ObjectNode user(String id, Instant createdAt) {
        ObjectNode u = F.objectNode();
        u.put("id", id);
        u.put("name", "Demo Artist");
        u.put("email", "demo.artist@example.com");
        u.put("deleted", false);
        u.put("tier", "pro");
        u.put("provider", "github");
        u.put("created_at", time(createdAt));
        u.put("updated_at", time(createdAt.plus(42, ChronoUnit.DAYS)));
        return u;
    }

    static ObjectNode summary(SandboxWorkflow wf, SandboxWorkflow.State s) {
        ObjectNode n = F.objectNode();
        n.put("id", wf.id());
        n.put("name", wf.spec().name());
        n.put("status", s.status());
        tags(n, wf);
        times(n, wf, s);
        return n;
    }

    static ObjectNode detail(SandboxWorkflow wf, SandboxWorkflow.State s, String userId) {
        ObjectNode n = F.objectNode();
        WorkflowSpec spec = wf.spec();
        n.put("id", wf.id());
        n.put("user_id", userId);
        n.put("name", spec.name());
        n.put("status", s.status());
        n.put("user_runner_id", wf.managedRunner() ? null : wf.runnerId());
        n.put("managed_runner_id", wf.managedRunner() ? wf.runnerId() : null);
        tags(n, wf);
        n.set("workflow_json", ComfyGraphs.workflow(ComfyGraphs.Generation.of(wf.seed(), spec.name(), 1024, 1024)));
        ArrayNode params = n.putArray("workflow_params");
        for (List<String> p : spec.paramList()) {
            params.addArray().add(p.get(0)).add(p.get(1));
        }
        n.put("prompt_id", s.promptId());
        if (s.queueNumber() == null) {
            n.putNull("queue_number");
        } else {
            n.put("queue_number", s.queueNumber());
        }
        boolean failed = s.is("failed");
        n.put("error_node", failed ? spec.errorNode() : null);
        n.put("exception_type", failed ? spec.exceptionType() : null);
        n.put("exception_message", failed ? spec.exceptionMessage() : null);
        times(n, wf, s);
        return n;
    }

    static ArrayNode outputs(SandboxWorkflow wf, BiFunction<SandboxWorkflow, SandboxWorkflow.StoredOutput, String> src) {
        ArrayNode a = F.arrayNode();
        for (SandboxWorkflow.StoredOutput o : wf.outputs()) {
            a.addObject().put("id", o.id()).put("workflow_id", wf.id()).put("src", src.apply(wf, o));
        }
        return a;
    }

    /** One subscribe event; like the documented example, queue_number is only reported while waiting or running. */
    static ObjectNode event(SandboxWorkflow wf, SandboxWorkflow.State s, ArrayNode outputs) {
        ObjectNode e = F.objectNode();
        e.put("status", s.status());
        if (s.promptId() == null) {
            e.putNull("prompt");
        } else {
            e.putObject("prompt").put("prompt_id", s.promptId());
        }
        if (s.queueNumber() == null || s.terminal()) {
            e.putNull("queue_number");
        } else {
            e.put("queue_number", s.queueNumber());
        }
        e.set("outputs", outputs == null ? F.arrayNode() : outputs);
        if (s.is("failed")) {
            WorkflowSpec spec = wf.spec();
            e.putObject("cause").put("node_type", spec.errorNode()).put("exception_type", spec.exceptionType())
                    .put("exception_message", spec.exceptionMessage());
        } else {
            e.putNull("cause");
        }
        e.put("started_at", time(s.startedAt()));
        e.put("completed_at", time(s.completedAt()));
        return e;
    }

    private static void tags(ObjectNode n, SandboxWorkflow wf) {
        ArrayNode tags = n.putArray("tags");
        wf.spec().tagList().forEach(tags::add);
    }

    private static void times(ObjectNode n, SandboxWorkflow wf, SandboxWorkflow.State s) {
        n.put("created_at", time(wf.createdAt()));
        n.put("updated_at", time(s.updatedAt()));
        n.put("started_at", time(s.startedAt()));
        n.put("completed_at", time(s.completedAt()));
    }
}
