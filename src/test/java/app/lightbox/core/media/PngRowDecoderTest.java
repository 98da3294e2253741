package app.lightbox.core.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The row-by-row PNG path against the pixels the test wrote: PNGs are encoded here with every filter type,
 * ImageIO confirms it reads the same samples, and the thumbnail must equal an area average computed the
 * slow way. Files the fast path does not take must come back {@code null} and still decode through ImageIO.
 */
class PngRowDecoderTest {

    /** The colour types and 8-bit layouts the fast path handles. */
    enum Kind {
        GRAY(0, 1), RGB(2, 3), PALETTE(3, 1), PALETTE_ALPHA(3, 1), GRAY_ALPHA(4, 2), RGBA(6, 4);

        final int colourType;
        final int channels;

        Kind(int colourType, int channels) {
            this.colourType = colourType;
            this.channels = channels;
        }
    }

    /** A source picture: straight (not premultiplied) ARGB, and the PNG that holds it. */
    record Picture(int w, int h, int[] argb, byte[] png) {
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void thumbnailsAreTheAreaAverageOfWhatImageIoReads(Kind kind) throws Exception {
        for (int[] size : new int[][] {{301, 177}, {97, 211}, {320, 240}, {257, 256}}) {
            Picture p = picture(kind, size[0], size[1], 65536, new Random(size[0] * 31L + kind.ordinal()));
            assertImageIoReads(kind, p);
            for (int side : new int[] {256, 100, 37, 1}) {
                int[] fit = ThumbnailDecoder.fit(p.w(), p.h(), side);
                Thumbnail t = PngRowDecoder.decode(p.png(), fit[0], fit[1]);
                assertNotNull(t, kind + " is decoded by the fast path");
                assertEquals(p.w(), t.sourceWidth());
                assertEquals(p.h(), t.sourceHeight());
                assertClose(areaAverage(p, fit[0], fit[1]), t.argb(), kind + " " + p.w() + "x" + p.h() + " → " + side);
                assertArrayEquals(t.argb(), new ThumbnailDecoder().decode(p.png(), side).argb(),
                        "the decoder takes the fast path");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void atFullSizeEveryPixelComesBackExactly(Kind kind) throws Exception {
        Picture p = picture(kind, 67, 45, 65536, new Random(7));
        Thumbnail t = PngRowDecoder.decode(p.png(), 67, 45);
        assertNotNull(t);
        int[] expected = p.argb().clone();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] >>> 24 == 0) {
                expected[i] = 0;
            }
        }
        assertArrayEquals(expected, t.argb());
    }

    @Test
    void compressedDataSplitIntoTinyChunksDecodesTheSame() throws Exception {
        Picture whole = picture(Kind.RGB, 123, 77, 65536, new Random(3));
        Picture split = picture(Kind.RGB, 123, 77, 7, new Random(3));
        assertTrue(split.png().length > whole.png().length + 1000, "many IDAT chunks");
        assertArrayEquals(PngRowDecoder.decode(whole.png(), 40, 25).argb(), PngRowDecoder.decode(split.png(), 40, 25).argb());
    }

