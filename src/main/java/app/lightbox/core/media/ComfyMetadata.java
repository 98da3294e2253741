package app.lightbox.core.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How an image was generated, read from the graphs ComfyUI stores in its PNGs: {@code prompt} (the API
 * format: node id to {@code class_type} and {@code inputs}, where an input is a value or a link
 * {@code [nodeId, slot]}) and {@code workflow} (the editor's graph). Settings come from the sampler node;
 * prompts are found by following its {@code positive}/{@code negative} links to the node that holds the
 * text, through whatever custom nodes lie between. Node ids are strings whatever they look like. Anything
 * missing stays null; nothing here throws on odd input.
 */
public final class ComfyMetadata {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_HOPS = 16;
    private static final List<String> TEXT_INPUTS = List.of("text", "text_g", "prompt", "string", "value", "text_l");
    private static final List<String> MODEL_INPUTS = List.of("ckpt_name", "unet_name", "model_name", "checkpoint");

    /**
     * @param positive     the positive prompt, or null
     * @param negative     the negative prompt, or null
     * @param seed         as written (seeds outgrow a double's precision, so kept as text)
     * @param model        checkpoint (or UNet) file name
     * @param promptJson   the {@code prompt} chunk pretty-printed, or as found if it is not JSON; null if absent
     * @param workflowJson the {@code workflow} chunk, likewise
     * @param problem      why nothing (or not everything) could be read, for a person; null when all is well
     */
    public record Generation(String positive, String negative, String seed, Integer steps, Double cfg,
                             String sampler, String scheduler, String model, Integer width, Integer height,
                             String promptJson, String workflowJson, String problem) {

        public boolean hasData() {
            return promptJson != null || workflowJson != null;
        }
    }

    public static final String NO_DATA = "No generation data in this file";

    private ComfyMetadata() {
    }

    /** Reads the graphs of a PNG's text chunks (by keyword, as {@link PngText} returns them). */
    public static Generation parse(Map<String, String> chunks) {
        String promptText = chunks.get("prompt");
        String workflowText = chunks.get("workflow");
        if (promptText == null && workflowText == null) {
            return new Generation(null, null, null, null, null, null, null, null, null, null, null, null, NO_DATA);
        }
        JsonNode prompt = tryParse(promptText);
        JsonNode workflow = tryParse(workflowText);
        String promptJson = promptText == null ? null : pretty(prompt, promptText);
        String workflowJson = workflowText == null ? null : pretty(workflow, workflowText);
        List<String> problems = new ArrayList<>();
        if (promptText != null && prompt == null) {
            problems.add("The prompt data is not valid JSON");
        }
        if (workflowText != null && workflow == null) {
            problems.add("The workflow data is not valid JSON");
        }
        if (prompt != null && prompt.isObject()) {
            return fromPrompt(prompt, promptJson, workflowJson, problems);
        }
        if (workflow != null && workflow.isObject()) {
            return fromWorkflow(workflow, promptJson, workflowJson, problems);
        }
        problems.add("No settings could be read");
        return new Generation(null, null, null, null, null, null, null, null, null, null, promptJson, workflowJson,
                String.join("; ", problems));
    }

    // ---- API format

    private static Generation fromPrompt(JsonNode prompt, String promptJson, String workflowJson, List<String> problems) {
        Optional<String> samplerId = findSampler(prompt);
        if (samplerId.isEmpty()) {
            problems.add("No sampler node was found; the graph may use custom nodes Lightbox does not know");
            String model = findAnyModel(prompt);
            return new Generation(null, null, null, null, null, null, null, model, null, null, promptJson,
                    workflowJson, String.join("; ", problems));
        }
        JsonNode inputs = prompt.path(samplerId.get()).path("inputs");
        String positive = textFrom(prompt, inputs.get("positive"), new HashSet<>(), 0);
        String negative = textFrom(prompt, inputs.get("negative"), new HashSet<>(), 0);
        JsonNode seed = value(prompt, firstPresent(inputs, "seed", "noise_seed"), 0);
        JsonNode steps = value(prompt, inputs.get("steps"), 0);
        JsonNode cfg = value(prompt, inputs.get("cfg"), 0);
        JsonNode sampler = value(prompt, inputs.get("sampler_name"), 0);
        JsonNode scheduler = value(prompt, inputs.get("scheduler"), 0);
        String model = modelFrom(prompt, inputs.get("model"), new HashSet<>(), 0);
        if (model == null) {
            model = findAnyModel(prompt);
        }
        Integer width = null;
        Integer height = null;
        JsonNode latent = nodeOf(prompt, inputs.get("latent_image"));
        for (int hop = 0; latent != null && hop < MAX_HOPS; hop++) {
            JsonNode li = latent.path("inputs");
            JsonNode w = value(prompt, li.get("width"), 0);
            JsonNode h = value(prompt, li.get("height"), 0);
            if (w != null && h != null && w.canConvertToInt() && h.canConvertToInt()) {
                width = w.asInt();
                height = h.asInt();
                break;
            }
            latent = nodeOf(prompt, firstLink(li));
        }
        return new Generation(positive, negative, seed == null ? null : seed.asText(),
                steps != null && steps.isNumber() ? steps.asInt() : null,
                cfg != null && cfg.isNumber() ? cfg.asDouble() : null,
                sampler == null ? null : sampler.asText(), scheduler == null ? null : scheduler.asText(), model,
                width, height, promptJson, workflowJson, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** A KSampler if there is one, else any node with positive and negative inputs (custom samplers). */
    private static Optional<String> findSampler(JsonNode prompt) {
        String fallback = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = prompt.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getValue().path("class_type").asText("");
            JsonNode in = e.getValue().path("inputs");
            if (type.equals("KSampler") || type.equals("KSamplerAdvanced")) {
                return Optional.of(e.getKey());
            }
            if (fallback == null && in.has("positive") && in.has("negative")
                    && type.toLowerCase(Locale.ROOT).contains("sampler")) {
                fallback = e.getKey();
            }
            if (fallback == null && in.has("positive") && in.has("negative") && in.has("model")) {
                fallback = e.getKey();
            }
        }
        return Optional.ofNullable(fallback);
    }

    private static boolean isLink(JsonNode n) {
        return n != null && n.isArray() && n.size() == 2 && (n.get(0).isTextual() || n.get(0).isNumber())
                && n.get(1).isNumber();
    }

    private static JsonNode nodeOf(JsonNode prompt, JsonNode link) {
        if (!isLink(link)) {
            return null;
        }
        JsonNode n = prompt.get(link.get(0).asText());
        return n != null && n.isObject() ? n : null;
    }

    private static JsonNode firstPresent(JsonNode inputs, String... names) {
        for (String n : names) {
            if (inputs.has(n)) {
                return inputs.get(n);
            }
        }
        return null;
    }

    private static JsonNode firstLink(JsonNode inputs) {
        for (Iterator<JsonNode> it = inputs.elements(); it.hasNext(); ) {
            JsonNode v = it.next();
            if (isLink(v)) {
                return v;
            }
        }
        return null;
    }

    /** A literal input, or the literal a primitive node (seed, number, string widget) feeds it. */
    private static JsonNode value(JsonNode prompt, JsonNode input, int hops) {
        if (input == null || input.isNull()) {
            return null;
        }
        if (!isLink(input)) {
            return input.isValueNode() ? input : null;
        }
        if (hops >= MAX_HOPS) {
            return null;
        }
        JsonNode source = nodeOf(prompt, input);
        if (source == null) {
            return null;
        }
        JsonNode in = source.path("inputs");
        for (String name : List.of("value", "seed", "noise_seed", "int", "float", "number", "string", "text")) {
            if (in.has(name)) {
                return value(prompt, in.get(name), hops + 1);
            }
        }
        Iterator<JsonNode> it = in.elements();
        return it.hasNext() ? value(prompt, it.next(), hops + 1) : null;
    }

    /** Follows conditioning back to the node holding the text: CLIPTextEncode or any custom encoder. */
    private static String textFrom(JsonNode prompt, JsonNode link, Set<String> seen, int hops) {
        if (!isLink(link) || hops >= MAX_HOPS || !seen.add(link.get(0).asText())) {
            return null;
        }
        JsonNode node = nodeOf(prompt, link);
        if (node == null) {
            return null;
        }
        JsonNode in = node.path("inputs");
        for (String name : TEXT_INPUTS) {
            JsonNode v = in.get(name);
            if (v == null) {
                continue;
            }
            if (v.isTextual()) {
                return v.asText();
            }
            if (isLink(v)) {
                JsonNode literal = value(prompt, v, hops + 1);
                if (literal != null && literal.isTextual()) {
                    return literal.asText();
                }
                String deeper = textFrom(prompt, v, seen, hops + 1);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        // Conditioning passes through (ControlNet apply, combine, set area...): try the conditioning inputs first.
        List<String> names = new ArrayList<>();
        in.fieldNames().forEachRemaining(names::add);
        names.sort((a, b) -> Boolean.compare(!isConditioningName(a), !isConditioningName(b)));
        for (String name : names) {
            JsonNode v = in.get(name);
            if (isLink(v) && !name.equals("clip")) {
                String t = textFrom(prompt, v, seen, hops + 1);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    private static boolean isConditioningName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("conditioning") || n.equals("positive") || n.equals("negative");
    }

    /** Follows the model link back through LoRA and patch nodes to the loader. */
    private static String modelFrom(JsonNode prompt, JsonNode link, Set<String> seen, int hops) {
        if (!isLink(link) || hops >= MAX_HOPS || !seen.add(link.get(0).asText())) {
            return null;
        }
        JsonNode node = nodeOf(prompt, link);
        if (node == null) {
            return null;
        }
        JsonNode in = node.path("inputs");
        for (String name : MODEL_INPUTS) {
            JsonNode v = value(prompt, in.get(name), hops + 1);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        String viaModel = modelFrom(prompt, in.get("model"), seen, hops + 1);
        if (viaModel != null) {
            return viaModel;
        }
        for (Iterator<JsonNode> it = in.elements(); it.hasNext(); ) {
            String t = modelFrom(prompt, it.next(), seen, hops + 1);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String findAnyModel(JsonNode prompt) {
        for (Iterator<JsonNode> it = prompt.elements(); it.hasNext(); ) {
            JsonNode in = it.next().path("inputs");
            for (String name : MODEL_INPUTS) {
                if (in.path(name).isTextual()) {
                    return in.get(name).asText();
                }
            }
        }
        return null;
    }

    // ---- editor format only (no prompt chunk)

    /** The editor graph keeps values in widget order; KSampler's is seed, control, steps, cfg, sampler, scheduler. */
    private static Generation fromWorkflow(JsonNode workflow, String promptJson, String workflowJson, List<String> problems) {
        String seed = null;
        Integer steps = null;
        Double cfg = null;
        String sampler = null;
        String scheduler = null;
        String model = null;
        Integer width = null;
        Integer height = null;
        for (JsonNode n : workflow.path("nodes")) {
            String type = n.path("type").asText("");
            JsonNode w = n.path("widgets_values");
            if (type.equals("KSampler") && w.isArray() && w.size() >= 6) {
                seed = w.get(0).asText();
                steps = w.get(2).isNumber() ? w.get(2).asInt() : null;
                cfg = w.get(3).isNumber() ? w.get(3).asDouble() : null;
                sampler = w.get(4).asText();
                scheduler = w.get(5).asText();
            } else if (type.startsWith("CheckpointLoader") && w.isArray() && w.size() >= 1 && model == null) {
                model = w.get(0).asText();
            } else if (type.equals("EmptyLatentImage") && w.isArray() && w.size() >= 2) {
                width = w.get(0).isNumber() ? w.get(0).asInt() : null;
                height = w.get(1).isNumber() ? w.get(1).asInt() : null;
            }
        }
        problems.add("Only the editor graph is stored, so the prompts are not shown");
        return new Generation(null, null, seed, steps, cfg, sampler, scheduler, model, width, height, promptJson,
                workflowJson, String.join("; ", problems));
    }

    private static JsonNode tryParse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            // ComfyUI writes NaN for some float widgets, which strict JSON does not allow.
            return JSON.reader().with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String pretty(JsonNode parsed, String raw) {
        if (parsed == null) {
            return raw;
        }
        try {
            return JSON.writeValueAsString(parsed);
        } catch (JsonProcessingException e) {
            return raw;
        }
    }
}
