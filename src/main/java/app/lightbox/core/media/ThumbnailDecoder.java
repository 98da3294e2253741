package app.lightbox.core.media;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes image bytes into a {@link Thumbnail} whose longest side is at most {@code maxSide}. Large images
 * are read with source subsampling so a 8k PNG never becomes a full-size bitmap in memory. Runs on the
 * decode pool, never on the FX thread.
 */
public final class ThumbnailDecoder {

    /** Anything claiming more pixels than this is refused before decoding (decompression bombs). */
    private static final long MAX_SOURCE_PIXELS = 16_384L * 16_384L;

    public Thumbnail decode(byte[] bytes, int maxSide) throws MediaDecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new MediaDecodeException("The file is empty");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MediaDecodeException("Not an image format Lightbox can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || (long) w * h > MAX_SOURCE_PIXELS) {
                    throw new MediaDecodeException("The image claims an impossible size (" + w + "×" + h + ")");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int sub = Math.max(1, Math.max(w, h) / (maxSide * 2));
                if (sub > 1) {
                    param.setSourceSubsampling(sub, sub, 0, 0);
                }
                BufferedImage img = reader.read(0, param);
                return scale(img, maxSide, w, h);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new MediaDecodeException("The image is damaged or incomplete", e);
        }
    }

    private static Thumbnail scale(BufferedImage img, int maxSide, int sourceW, int sourceH) {
        int w = img.getWidth();
        int h = img.getHeight();
        double f = Math.min(1.0, (double) maxSide / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * f));
        int th = Math.max(1, (int) Math.round(h * f));
        BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(img, 0, 0, tw, th, null);
        } finally {
            g.dispose();
        }
        int[] argb = out.getRGB(0, 0, tw, th, null, 0, tw);
        return new Thumbnail(tw, th, argb, sourceW, sourceH);
    }
}
