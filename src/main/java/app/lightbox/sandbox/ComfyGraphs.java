package app.lightbox.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The text-to-image graph ComfyUI would have run, in both of its JSON shapes: the API "prompt" format
 * (node id to class_type/inputs) and the UI "workflow" format (nodes, links, version). Deterministic in
 * its seed, so the same output always carries the same metadata.
 */
final class ComfyGraphs {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static final List<String> CHECKPOINTS = List.of(
            "sd_xl_base_1.0.safetensors", "juggernautXL_v9.safetensors", "flux1-dev-fp8.safetensors",
            "dreamshaper_8.safetensors", "realvisxlV40.safetensors");
    private static final List<String> SAMPLERS = List.of("euler", "euler_ancestral", "dpmpp_2m", "dpmpp_2m_sde");
    private static final List<String> SCHEDULERS = List.of("normal", "karras", "sgm_uniform");
    private static final List<String> STYLES = List.of(
            "soft morning light, 35mm film, shallow depth of field", "watercolor wash, muted palette",
            "volumetric light, highly detailed, cinematic", "pastel gradients, minimal composition",
            "golden hour, warm tones, gentle bokeh", "overcast, cool blue palette, fine grain");

    /** Sampling settings of one generated image. */
    record Generation(long seed, int steps, double cfg, String sampler, String scheduler, String checkpoint,
                      String positive, String negative, int width, int height) {

        static Generation of(long seed, String subject, int width, int height) {
            SplittableRandom r = new SplittableRandom(seed);
            String style = STYLES.get(r.nextInt(STYLES.size()));
            return new Generation(Math.floorMod(seed, 1_000_000_000_000L), 20, 7.0,
                    SAMPLERS.get(r.nextInt(SAMPLERS.size())), SCHEDULERS.get(r.nextInt(SCHEDULERS.size())),
                    CHECKPOINTS.get(r.nextInt(CHECKPOINTS.size())), subject + ", " + style,
                    "blurry, lowres, watermark, text, deformed hands", width, height);
        }
    }

    private ComfyGraphs() {
    }

    static ObjectNode prompt(Generation g) {
        ObjectNode p = F.objectNode();
        ObjectNode ks = node(p, "3", "KSampler");
        ks.put("seed", g.seed()).put("steps", g.steps()).put("cfg", g.cfg())
                .put("sampler_name", g.sampler()).put("scheduler", g.scheduler());
        ks.set("model", link("4", 0));
        ks.set("positive", link("6", 0));
        ks.set("negative", link("7", 0));
        ks.set("latent_image", link("5", 0));
        ks.put("denoise", 1.0);
        node(p, "4", "CheckpointLoaderSimple").put("ckpt_name", g.checkpoint());
        node(p, "5", "EmptyLatentImage").put("width", g.width()).put("height", g.height()).put("batch_size", 1);
        node(p, "6", "CLIPTextEncode").put("text", g.positive()).set("clip", link("4", 1));
        node(p, "7", "CLIPTextEncode").put("text", g.negative()).set("clip", link("4", 1));
        ObjectNode decode = node(p, "8", "VAEDecode");
        decode.set("samples", link("3", 0));
        decode.set("vae", link("4", 2));
        node(p, "9", "SaveImage").put("filename_prefix", "ComfyUI").set("images", link("8", 0));
        return p;
    }

    static ObjectNode workflow(Generation g) {
        ObjectNode w = F.objectNode();
        w.put("last_node_id", 9).put("last_link_id", 9);
        ArrayNode nodes = w.putArray("nodes");
        uiNode(nodes, 3, "KSampler", 863, 186, F.arrayNode().add(g.seed()).add("fixed").add(g.steps())
                .add(g.cfg()).add(g.sampler()).add(g.scheduler()).add(1.0));
        uiNode(nodes, 4, "CheckpointLoaderSimple", 26, 474, F.arrayNode().add(g.checkpoint()));
        uiNode(nodes, 5, "EmptyLatentImage", 473, 609, F.arrayNode().add(g.width()).add(g.height()).add(1));
        uiNode(nodes, 6, "CLIPTextEncode", 415, 186, F.arrayNode().add(g.positive()));
        uiNode(nodes, 7, "CLIPTextEncode", 413, 389, F.arrayNode().add(g.negative()));
        uiNode(nodes, 8, "VAEDecode", 1209, 188, F.arrayNode());
        uiNode(nodes, 9, "SaveImage", 1451, 189, F.arrayNode().add("ComfyUI"));
        ArrayNode links = w.putArray("links");
        uiLink(links, 1, 4, 0, 3, 0, "MODEL");
        uiLink(links, 2, 5, 0, 3, 3, "LATENT");
        uiLink(links, 3, 4, 1, 6, 0, "CLIP");
        uiLink(links, 4, 6, 0, 3, 1, "CONDITIONING");
        uiLink(links, 5, 4, 1, 7, 0, "CLIP");
        uiLink(links, 6, 7, 0, 3, 2, "CONDITIONING");
        uiLink(links, 7, 3, 0, 8, 0, "LATENT");
        uiLink(links, 8, 4, 2, 8, 1, "VAE");
        uiLink(links, 9, 8, 0, 9, 0, "IMAGE");
        w.putArray("groups");
        w.putObject("config");
        w.putObject("extra");
        w.put("version", 0.4);
        return w;
    }

    private static ObjectNode node(ObjectNode prompt, String id, String classType) {
        ObjectNode n = prompt.putObject(id);
        n.put("class_type", classType);
        return n.putObject("inputs");
    }

    private static ArrayNode link(String node, int slot) {
        return F.arrayNode().add(node).add(slot);
    }

    private static void uiNode(ArrayNode nodes, int id, String type, int x, int y, ArrayNode widgets) {
        ObjectNode n = nodes.addObject();
        n.put("id", id).put("type", type);
        n.putArray("pos").add(x).add(y);
        n.putArray("size").add(315).add(type.equals("CLIPTextEncode") ? 160 : 100);
        n.putObject("flags");
        n.put("order", id).put("mode", 0);
        n.set("widgets_values", widgets);
    }

    private static void uiLink(ArrayNode links, int id, int from, int fromSlot, int to, int toSlot, String type) {
        links.addArray().add(id).add(from).add(fromSlot).add(to).add(toSlot).add(type);
    }
}
