package app.lightbox.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Procedural stand-ins for generated images: soft gradients and glowing shapes seeded by the output id,
 * so every thumbnail looks distinct and the same id always renders the same bytes. Each PNG carries the
 * {@code prompt} and {@code workflow} tEXt chunks ComfyUI's SaveImage writes.
 *
 * <p>Rendered lazily and kept in a small LRU; a miss simply renders again.
 */
final class PreviewArt {

    private static final int CACHE_ENTRIES = 24;
    /** tEXt is Latin-1; escaping keeps any non-ASCII prompt text intact as JSON escapes. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final Map<String, byte[]> cache = new LinkedHashMap<>(CACHE_ENTRIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    byte[] png(String outputId, String subject, int width, int height) {
        String key = outputId + "|" + width + "x" + height;
        synchronized (cache) {
            byte[] hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] rendered = render(seedOf(outputId), subject, width, height);
        synchronized (cache) {
            cache.put(key, rendered);
        }
        return rendered;
    }

    static long seedOf(String id) {
        long h = 1125899906842597L;
        for (int i = 0; i < id.length(); i++) {
            h = 31 * h + id.charAt(i);
        }
        return h;
    }

    static byte[] render(long seed, String subject, int width, int height) {
        BufferedImage img = paint(seed, width, height);
        byte[] png = encode(img);
        ComfyGraphs.Generation g = ComfyGraphs.Generation.of(seed, subject, width, height);
        try {
            return withTextChunks(png, Map.of(
                    "prompt", JSON.writeValueAsString(ComfyGraphs.prompt(g)),
                    "workflow", JSON.writeValueAsString(ComfyGraphs.workflow(g))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BufferedImage paint(long seed, int w, int h) {
        SplittableRandom r = new SplittableRandom(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
            float hue = (float) r.nextDouble();
            float spread = 0.08f + (float) r.nextDouble() * 0.3f;
            Color top = Color.getHSBColor(hue, 0.45f + (float) r.nextDouble() * 0.3f, 0.85f);
            Color bottom = Color.getHSBColor(hue + spread, 0.6f, 0.25f + (float) r.nextDouble() * 0.2f);
            g.setPaint(new GradientPaint(0, 0, top, w * (float) r.nextDouble(), h, bottom));
            g.fillRect(0, 0, w, h);

            // A glowing "sun" or light source.
            float sx = w * (0.2f + (float) r.nextDouble() * 0.6f);
            float sy = h * (0.15f + (float) r.nextDouble() * 0.35f);
            float sr = Math.max(w, h) * (0.18f + (float) r.nextDouble() * 0.2f);
            Color glow = Color.getHSBColor(hue - 0.1f, 0.35f, 1f);
            g.setPaint(new RadialGradientPaint(new Point2D.Float(sx, sy), sr, new float[] {0f, 0.35f, 1f},
                    new Color[] {withAlpha(Color.WHITE, 230), withAlpha(glow, 150), withAlpha(glow, 0)},
                    MultipleGradientPaint.CycleMethod.NO_CYCLE));
            g.fill(new Ellipse2D.Float(sx - sr, sy - sr, 2 * sr, 2 * sr));

            // Soft bokeh blobs.
            int blobs = 5 + r.nextInt(6);
            for (int i = 0; i < blobs; i++) {
                float bx = w * (float) r.nextDouble();
                float by = h * (float) r.nextDouble();
                float br = Math.min(w, h) * (0.04f + (float) r.nextDouble() * 0.14f);
                Color c = Color.getHSBColor(hue + (float) r.nextDouble() * 0.5f, 0.3f + (float) r.nextDouble() * 0.4f,
                        0.95f);
                g.setPaint(new RadialGradientPaint(new Point2D.Float(bx, by), br, new float[] {0f, 0.6f, 1f},
                        new Color[] {withAlpha(c, 120), withAlpha(c, 60), withAlpha(c, 0)}));
                g.fill(new Ellipse2D.Float(bx - br, by - br, 2 * br, 2 * br));
            }

            // Layered hills, darker towards the viewer.
            int layers = 2 + r.nextInt(3);
            for (int i = 0; i < layers; i++) {
                float base = h * (0.55f + 0.12f * i + (float) r.nextDouble() * 0.05f);
                float amp = h * (0.03f + (float) r.nextDouble() * 0.08f);
                double freq = (1 + r.nextDouble() * 2.5) * Math.PI * 2 / w;
                double phase = r.nextDouble() * Math.PI * 2;
                Path2D.Float hill = new Path2D.Float();
                hill.moveTo(0, h);
                for (int x = 0; x <= w; x += Math.max(4, w / 96)) {
                    hill.lineTo(x, base + amp * Math.sin(x * freq + phase) + amp * 0.4 * Math.sin(x * freq * 2.7));
                }
                hill.lineTo(w, h);
                hill.closePath();
                float shade = 0.55f - 0.15f * i;
                Color c = Color.getHSBColor(hue + spread + 0.05f * i, 0.5f, Math.max(0.08f, shade));
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.85f));
                g.setPaint(new GradientPaint(0, base - amp, c, 0, h, c.darker().darker()));
                g.fill(hill);
            }
            g.setComposite(AlphaComposite.SrcOver);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static byte[] encode(BufferedImage img) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(img.getWidth() * img.getHeight());
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            // A middling deflate level: smooth art compresses well anyway, and level 9 costs most of the time.
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.6f);
            writer.write(null, new IIOImage(img, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Inserts tEXt chunks right after IHDR, where ComfyUI's PIL writer puts them. */
    static byte[] withTextChunks(byte[] png, Map<String, String> texts) {
        int ihdrEnd = 8 + 4 + 4 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 4096);
        out.write(png, 0, ihdrEnd);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(texts).entrySet()) {
            byte[] keyword = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
            byte[] value = e.getValue().getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer data = ByteBuffer.allocate(keyword.length + 1 + value.length);
            data.put(keyword).put((byte) 0).put(value);
            writeChunk(out, "tEXt", data.array());
        }
        out.write(png, ihdrEnd, png.length - ihdrEnd);
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
