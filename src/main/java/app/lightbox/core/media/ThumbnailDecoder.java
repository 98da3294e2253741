package app.lightbox.core.media;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Decodes image bytes (PNG, JPEG, GIF, still and animated WebP) into a {@link Thumbnail} whose longest side
 * is at most {@code maxSide}. The type comes from the bytes, not the name. A header that claims an absurd
 * size is refused before anything is allocated, and no large image becomes a full-size bitmap: 8-bit PNGs
 * are averaged into the thumbnail row by row as they are inflated ({@link PngRowDecoder}); other images are
 * read through ImageIO with source subsampling, then area-averaged where the reader gives plain RGB bytes.
 * Runs on the decode pool, never on the FX thread.
 */
public final class ThumbnailDecoder {

    /** Anything claiming more pixels than this is refused before decoding (decompression bombs). */
    static final long MAX_SOURCE_PIXELS = 16_384L * 16_384L;

    public Thumbnail decode(byte[] bytes, int maxSide) throws MediaDecodeException {
        checkSide(maxSide);
        MediaType type = imageTypeOf(bytes);
        if (type == MediaType.WEBP_ANIMATED) {
            return WebPAnimation.decode(WebPContainer.parse(bytes), maxSide, 1).frame(0).image();
        }
        return decodeStill(bytes, type, maxSide);
    }

    /**
     * Every frame of an animated WebP, composited; any other image comes back as a single frame.
     * Frames are scaled to fit {@code maxSide} (and a memory budget for long animations).
     */
    public AnimatedImage decodeAnimation(byte[] bytes, int maxSide) throws MediaDecodeException {
        checkSide(maxSide);
        MediaType type = imageTypeOf(bytes);
        if (type == MediaType.WEBP_ANIMATED) {
            return WebPAnimation.decode(WebPContainer.parse(bytes), maxSide, Integer.MAX_VALUE);
        }
        Thumbnail still = decodeStill(bytes, type, maxSide);
        return new AnimatedImage(still.width(), still.height(), still.sourceWidth(), still.sourceHeight(), 0, 0,
                java.util.List.of(new AnimatedImage.Frame(still, 0)));
    }

    /** The image type the bytes show, or a per-item explanation of why they are no image. */
    static MediaType imageTypeOf(byte[] bytes) throws MediaDecodeException {
        MediaType type = MediaType.sniff(bytes);
        switch (type) {
            case PNG, JPEG, GIF, WEBP, WEBP_ANIMATED -> {
                return type;
            }
            case EMPTY -> throw new NotAnImageException(type, "The file is empty");
            case HTML -> throw new NotAnImageException(type, "This is an HTML page, not an image");
            case TEXT -> throw new NotAnImageException(type, "This is a text file, not an image");
            case UNKNOWN -> throw new NotAnImageException(type, "Lightbox can't read this kind of file");
            default -> throw new NotAnImageException(type, "This is " + article(type.label()) + ", not an image");
        }
    }

    private static Thumbnail decodeStill(byte[] bytes, MediaType type, int maxSide) throws MediaDecodeException {
        if (type == MediaType.PNG) {
            Thumbnail t = decodeCommonPng(bytes, maxSide);
            if (t != null) {
                return t;
            }
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new MediaDecodeException("Lightbox has no decoder for " + type.label() + " images");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w;
                int h;
                try {
                    w = reader.getWidth(0);
                    h = reader.getHeight(0);
                } catch (IOException e) {
                    // Not even the header could be read.
                    IntactCheck.check(type, bytes);
                    throw e;
                }
                if (w <= 0 || h <= 0) {
                    throw new MediaDecodeException("The " + type.label() + " header gives no usable size");
                }
                if ((long) w * h > MAX_SOURCE_PIXELS) {
                    throw new MediaDecodeException(tooLarge(w, h));
                }
                IntactCheck.check(type, bytes);
                ImageReadParam param = reader.getDefaultReadParam();
                int sub = Math.max(1, Math.max(w, h) / (maxSide * 2));
                if (sub > 1) {
                    param.setSourceSubsampling(sub, sub, 0, 0);
                }
                if (type == MediaType.JPEG && defaultsTo3ByteBgr(reader)) {
                    // The reader's rows are RGB: into an RGB image they go by array copy, into its default
                    // BGR one pixel by pixel. The pixels are the same.
                    param.setDestination(rgbImage((w + sub - 1) / sub, (h + sub - 1) / sub));
                }
                BufferedImage img = reader.read(0, param);
                return scale(img, maxSide, w, h);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new MediaDecodeException("The " + type.label() + " image is damaged and can't be shown", e);
        }
    }

    /** The 8-bit PNGs most outputs are, read row by row at thumbnail size; {@code null} leaves it to ImageIO. */
    private static Thumbnail decodeCommonPng(byte[] bytes, int maxSide) throws MediaDecodeException {
        int[] size = PngRowDecoder.size(bytes);
        if (size == null) {
            return null;
        }
        int w = size[0];
        int h = size[1];
        if ((long) w * h > MAX_SOURCE_PIXELS) {
            throw new MediaDecodeException(tooLarge(w, h));
        }
        IntactCheck.check(MediaType.PNG, bytes);
        int[] fit = fit(w, h, maxSide);
        return PngRowDecoder.decode(bytes, fit[0], fit[1]);
    }

