package app.lightbox.core.api;

import app.lightbox.core.api.dto.ErrorDto;
import app.lightbox.core.api.dto.OutputDto;
import app.lightbox.core.api.dto.UserDto;
import app.lightbox.core.api.dto.WorkflowDto;
import app.lightbox.core.api.dto.WorkflowEventDto;
import app.lightbox.core.api.dto.WorkflowListDto;
import app.lightbox.model.Failure;
import app.lightbox.model.Output;
import app.lightbox.model.SignedUrl;
import app.lightbox.model.User;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.model.WorkflowUpdate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads ComfyControl's JSON into DTOs and maps the DTOs into the model. */
final class ApiJson {

    private static final System.Logger LOG = System.getLogger(ApiJson.class.getName());

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final TypeReference<List<OutputDto>> OUTPUT_LIST = new TypeReference<>() {
    };

    private ApiJson() {
    }

    static User user(int status, byte[] body, String what) {
        UserDto dto = read(status, body, UserDto.class, what);
        require(dto != null, status, what, "empty body");
        return new User(dto.id(), dto.name(), dto.email(), dto.tier(), dto.provider());
    }

    static Workflow workflow(int status, byte[] body, String what) {
        WorkflowDto dto = read(status, body, WorkflowDto.class, what);
        require(dto != null && dto.id() != null, status, what, "no workflow id");
        return toWorkflow(dto);
    }

    static WorkflowPage page(int status, byte[] body, String what, int page, int perPage) {
        WorkflowListDto dto = read(status, body, WorkflowListDto.class, what);
        require(dto != null, status, what, "empty body");
        List<Workflow> items = new ArrayList<>();
        if (dto.workflows() != null) {
            for (WorkflowDto w : dto.workflows()) {
                require(w != null && w.id() != null, status, what, "a workflow without id");
                items.add(toWorkflow(w));
            }
        }
        int total = dto.total() != null ? dto.total() : items.size();
        return new WorkflowPage(items, total, page, perPage);
    }

    static List<Output> outputs(int status, byte[] body, String what) {
        List<OutputDto> dtos = read(status, body, OUTPUT_LIST, what);
        return toOutputs(dtos, null, status, what);
    }

    static WorkflowUpdate update(String workflowId, String data) {
        String what = "the status stream of workflow " + workflowId;
        WorkflowEventDto dto = read(200, data.getBytes(StandardCharsets.UTF_8), WorkflowEventDto.class, what);
        require(dto != null, 200, what, "empty event");
        WorkflowEventDto.Cause c = dto.cause();
        Failure failure = c == null ? null : new Failure(c.nodeType(), c.exceptionType(), c.exceptionMessage());
        return new WorkflowUpdate(workflowId, WorkflowStatus.of(dto.status()), dto.queueNumber(),
                toOutputs(dto.outputs(), workflowId, 200, what), failure, dto.startedAt(), dto.completedAt());
    }