    @Test
    void otherPngsAreLeftToImageIoAndStillDecode() throws Exception {
        BufferedImage rgb16 = new BufferedImage(64, 40, BufferedImage.TYPE_USHORT_GRAY);
        byte[] sixteenBit = TestImages.write(rgb16, "png");
        assertNull(PngRowDecoder.decode(sixteenBit, 32, 20), "16-bit");
        assertEquals(32, new ThumbnailDecoder().decode(sixteenBit, 32).width());

        Picture p = picture(Kind.RGB, 50, 30, 65536, new Random(5));
        byte[] interlaced = p.png().clone();
        interlaced[28] = 1;
        fixCrc(interlaced, 8);
        assertNull(PngRowDecoder.decode(interlaced, 50, 30), "interlaced");

        byte[] badCrc = p.png().clone();
        badCrc[badCrc.length - 20] ^= 0x55;
        assertNull(PngRowDecoder.decode(badCrc, 50, 30), "CRC mismatch");

        byte[] cut = withIdatData(p, Arrays.copyOf(idatData(p), idatData(p).length / 2));
        assertNull(PngRowDecoder.decode(cut, 50, 30), "compressed data ends early");

        byte[] garbage = idatData(p).clone();
        Arrays.fill(garbage, 10, garbage.length, (byte) 0x5A);
        assertNull(PngRowDecoder.decode(withIdatData(p, garbage), 50, 30), "damaged compressed data");

        byte[] unknownCritical = insertBeforeIdat(p.png(), chunk("ABCD", new byte[4]));
        assertNull(PngRowDecoder.decode(unknownCritical, 50, 30), "unknown critical chunk");
        byte[] unknownAncillary = insertBeforeIdat(p.png(), chunk("abCD", new byte[4]));
        assertNotNull(PngRowDecoder.decode(unknownAncillary, 50, 30), "an ancillary chunk is skipped");

        byte[] colourKey = insertBeforeIdat(p.png(), chunk("tRNS", new byte[6]));
        assertNull(PngRowDecoder.decode(colourKey, 50, 30), "colour-key transparency");
        assertEquals(50, new ThumbnailDecoder().decode(colourKey, 256).width());
    }

    @Test
    void aBombIsRefusedByItsHeaderBeforeTheFastPathRuns() {
        byte[] bomb = TestImages.pngBomb(30_000, 30_000);
        MediaDecodeException e = org.junit.jupiter.api.Assertions.assertThrows(MediaDecodeException.class,
                () -> new ThumbnailDecoder().decode(bomb, 256));
        assertTrue(e.getMessage().contains("30000"), e.getMessage());
        // Within the pixel limit it is merely short of data: the fast path declines, ImageIO reports damage.
        byte[] short16k = TestImages.pngBomb(16_000, 16_000);
        assertNull(PngRowDecoder.decode(short16k, 256, 256));
    }

    // ---- pictures and files