    /** Width and height of a {@code w}×{@code h} picture shrunk to fit {@code maxSide}, never enlarged. */
    static int[] fit(int w, int h, int maxSide) {
        double f = Math.min(1.0, (double) maxSide / Math.max(w, h));
        return new int[] {Math.max(1, (int) Math.round(w * f)), Math.max(1, (int) Math.round(h * f))};
    }

    static String tooLarge(int w, int h) {
        return "The image claims to be " + w + "×" + h + " pixels, too large to open safely";
    }

    private static void checkSide(int maxSide) {
        if (maxSide < 1) {
            throw new IllegalArgumentException("maxSide must be positive: " + maxSide);
        }
    }

    private static String article(String label) {
        return ("aeiou".indexOf(Character.toLowerCase(label.charAt(0))) >= 0 || label.startsWith("MP4") ? "an " : "a ")
                + label;
    }

    static Thumbnail scale(BufferedImage img, int maxSide, int sourceW, int sourceH) {
        int w = img.getWidth();
        int h = img.getHeight();
        double f = Math.min(1.0, (double) maxSide / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * f));
        int th = Math.max(1, (int) Math.round(h * f));
        if (tw == w && th == h) {
            return new Thumbnail(w, h, argb(img), sourceW, sourceH);
        }
        AreaShrinker.Layout layout = threeByteLayout(img);
        if (layout != null) {
            // What the JPEG reader gives: averaged straight from its bytes, without Java2D's bilinear pass.
            AreaShrinker shrinker = new AreaShrinker(w, h, tw, th, layout);
            byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            for (int y = 0; y < h; y++) {
                shrinker.addRow(data, y * w * 3);
            }
            return new Thumbnail(tw, th, shrinker.thumbnail().argb(), sourceW, sourceH);
        }
        return draw(img, tw, th, sourceW, sourceH);
    }

    /**
     * A thumbnail file this app wrote, read with the reader its extension names ({@code jpg} or {@code png})
     * rather than by asking every installed reader whether it knows the bytes; null if none reads it.
     */
    static BufferedImage readThumbnailFile(byte[] bytes, String extension) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersBySuffix(extension);
        if (!readers.hasNext()) {
            return null;
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    /** The image's pixels as ARGB; for the JPEG reader's three bytes a pixel without Java2D's per-pixel path. */
    static int[] argb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        AreaShrinker.Layout layout = threeByteLayout(img);
        if (layout == null) {
            return img.getRGB(0, 0, w, h, null, 0, w);
        }
        byte[] data = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        int r = layout == AreaShrinker.Layout.RGB ? 0 : 2;
        int b = 2 - r;
        int[] out = new int[w * h];
        for (int i = 0, j = 0; i < out.length; i++, j += 3) {
            out[i] = 0xFF000000 | (data[j + r] & 0xFF) << 16 | (data[j + 1] & 0xFF) << 8 | (data[j + b] & 0xFF);
        }
        return out;
    }

    /** RGB or BGR for an opaque sRGB image of three bytes a pixel, rows packed from index 0; else null. */
    private static AreaShrinker.Layout threeByteLayout(BufferedImage img) {
        WritableRaster raster = img.getRaster();
        if (!(raster.getDataBuffer() instanceof DataBufferByte buffer)
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || !(img.getColorModel() instanceof ComponentColorModel cm)
                || cm.hasAlpha() || !cm.getColorSpace().isCS_sRGB()
                || model.getNumBands() != 3 || model.getPixelStride() != 3 || model.getScanlineStride() != img.getWidth() * 3
                || buffer.getNumBanks() != 1 || buffer.getOffset() != 0
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return null;
        }
        int[] bands = model.getBandOffsets();
        if (bands[0] == 0 && bands[1] == 1 && bands[2] == 2) {
            return AreaShrinker.Layout.RGB;
        }
        if (bands[0] == 2 && bands[1] == 1 && bands[2] == 0) {
            return AreaShrinker.Layout.BGR;
        }
        return null;
    }

    private static boolean defaultsTo3ByteBgr(ImageReader reader) throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        return types.hasNext() && types.next().getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR;
    }

    private static BufferedImage rgbImage(int w, int h) {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, w * 3, 3, new int[] {0, 1, 2}, null);
        return new BufferedImage(cm, raster, false, null);
    }

    static Thumbnail scale(int[] argb, int w, int h, int tw, int th, int sourceW, int sourceH) {
        BufferedImage src = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        src.setRGB(0, 0, w, h, argb, 0, w);
        return draw(src, tw, th, sourceW, sourceH);
    }

    private static Thumbnail draw(BufferedImage img, int tw, int th, int sourceW, int sourceH) {
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
