package app.lightbox.core.media;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generation data from PNGs written here with ImageIO, the way ComfyUI's SaveImage stores it. */
class ComfyMetadataTest {

    private static final String TXT2IMG = """
            {"3": {"class_type": "KSampler", "inputs": {"seed": 156680208700286, "steps": 20, "cfg": 8.0,
                   "sampler_name": "euler", "scheduler": "normal", "denoise": 1.0, "model": ["4", 0],
                   "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
             "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "v1-5-pruned-emaonly.safetensors"}},
             "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 512, "height": 768, "batch_size": 1}},
             "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a bottle with a galaxy inside", "clip": ["4", 1]}},
             "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "text, watermark", "clip": ["4", 1]}},
             "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}}}
            """;

    @Test
    void readsPromptsAndSettingsFromAStandardGraph() throws Exception {
        ComfyMetadata.Generation g = parsePng(Map.of("prompt", TXT2IMG, "workflow", "{\"nodes\": []}"));
        assertTrue(g.hasData());
        assertEquals("a bottle with a galaxy inside", g.positive());
        assertEquals("text, watermark", g.negative());
        assertEquals("156680208700286", g.seed());
        assertEquals(20, g.steps());
        assertEquals(8.0, g.cfg());
        assertEquals("euler", g.sampler());
        assertEquals("normal", g.scheduler());
        assertEquals("v1-5-pruned-emaonly.safetensors", g.model());
        assertEquals(512, g.width());
        assertEquals(768, g.height());
        assertTrue(g.promptJson().contains("\n"), "raw JSON is pretty-printed");
        assertNotNull(g.workflowJson());
        assertNull(g.problem());
    }

    @Test
    void followsCustomNodesLorasPrimitivesAndNonNumericIds() throws Exception {
        String prompt = """
                {"sampler": {"class_type": "KSamplerAdvanced", "inputs": {"noise_seed": ["seed-node", 0], "steps": 30,
                   "cfg": 4.5, "sampler_name": "dpmpp_2m", "scheduler": "karras", "model": ["lora", 0],
                   "positive": ["cn-apply", 0], "negative": ["neg", 0], "latent_image": ["upscale", 0]}},
                 "seed-node": {"class_type": "Seed (rgthree)", "inputs": {"seed": 42}},
                 "ckpt": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sdxl.safetensors"}},
                 "lora": {"class_type": "LoraLoader", "inputs": {"lora_name": "grain.safetensors", "model": ["ckpt", 0], "clip": ["ckpt", 1]}},
                 "cn-apply": {"class_type": "ControlNetApplyAdvanced", "inputs": {"strength": 0.8, "control_net": ["cn", 0], "conditioning_in": ["pos", 0]}},
                 "cn": {"class_type": "ControlNetLoader", "inputs": {"control_net_name": "pose.safetensors"}},
                 "pos": {"class_type": "CLIPTextEncodeSDXL", "inputs": {"text_g": ["words", 0], "text_l": "", "clip": ["lora", 1]}},
                 "words": {"class_type": "String Literal", "inputs": {"string": "a fox in the snow, Ünïcode"}},
                 "neg": {"class_type": "CLIPTextEncode", "inputs": {"text": "blurry", "clip": ["lora", 1]}},
                 "latent": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
                 "upscale": {"class_type": "LatentUpscaleBy", "inputs": {"scale_by": 1.5, "samples": ["latent", 0]}}}
                """;
        ComfyMetadata.Generation g = ComfyMetadata.parse(Map.of("prompt", prompt));
        assertEquals("a fox in the snow, Ünïcode", g.positive());
        assertEquals("blurry", g.negative());
        assertEquals("42", g.seed());
        assertEquals(30, g.steps());
        assertEquals("sdxl.safetensors", g.model(), "through the LoRA to the checkpoint");
        assertEquals(1024, g.width());
        assertNull(g.workflowJson());
    }

    @Test
    void aPngWithoutChunksSaysSo() throws Exception {
        ComfyMetadata.Generation g = parsePng(Map.of());
        assertFalse(g.hasData());
        assertEquals(ComfyMetadata.NO_DATA, g.problem());
        ComfyMetadata.Generation other = parsePng(Map.of("Software", "GIMP"));
        assertEquals(ComfyMetadata.NO_DATA, other.problem());
    }

    @Test
    void malformedJsonKeepsTheRawTextAndSaysWhatIsWrong() throws Exception {
        ComfyMetadata.Generation g = parsePng(Map.of("prompt", "{\"3\": {\"class_type\": \"KSampler\", "));
        assertTrue(g.hasData());
        assertNull(g.positive());
        assertEquals("{\"3\": {\"class_type\": \"KSampler\", ", g.promptJson());
        assertTrue(g.problem().contains("not valid JSON"), g.problem());
    }

    @Test
    void aGraphWithoutASamplerStillShowsItsJsonAndModel() throws Exception {
        ComfyMetadata.Generation g = ComfyMetadata.parse(Map.of("prompt",
                "{\"1\": {\"class_type\": \"MyUpscaler\", \"inputs\": {\"model_name\": \"4x.pth\"}}}"));
        assertTrue(g.hasData());
        assertEquals("4x.pth", g.model());
        assertTrue(g.problem().contains("No sampler"), g.problem());
    }

    @Test
    void onlyTheEditorGraphGivesTheSamplerWidgets() throws Exception {
        String workflow = """
                {"nodes": [{"id": 3, "type": "KSampler", "widgets_values": [7, "fixed", 25, 6.5, "euler", "karras", 1]},
                           {"id": 4, "type": "CheckpointLoaderSimple", "widgets_values": ["dream.safetensors"]}]}
                """;
        ComfyMetadata.Generation g = parsePng(Map.of("workflow", workflow));
        assertEquals("7", g.seed());
        assertEquals(25, g.steps());
        assertEquals("karras", g.scheduler());
        assertEquals("dream.safetensors", g.model());
        assertNull(g.positive());
    }

    private static ComfyMetadata.Generation parsePng(Map<String, String> text) throws Exception {
        Map<String, String> read = PngText.read(png(text));
        assertEquals(text, read, "chunks read back as written");
        return ComfyMetadata.parse(read);
    }

    /** A 4x4 PNG with one tEXt chunk per entry, written by ImageIO. */
    static byte[] png(Map<String, String> text) throws Exception {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        IIOMetadataNode chunks = new IIOMetadataNode("tEXt");
        for (Map.Entry<String, String> e : new LinkedHashMap<>(text).entrySet()) {
            IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
            entry.setAttribute("keyword", e.getKey());
            entry.setAttribute("value", e.getValue());
            chunks.appendChild(entry);
        }
        if (!text.isEmpty()) {
            root.appendChild(chunks);
            meta.mergeTree("javax_imageio_png_1.0", root);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(new IIOImage(img, null, meta));
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