    static Picture picture(Kind kind, int w, int h, int chunkSize, Random r) throws Exception {
        int[] palette = new int[200];
        for (int i = 0; i < palette.length; i++) {
            int alpha = kind == Kind.PALETTE_ALPHA ? (i % 5 == 0 ? 0 : r.nextInt(256)) : 255;
            palette[i] = alpha << 24 | r.nextInt(1 << 24);
        }
        int[] argb = new int[w * h];
        byte[] raw = new byte[w * kind.channels * h];
        int o = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Smooth gradients with noise, so every filter type has work to do.
                int base = (x * 255 / Math.max(1, w - 1) + y * 3) & 0xFF;
                int g = clamp(base + r.nextInt(31) - 15);
                int red = clamp(255 - base + r.nextInt(17) - 8);
                int b = clamp((x ^ y) & 0xFF);
                int a = clamp((y * 255 / Math.max(1, h - 1)) + r.nextInt(9) - 4);
                if ((x / 7 + y / 5) % 4 == 0) {
                    a = 0;
                }
                int px;
                switch (kind) {
                    case GRAY -> {
                        raw[o++] = (byte) g;
                        px = 0xFF000000 | g << 16 | g << 8 | g;
                    }
                    case GRAY_ALPHA -> {
                        raw[o++] = (byte) g;
                        raw[o++] = (byte) a;
                        px = a << 24 | g << 16 | g << 8 | g;
                    }
                    case RGB -> {
                        raw[o++] = (byte) red;
                        raw[o++] = (byte) g;
                        raw[o++] = (byte) b;
                        px = 0xFF000000 | red << 16 | g << 8 | b;
                    }
                    case RGBA -> {
                        raw[o++] = (byte) red;
                        raw[o++] = (byte) g;
                        raw[o++] = (byte) b;
                        raw[o++] = (byte) a;
                        px = a << 24 | red << 16 | g << 8 | b;
                    }
                    default -> {
                        int i = (g + x / 9) % palette.length;
                        raw[o++] = (byte) i;
                        px = palette[i];
                    }
                }
                argb[y * w + x] = px;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        out.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8)
                .put((byte) kind.colourType).put((byte) 0).put((byte) 0).put((byte) 0).array()));
        out.writeBytes(chunk("gAMA", ByteBuffer.allocate(4).putInt(45455).array()));
        if (kind == Kind.PALETTE || kind == Kind.PALETTE_ALPHA) {
            byte[] plte = new byte[palette.length * 3];
            byte[] trns = new byte[palette.length - 20];
            for (int i = 0; i < palette.length; i++) {
                plte[i * 3] = (byte) (palette[i] >> 16);
                plte[i * 3 + 1] = (byte) (palette[i] >> 8);
                plte[i * 3 + 2] = (byte) palette[i];
                if (i < trns.length) {
                    trns[i] = (byte) (palette[i] >>> 24);
                }
            }
            out.writeBytes(chunk("PLTE", plte));
            if (kind == Kind.PALETTE_ALPHA) {
                // Shorter than the palette: the entries after it are opaque.
                out.writeBytes(chunk("tRNS", trns));
                for (int i = trns.length; i < palette.length; i++) {
                    palette[i] |= 0xFF000000;
                }
                for (int i = 0; i < argb.length; i++) {
                    int idx = raw[i] & 0xFF;
                    argb[i] = palette[idx];
                }
            }
        }
        byte[] filtered = filter(raw, w * kind.channels, h, kind.channels);
        Deflater d = new Deflater(6);
        d.setInput(filtered);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            z.write(buf, 0, d.deflate(buf));
        }
        d.end();
        byte[] data = z.toByteArray();
        for (int i = 0; i < data.length; i += chunkSize) {
            out.writeBytes(chunk("IDAT", Arrays.copyOfRange(data, i, Math.min(data.length, i + chunkSize))));
        }
        out.writeBytes(chunk("tEXt", "prompt\0{\"1\":{}}".getBytes(StandardCharsets.ISO_8859_1)));
        out.writeBytes(chunk("IEND", new byte[0]));
        return new Picture(w, h, argb, out.toByteArray());
    }

    /** Row y gets filter type y % 5, so every type is met, including on the first row. */
    static byte[] filter(byte[] raw, int stride, int h, int bpp) {
        byte[] out = new byte[(stride + 1) * h];
        for (int y = 0; y < h; y++) {
            int type = y % 5;
            out[y * (stride + 1)] = (byte) type;
            for (int i = 0; i < stride; i++) {
                int x = raw[y * stride + i] & 0xFF;
                int a = i >= bpp ? raw[y * stride + i - bpp] & 0xFF : 0;
                int b = y > 0 ? raw[(y - 1) * stride + i] & 0xFF : 0;
                int c = i >= bpp && y > 0 ? raw[(y - 1) * stride + i - bpp] & 0xFF : 0;
                int pred = switch (type) {
                    case 0 -> 0;
                    case 1 -> a;
                    case 2 -> b;
                    case 3 -> (a + b) >>> 1;
                    default -> {
                        int p = a + b - c;
                        int pa = Math.abs(p - a);
                        int pb = Math.abs(p - b);
                        int pc = Math.abs(p - c);
                        yield pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                    }
                };
                out[y * (stride + 1) + 1 + i] = (byte) (x - pred);
            }
        }
        return out;
    }

    /** The test's encoder is checked against ImageIO: same samples, band by band. */
    private static void assertImageIoReads(Kind kind, Picture p) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(p.png()));
        Raster r = img.getRaster();
        for (int y = 0; y < p.h(); y += 13) {
            for (int x = 0; x < p.w(); x += 11) {
                int px = p.argb()[y * p.w() + x];
                int expected;
                int actual;
                switch (kind) {
                    case GRAY -> {
                        expected = px & 0xFF;
                        actual = r.getSample(x, y, 0);
                    }
                    case GRAY_ALPHA -> {
                        expected = (px & 0xFF) | (px >>> 24) << 8;
                        actual = r.getSample(x, y, 0) | r.getSample(x, y, 1) << 8;
                    }
                    default -> {
                        expected = px;
                        actual = img.getRGB(x, y);
                    }
                }
                assertEquals(expected, actual, kind + " at " + x + "," + y);
            }
        }
    }

    /** Exact area averaging in doubles, colours weighted by alpha. */
    static int[] areaAverage(Picture p, int tw, int th) {
        double sx = (double) p.w() / tw;
        double sy = (double) p.h() / th;
        int[] out = new int[tw * th];
        for (int oy = 0; oy < th; oy++) {
            for (int ox = 0; ox < tw; ox++) {
                double a = 0;
                double r = 0;
                double g = 0;
                double b = 0;
                double area = 0;
                for (int y = (int) Math.floor(oy * sy); y < Math.min(p.h(), Math.ceil((oy + 1) * sy)); y++) {
                    double wy = Math.min(y + 1, (oy + 1) * sy) - Math.max(y, oy * sy);
                    for (int x = (int) Math.floor(ox * sx); x < Math.min(p.w(), Math.ceil((ox + 1) * sx)); x++) {
                        double wx = Math.min(x + 1, (ox + 1) * sx) - Math.max(x, ox * sx);
                        int px = p.argb()[y * p.w() + x];
                        double wa = wx * wy * (px >>> 24);
                        a += wa;
                        r += wa * (px >> 16 & 0xFF);
                        g += wa * (px >> 8 & 0xFF);
                        b += wa * (px & 0xFF);
                        area += wx * wy;
                    }
                }
                out[oy * tw + ox] = a == 0 ? 0 : (int) Math.round(a / area) << 24 | (int) Math.round(r / a) << 16
                        | (int) Math.round(g / a) << 8 | (int) Math.round(b / a);
            }
        }
        return out;
    }

    private static void assertClose(int[] expected, int[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            int e = expected[i];
            int a = actual[i];
            int alphaE = e >>> 24;
            // Colour under a nearly transparent pixel is too faint to matter, and rounds more.
            int tolerance = alphaE == 0 ? 0 : alphaE < 8 ? 255 : 1;
            for (int shift = 0; shift < 32; shift += 8) {
                int d = Math.abs((e >>> shift & 0xFF) - (a >>> shift & 0xFF));
                int allowed = shift == 24 ? Math.min(1, tolerance) : tolerance;
                assertTrue(d <= allowed, what + ": pixel " + i + " expected " + Integer.toHexString(e)
                        + " but was " + Integer.toHexString(a));
            }
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Recomputes the CRC of the chunk at {@code pos} after a test changed its data. */
    private static void fixCrc(byte[] png, int pos) {
        int len = ByteBuffer.wrap(png, pos, 4).getInt();
        CRC32 crc = new CRC32();
        crc.update(png, pos + 4, len + 4);
        ByteBuffer.wrap(png, pos + 8 + len, 4).putInt((int) crc.getValue());
    }

    private static byte[] idatData(Picture p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = p.png();
        for (int pos = 8; pos < b.length; ) {
            int len = ByteBuffer.wrap(b, pos, 4).getInt();
            if (new String(b, pos + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
                out.write(b, pos + 8, len);
            }
            pos += 12 + len;
        }
        return out.toByteArray();
    }

    /** The same file with its compressed data replaced by {@code data} in one IDAT chunk. */
    private static byte[] withIdatData(Picture p, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = p.png();
        out.write(b, 0, 8);
        boolean written = false;
        for (int pos = 8; pos < b.length; ) {
            int len = ByteBuffer.wrap(b, pos, 4).getInt();
            if (new String(b, pos + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
                if (!written) {
                    out.writeBytes(chunk("IDAT", data));
                    written = true;
                }
            } else {
                out.write(b, pos, 12 + len);
            }
            pos += 12 + len;
        }
        return out.toByteArray();
    }

    private static byte[] insertBeforeIdat(byte[] b, byte[] chunk) {
        for (int pos = 8; pos < b.length; ) {
            int len = ByteBuffer.wrap(b, pos, 4).getInt();
            if (new String(b, pos + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(b, 0, pos);
                out.writeBytes(chunk);
                out.write(b, pos, b.length - pos);
                return out.toByteArray();
            }
            pos += 12 + len;
        }
        throw new IllegalArgumentException("no IDAT");
    }
}
