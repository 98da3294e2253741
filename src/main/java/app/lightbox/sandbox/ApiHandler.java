package app.lightbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The /v1 endpoints, plus the storage redirect hop that lives on the API host. */
final class ApiHandler {

    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LIST_FILTERS = Set.of("completed", "running", "queued", "failed", "cancelled");
    private static final String NOT_FOUND = "requested entity not found";

    private final SandboxServer server;

    ApiHandler(SandboxServer server) {
        this.server = server;
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith(StorageHandler.REDIRECT_PREFIX + "/")) {
                redirectToStorage(ex, path.substring(StorageHandler.REDIRECT_PREFIX.length()));
            } else if (path.equals("/v1") || path.startsWith("/v1/")) {
                api(ex, path);
            } else {
                server.applyLatency();
                sendError(ex, 404, NOT_FOUND);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "API exchange ended early: {0}", e.toString());
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Sandbox API handler failed", e);
            throw e;
        }
    }

    private void redirectToStorage(HttpExchange ex, String storagePath) throws IOException {
        server.stats().storageAuthorization(ex.getRequestHeaders().get("Authorization"));
        server.applyLatency();
        String query = ex.getRequestURI().getRawQuery();
        ex.getResponseHeaders().set("Location",
                server.storageOrigin() + storagePath + (query == null ? "" : "?" + query));
        ex.sendResponseHeaders(302, -1);
    }

    private void api(HttpExchange ex, String path) throws IOException {
        server.stats().apiRequest(Instant.now());
        boolean allowed = server.rateLimiter().tryAcquire(System.nanoTime());
        server.applyLatency();
        if (!allowed) {
            server.stats().rateLimitedAnswer();
            sendError(ex, 429, "Too many requests");
            return;
        }
        int injected = server.faults().injectedStatus();
        if (injected != 0) {
            if (injected == 429) {
                server.stats().rateLimitedAnswer();
            }
            sendError(ex, injected, injectedMessage(injected));
            return;
        }
        String tokenProblem = server.tokenProblem(SandboxServer.header(ex, "Authorization"));
        if (tokenProblem != null) {
            sendError(ex, 401, tokenProblem);
            return;
        }
        byte[] bytes = server.faults().takeNextApiBody();
        if (bytes != null) {
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
            return;
        }
        route(ex, path);
    }

    private void route(HttpExchange ex, String path) throws IOException {
        String[] parts = (path.length() > 4 ? path.substring(4) : "").split("/", -1);
        List<String> seg = trimTrailingEmpty(parts);
        String method = ex.getRequestMethod();
        if (seg.size() == 1 && seg.get(0).equals("user")) {
            if (requireMethod(ex, method, "GET")) {
                sendJson(ex, 200, ApiJson.user(server.userId(), server.userCreatedAt()));
            }
        } else if (seg.size() == 1 && seg.get(0).equals("workflow")) {
            if (requireMethod(ex, method, "GET")) {
                list(ex);
            }
        } else if (seg.size() >= 2 && seg.size() <= 3 && seg.get(0).equals("workflow")) {
            String id = UrlSigner.decodeSegment(seg.get(1));
            String action = seg.size() == 3 ? seg.get(2) : "";
            switch (action) {
                case "" -> {
                    if (requireMethod(ex, method, "GET")) {
                        detail(ex, id);
                    }
                }
                case "outputs" -> {
                    if (requireMethod(ex, method, "GET")) {
                        outputs(ex, id);
                    }
                }
                case "cancel" -> {
                    if (requireMethod(ex, method, "POST")) {
                        cancel(ex, id);
                    }
                }
                case "subscribe" -> {
                    if (requireMethod(ex, method, "GET")) {
                        subscribe(ex, id);
                    }
                }
                default -> sendError(ex, 404, NOT_FOUND);
            }
        } else {
            sendError(ex, 404, NOT_FOUND);
        }
    }

    private void list(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        Integer page = intParam(q.get("page"), 1);
        if (page == null || page < 1) {
            sendError(ex, 400, "page must be a whole number of at least 1");
            return;
        }
        Integer perPage = intParam(q.get("per_page"), 10);
        if (perPage == null || perPage < 1 || perPage > 100) {
            sendError(ex, 400, "per_page must be between 1 and 100");
            return;
        }
        String status = q.get("status");
        if (status != null && !status.isEmpty() && !LIST_FILTERS.contains(status)) {
            sendError(ex, 400, "invalid status filter \"" + status
                    + "\": use one of completed, running, queued, failed, cancelled");
            return;
        }
        Instant now = server.clock().now();
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        int total = 0;
        long first = (long) (page - 1) * perPage;
        for (SandboxWorkflow wf : server.sortedWorkflows()) {
            SandboxWorkflow.State s = wf.stateAt(now);
            if (status != null && !status.isEmpty() && !s.is(status)) {
                continue;
            }
            if (total >= first && total < first + perPage) {
                items.add(ApiJson.summary(wf, s));
            }
            total++;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("workflows", items);
        body.put("total", total);
        sendJson(ex, 200, body);
    }

    private void detail(HttpExchange ex, String id) throws IOException {
        SandboxWorkflow wf = server.workflow(id);
        if (wf == null) {
            sendError(ex, 404, NOT_FOUND);
            return;
        }
        sendJson(ex, 200, ApiJson.detail(wf, wf.stateAt(server.clock().now()), server.userId()));
    }

    private void outputs(HttpExchange ex, String id) throws IOException {
        SandboxWorkflow wf = server.workflow(id);
        if (id != null) {
            server.stats().outputsRequest(id);
        }
        if (wf == null || !wf.stateAt(server.clock().now()).is("completed")
                || (wf.outputs().isEmpty() && wf.spec().noOutputs() == NoOutputsAnswer.NOT_FOUND)) {
            sendError(ex, 404, NOT_FOUND);
            return;
        }
        sendJson(ex, 200, ApiJson.outputs(wf, server::signedSrc));
    }

    private void cancel(HttpExchange ex, String id) throws IOException {
        server.stats().cancelRequest();
        SandboxWorkflow wf = server.workflow(id);
        if (wf == null) {
            sendError(ex, 404, NOT_FOUND);
            return;
        }
        String refused = wf.cancel(server.clock().now());
        if (refused != null) {
            sendError(ex, 400, "cannot cancel a workflow that is " + refused
                    + "; only queued or running workflows can be cancelled");
            return;
        }
        ex.sendResponseHeaders(200, -1);
    }

    private void subscribe(HttpExchange ex, String id) throws IOException {
        if (id != null) {
            server.stats().subscribeRequest(id);
        }
        SandboxWorkflow wf = server.workflow(id);
        if (wf == null) {
            sendError(ex, 404, NOT_FOUND);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        int max = server.config().sseMaxEvents();
        for (int i = 0; i < max; i++) {
            if (i > 0 && server.pause(server.config().sseInterval())) {
                return;
            }
            SandboxWorkflow.State s = wf.stateAt(server.clock().now());
            ArrayNode outputs = s.is("completed") ? ApiJson.outputs(wf, server::signedSrc) : null;
            String event = "data: " + JSON.writeValueAsString(ApiJson.event(wf, s, outputs)) + "\n\n";
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (s.terminal()) {
                return;
            }
        }
    }

    private static boolean requireMethod(HttpExchange ex, String method, String expected) throws IOException {
        if (method.equals(expected)) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", expected);
        sendError(ex, 405, "method " + method + " not allowed here");
        return false;
    }

    private static String injectedMessage(int status) {
        return switch (status) {
            case 429 -> "Too many requests";
            case 500 -> "internal server error";
            case 502 -> "bad gateway";
            case 503 -> "service temporarily unavailable";
            case 504 -> "gateway timeout";
            default -> "request failed";
        };
    }

    static void sendError(HttpExchange ex, int status, String message) throws IOException {
        sendJson(ex, status, ApiJson.error(status, message));
    }

    static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String> trimTrailingEmpty(String[] parts) {
        int n = parts.length;
        if (n > 1 && parts[n - 1].isEmpty()) {
            n--;
        }
        return List.of(parts).subList(0, n);
    }

    /** Null for a value that is not a whole number; the default when absent. */
    private static Integer intParam(String value, int dflt) {
        if (value == null || value.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq >= 0 ? pair.substring(0, eq) : pair;
            String v = eq >= 0 ? pair.substring(eq + 1) : "";
            try {
                q.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                q.putIfAbsent(k, v);
            }
        }
        return q;
    }
}