    /** The {@code message} of an error body, or a short plain-text body; null for anything else. */
    static String serverMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.startsWith("{")) {
            try {
                ErrorDto dto = MAPPER.readValue(body, ErrorDto.class);
                return dto == null ? null : clean(dto.message());
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        if (text.startsWith("<") || text.startsWith("[")) {
            return null;
        }
        return clean(text);
    }

    static Workflow toWorkflow(WorkflowDto dto) {
        List<Workflow.WorkflowParam> params = new ArrayList<>();
        if (dto.workflowParams() != null) {
            for (List<JsonNode> tuple : dto.workflowParams()) {
                if (tuple == null || tuple.isEmpty()) {
                    continue;
                }
                params.add(new Workflow.WorkflowParam(text(tuple.get(0)), tuple.size() > 1 ? text(tuple.get(1)) : null));
            }
        }
        Failure failure = null;
        if (dto.errorNode() != null || dto.exceptionType() != null || dto.exceptionMessage() != null) {
            failure = new Failure(dto.errorNode(), dto.exceptionType(), dto.exceptionMessage());
        }
        String runner = dto.userRunnerId() != null ? dto.userRunnerId() : dto.managedRunnerId();
        return new Workflow(dto.id(), dto.name(), WorkflowStatus.of(dto.status()), dto.tags(), dto.createdAt(),
                dto.updatedAt(), dto.startedAt(), dto.completedAt(), dto.queueNumber(), runner, params, failure);
    }

    /**
     * Outputs as listed, with ids made unique: a server that lists one id twice for the same file gets it
     * once; one id given to different files keeps each file as its own output, the repeats' ids suffixed
     * {@code #2}, {@code #3}… in listing order (so renewed listings match up), and never shows or caches one
     * file's bytes for another.
     */
    private static List<Output> toOutputs(List<OutputDto> dtos, String workflowId, int status, String what) {
        List<Output> out = new ArrayList<>();
        if (dtos == null) {
            return out;
        }
        Map<String, List<String>> pathsById = new HashMap<>();
        for (OutputDto o : dtos) {
            require(o != null && o.id() != null && o.src() != null, status, what, "an output without id or src");
            URI uri;
            try {
                uri = URI.create(o.src());
            } catch (IllegalArgumentException e) {
                throw malformed(status, what, "an output link that is not a URL", null);
            }
            require(uri.getScheme() != null && uri.getHost() != null, status, what, "an output link that is not absolute");
            String file = uri.getHost() + uri.getRawPath();
            List<String> files = pathsById.computeIfAbsent(o.id(), k -> new ArrayList<>(1));
            if (files.contains(file)) {
                LOG.log(System.Logger.Level.WARNING, "ComfyControl listed output {0} twice in {1}; it is shown once", o.id(), what);
                continue;
            }
            files.add(file);
            String id = files.size() == 1 ? o.id() : o.id() + "#" + files.size();
            if (files.size() > 1) {
                LOG.log(System.Logger.Level.WARNING,
                        "ComfyControl gave output id {0} to {1} different files in {2}; they are kept apart as {3}",
                        o.id(), files.size(), what, id);
            }
            out.add(new Output(id, o.workflowId() != null ? o.workflowId() : workflowId, new SignedUrl(uri)));
        }
        return out;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    private static <T> T read(int status, byte[] body, Class<T> type, String what) {
        return read(status, body, MAPPER.getTypeFactory().constructType(type), what);
    }

    private static <T> T read(int status, byte[] body, TypeReference<T> type, String what) {
        return read(status, body, MAPPER.getTypeFactory().constructType(type), what);
    }

    private static <T> T read(int status, byte[] body, com.fasterxml.jackson.databind.JavaType type, String what) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            // JSON is UTF-8 by definition; bytes that are not (a name from a foreign file system passed through
            // raw) become U+FFFD in their own string instead of making the whole answer unreadable.
            return MAPPER.readValue(new String(body, StandardCharsets.UTF_8), type);
        } catch (JsonProcessingException e) {
            throw malformed(status, what, shortReason(e), e);
        } catch (IOException e) {
            throw malformed(status, what, "unreadable body", e);
        }
    }

    private static void require(boolean ok, int status, String what, String problem) {
        if (!ok) {
            throw malformed(status, what, problem, null);
        }
    }

    private static ApiException malformed(int status, String what, String problem, Throwable cause) {
        ApiException e = new ApiException(status, null,
                "ComfyControl sent an answer Lightbox cannot read for " + what + " (" + problem + ")");
        // Keep Jackson's exception out of the chain shown to people, but available to a debugger.
        if (cause != null) {
            e.addSuppressed(cause);
        }
        return e;
    }

    private static String shortReason(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "malformed JSON";
        }
        m = m.lines().findFirst().orElse("malformed JSON");
        return "malformed JSON: " + (m.length() > 100 ? m.substring(0, 100) + "…" : m);
    }

    private static String clean(String s) {
        if (s == null) {
            return null;
        }
        String oneLine = s.replaceAll("\\p{Cntrl}+", " ").strip();
        if (oneLine.isEmpty()) {
            return null;
        }
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
