package app.lightbox.core.media;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * Image files written by the tests themselves. Lossless WebP (VP8L) is emitted bit by bit: with at most two
 * distinct values per channel every prefix code is a "simple" code, so no Huffman tables are needed.
 */
final class TestImages {

    static final int RED = 0xFFFF0000;
    static final int GREEN = 0xFF00FF00;
    static final int BLUE = 0xFF0000FF;
    static final int WHITE = 0xFFFFFFFF;
    static final int CLEAR = 0x00000000;

    private TestImages() {
    }

    /** One ANMF frame to write. */
    record Frame(int x, int y, int width, int height, int[] argb, int durationMillis, boolean blend, boolean dispose) {

        static Frame solid(int x, int y, int w, int h, int argb, int durationMillis, boolean blend, boolean dispose) {
            int[] px = new int[w * h];
            Arrays.fill(px, argb);
            return new Frame(x, y, w, h, px, durationMillis, blend, dispose);
        }
    }

    static int[] solid(int w, int h, int argb) {
        int[] px = new int[w * h];
        Arrays.fill(px, argb);
        return px;
    }

    // ---- WebP

    static byte[] losslessWebP(int w, int h, int[] argb) {
        return riff(chunk("VP8L", vp8l(w, h, argb)));
    }

    static byte[] animatedWebP(int canvasW, int canvasH, int backgroundArgb, int loops, List<Frame> frames) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] vp8x = new byte[10];
        vp8x[0] = 0x02 | 0x10;
        put24(vp8x, 4, canvasW - 1);
        put24(vp8x, 7, canvasH - 1);
        body.writeBytes(chunk("VP8X", vp8x));
        byte[] anim = new byte[6];
        anim[0] = (byte) backgroundArgb; // blue
        anim[1] = (byte) (backgroundArgb >>> 8);
        anim[2] = (byte) (backgroundArgb >>> 16);
        anim[3] = (byte) (backgroundArgb >>> 24);
        anim[4] = (byte) loops;
        anim[5] = (byte) (loops >>> 8);
        body.writeBytes(chunk("ANIM", anim));
        for (Frame f : frames) {
            if (f.x() % 2 != 0 || f.y() % 2 != 0) {
                throw new IllegalArgumentException("WebP frame offsets are even");
            }
            ByteArrayOutputStream anmf = new ByteArrayOutputStream();
            byte[] head = new byte[16];
            put24(head, 0, f.x() / 2);
            put24(head, 3, f.y() / 2);
            put24(head, 6, f.width() - 1);
            put24(head, 9, f.height() - 1);
            put24(head, 12, f.durationMillis());
            head[15] = (byte) ((f.blend() ? 0 : 0x02) | (f.dispose() ? 0x01 : 0));
            anmf.writeBytes(head);
            anmf.writeBytes(chunk("VP8L", vp8l(f.width(), f.height(), f.argb())));
            body.writeBytes(chunk("ANMF", anmf.toByteArray()));
        }
        return riff(body.toByteArray());
    }

    static byte[] vp8l(int w, int h, int[] argb) {
        BitWriter bits = new BitWriter();
        bits.write(0x2F, 8);
        bits.write(w - 1, 14);
        bits.write(h - 1, 14);
        boolean alpha = Arrays.stream(argb).anyMatch(p -> p >>> 24 != 0xFF);
        bits.write(alpha ? 1 : 0, 1);
        bits.write(0, 3); // version
        bits.write(0, 1); // no transform
        bits.write(0, 1); // no colour cache
        bits.write(0, 1); // no meta prefix codes
        int[][] symbols = new int[4][];
        int[] shifts = {8, 16, 0, 24}; // green, red, blue, alpha
        for (int c = 0; c < 4; c++) {
            TreeSet<Integer> values = new TreeSet<>();
            for (int p : argb) {
                values.add(p >>> shifts[c] & 0xFF);
            }
            if (values.size() > 2) {
                throw new IllegalArgumentException("at most two values per channel");
            }
            symbols[c] = values.stream().mapToInt(Integer::intValue).toArray();
            simpleCode(bits, symbols[c]);
        }
        simpleCode(bits, new int[]{0}); // distance code, unused
        for (int p : argb) {
            for (int c = 0; c < 4; c++) {
                if (symbols[c].length == 2) {
                    // Both symbols have length 1; the canonical code gives 0 to the smaller one.
                    bits.write((p >>> shifts[c] & 0xFF) == symbols[c][0] ? 0 : 1, 1);
                }
            }
        }
        return bits.toByteArray();
    }

    private static void simpleCode(BitWriter bits, int[] symbols) {
        bits.write(1, 1); // simple code
        bits.write(symbols.length - 1, 1);
        bits.write(1, 1); // first symbol takes 8 bits
        bits.write(symbols[0], 8);
        if (symbols.length == 2) {
            bits.write(symbols[1], 8);
        }
    }

    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        void write(int value, int count) {
            acc |= ((long) value & ((1L << count) - 1)) << n;
            n += count;
            while (n >= 8) {
                out.write((int) (acc & 0xFF));
                acc >>>= 8;
                n -= 8;
            }
        }

        byte[] toByteArray() {
            if (n > 0) {
                out.write((int) (acc & 0xFF));
                acc = 0;
                n = 0;
            }
            return out.toByteArray();
        }
    }

    static byte[] riff(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        byte[] size = new byte[4];
        put32(size, 0, payload.length + 4);
        out.writeBytes(size);
        out.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] chunk(String id, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        byte[] size = new byte[4];
        put32(size, 0, data.length);
        out.writeBytes(size);
        out.writeBytes(data);
        if (data.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    static void put24(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
    }

    static void put32(byte[] b, int p, int v) {
        put24(b, p, v);
        b[p + 3] = (byte) (v >>> 24);
    }

    // ---- JDK formats

    static byte[] png(int w, int h, int argb) {
        return write(image(w, h, argb, BufferedImage.TYPE_INT_ARGB), "png");
    }

    static byte[] jpeg(int w, int h, int rgb) {
        return write(image(w, h, rgb, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    static byte[] gif(int w, int h, int rgb) {
        return write(image(w, h, rgb, BufferedImage.TYPE_INT_RGB), "gif");
    }

    static BufferedImage image(int w, int h, int argb, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        img.setRGB(0, 0, w, h, solid(w, h, argb), 0, w);
        return img;
    }

    static byte[] write(BufferedImage img, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG whose header claims {@code w}×{@code h} but which holds only a few bytes of image data. */
    static byte[] pngBomb(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = new byte[13];
        putBe(ihdr, 0, w);
        putBe(ihdr, 4, h);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        out.writeBytes(pngChunk("IHDR", ihdr));
        out.writeBytes(pngChunk("IDAT", new byte[]{0x78, (byte) 0x9C, 0x03, 0x00}));
        out.writeBytes(pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] out = new byte[12 + data.length];
        putBe(out, 0, data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, out, 4, 4);
        System.arraycopy(data, 0, out, 8, data.length);
        CRC32 crc = new CRC32();
        crc.update(out, 4, 4 + data.length);
        putBe(out, 8 + data.length, (int) crc.getValue());
        return out;
    }

    private static void putBe(byte[] b, int p, int v) {
        b[p] = (byte) (v >>> 24);
        b[p + 1] = (byte) (v >>> 16);
        b[p + 2] = (byte) (v >>> 8);
        b[p + 3] = (byte) v;
    }

    static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] cut(byte[] b, int keep) {
        return Arrays.copyOf(b, keep);
    }
}
