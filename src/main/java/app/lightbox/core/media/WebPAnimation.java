package app.lightbox.core.media;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Composites the frames of an animated WebP the way the container specification describes: the canvas
 * starts as the ANIM background colour; each frame is drawn at its offset, alpha-blended over the canvas
 * or copied over it (no-blend); after it has been shown, a dispose-to-background frame's rectangle is
 * filled with the background colour again.
 */
final class WebPAnimation {

    /** The full-size canvas is held while compositing: refuse canvases above this many pixels. */
    static final long MAX_CANVAS_PIXELS = 6_000L * 6_000L;
    /** All composited frames together stay under this many pixels; larger animations come out smaller. */
    static final long MAX_OUTPUT_PIXELS = 48L * 1024 * 1024;

    private WebPAnimation() {
    }

    /**
     * @param frameLimit composite at most this many frames (1 for a thumbnail)
     */
    static AnimatedImage decode(WebPContainer c, int maxSide, int frameLimit) throws MediaDecodeException {
        long canvasPixels = (long) c.canvasWidth * c.canvasHeight;
        if (canvasPixels > MAX_CANVAS_PIXELS) {
            throw new MediaDecodeException(ThumbnailDecoder.tooLarge(c.canvasWidth, c.canvasHeight));
        }
        int count = Math.min(frameLimit, c.frames.size());
        double f = Math.min(1.0, (double) maxSide / Math.max(c.canvasWidth, c.canvasHeight));
        f = Math.min(f, Math.sqrt((double) MAX_OUTPUT_PIXELS / ((double) canvasPixels * count)));
        int outW = Math.max(1, (int) Math.round(c.canvasWidth * f));
        int outH = Math.max(1, (int) Math.round(c.canvasHeight * f));

        int w = c.canvasWidth;
        int[] canvas = new int[c.canvasWidth * c.canvasHeight];
        Arrays.fill(canvas, c.backgroundArgb);
        List<AnimatedImage.Frame> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            WebPContainer.Frame fr = c.frames.get(i);
            if (fr.x() + fr.width() > c.canvasWidth || fr.y() + fr.height() > c.canvasHeight) {
                throw new MediaDecodeException("Frame " + (i + 1) + " of this animated WebP lies outside its canvas");
            }
            int[] px = decodeFrame(fr, i);
            for (int row = 0; row < fr.height(); row++) {
                int src = row * fr.width();
                int dst = (fr.y() + row) * w + fr.x();
                if (fr.blend()) {
                    for (int col = 0; col < fr.width(); col++) {
                        canvas[dst + col] = blend(px[src + col], canvas[dst + col]);
                    }
                } else {
                    System.arraycopy(px, src, canvas, dst, fr.width());
                }
            }
            Thumbnail shown = outW == c.canvasWidth && outH == c.canvasHeight
                    ? new Thumbnail(w, c.canvasHeight, canvas.clone(), w, c.canvasHeight)
                    : ThumbnailDecoder.scale(canvas, w, c.canvasHeight, outW, outH, w, c.canvasHeight);
            out.add(new AnimatedImage.Frame(shown, fr.durationMillis()));
            if (fr.disposeToBackground()) {
                for (int row = 0; row < fr.height(); row++) {
                    int dst = (fr.y() + row) * w + fr.x();
                    Arrays.fill(canvas, dst, dst + fr.width(), c.backgroundArgb);
                }
            }
        }
        return new AnimatedImage(outW, outH, c.canvasWidth, c.canvasHeight, c.loopCount, c.backgroundArgb, out);
    }

    /** Non-premultiplied "source over" as the WebP container specification writes it. */
    static int blend(int src, int dst) {
        int sa = src >>> 24;
        if (sa == 255) {
            return src;
        }
        if (sa == 0) {
            return dst;
        }
        int da = dst >>> 24;
        int dstWeight = da * (255 - sa); // scaled by 255
        int outA255 = sa * 255 + dstWeight; // blend.A scaled by 255
        if (outA255 == 0) {
            return 0;
        }
        int r = channel(src >> 16, dst >> 16, sa, dstWeight, outA255);
        int g = channel(src >> 8, dst >> 8, sa, dstWeight, outA255);
        int b = channel(src, dst, sa, dstWeight, outA255);
        int a = (outA255 + 127) / 255;
        return a << 24 | r << 16 | g << 8 | b;
    }

    private static int channel(int s, int d, int sa, int dstWeight, int outA255) {
        long num = (long) (s & 0xFF) * sa * 255 + (long) (d & 0xFF) * dstWeight;
        return (int) Math.min(255, (num + outA255 / 2) / outA255);
    }

    private static int[] decodeFrame(WebPContainer.Frame fr, int index) throws MediaDecodeException {
        BufferedImage img;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(fr.stillWebP()))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("webp");
            if (!readers.hasNext()) {
                throw new MediaDecodeException("Lightbox was built without its WebP decoder");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new MediaDecodeException("Frame " + (index + 1) + " of this animated WebP is damaged", e);
        }
        if (img.getWidth() != fr.width() || img.getHeight() != fr.height()) {
            throw new MediaDecodeException("Frame " + (index + 1) + " of this animated WebP does not match its declared size");
        }
        return img.getRGB(0, 0, fr.width(), fr.height(), null, 0, fr.width());
    }
}
