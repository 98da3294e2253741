package app.lightbox.core.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The RIFF structure of a WebP file: canvas, animation parameters and each ANMF frame's placement, read by
 * hand because ImageIO readers hand out frames without saying how to put them together. Each frame's image
 * data is re-wrapped as a standalone still WebP so an ordinary reader can decode it.
 */
final class WebPContainer {

    static final int FLAG_ANIMATION = 0x02;
    static final int FLAG_ALPHA = 0x10;

    /** One ANMF frame: where it goes, how long it shows, and how it meets the canvas. */
    record Frame(int x, int y, int width, int height, int durationMillis, boolean blend, boolean disposeToBackground,
                 byte[] stillWebP) {
    }

    final int canvasWidth;
    final int canvasHeight;
    final boolean animated;
    /** ARGB; ANIM stores it as blue, green, red, alpha. */
    final int backgroundArgb;
    /** 0 means forever. */
    final int loopCount;
    final List<Frame> frames;

    private WebPContainer(int canvasWidth, int canvasHeight, boolean animated, int backgroundArgb, int loopCount,
                          List<Frame> frames) {
        this.canvasWidth = canvasWidth;
        this.canvasHeight = canvasHeight;
        this.animated = animated;
        this.backgroundArgb = backgroundArgb;
        this.loopCount = loopCount;
        this.frames = List.copyOf(frames);
    }

    static WebPContainer parse(byte[] b) throws MediaDecodeException {
        if (b.length < 12 || !fourCc(b, 0).equals("RIFF") || !fourCc(b, 8).equals("WEBP")) {
            throw new MediaDecodeException("This is not a WebP file");
        }
        long riffEnd = 8 + u32(b, 4);
        if (riffEnd > b.length) {
            throw new MediaDecodeException(MediaDecodeException.truncated("WebP"));
        }
        int end = (int) riffEnd;
        int canvasW = 0;
        int canvasH = 0;
        boolean animated = false;
        int background = 0;
        int loops = 0;
        List<Frame> frames = new ArrayList<>();
        int pos = 12;
        boolean first = true;
        while (pos + 8 <= end) {
            String id = fourCc(b, pos);
            long size = u32(b, pos + 4);
            int data = pos + 8;
            if (data + size > end) {
                throw new MediaDecodeException(MediaDecodeException.truncated("WebP"));
            }
            int len = (int) size;
            switch (id) {
                case "VP8X" -> {
                    if (len < 10) {
                        throw damaged();
                    }
                    animated = (b[data] & FLAG_ANIMATION) != 0;
                    canvasW = u24(b, data + 4) + 1;
                    canvasH = u24(b, data + 7) + 1;
                }
                case "ANIM" -> {
                    if (len < 6) {
                        throw damaged();
                    }
                    int blue = b[data] & 0xFF;
                    int green = b[data + 1] & 0xFF;
                    int red = b[data + 2] & 0xFF;
                    int alpha = b[data + 3] & 0xFF;
                    background = alpha << 24 | red << 16 | green << 8 | blue;
                    loops = u16(b, data + 4);
                }
                case "ANMF" -> frames.add(frame(b, data, len));
                case "VP8 ", "VP8L" -> {
                    if (first) {
                        int[] dims = bitstreamSize(id, b, data, len);
                        canvasW = dims[0];
                        canvasH = dims[1];
                    }
                }
                default -> {
                    // ICCP, EXIF, XMP, ALPH of a still image, unknown chunks: not needed for placement.
                }
            }
            first = false;
            pos = data + len + (len & 1);
        }
        if (pos < end && pos + 8 > end) {
            throw damaged();
        }
        if (canvasW <= 0 || canvasH <= 0) {
            throw damaged();
        }
        if (animated && frames.isEmpty()) {
            throw new MediaDecodeException("This animated WebP has no frames");
        }
        return new WebPContainer(canvasW, canvasH, animated, background, loops, frames);
    }

    private static Frame frame(byte[] b, int data, int len) throws MediaDecodeException {
        if (len < 16) {
            throw damaged();
        }
        int x = u24(b, data) * 2;
        int y = u24(b, data + 3) * 2;
        int w = u24(b, data + 6) + 1;
        int h = u24(b, data + 9) + 1;
        int duration = u24(b, data + 12);
        int flags = b[data + 15] & 0xFF;
        boolean noBlend = (flags & 0x02) != 0;
        boolean dispose = (flags & 0x01) != 0;
        byte[] alph = null;
        byte[] bitstream = null;
        String bitstreamId = null;
        int pos = data + 16;
        int end = data + len;
        while (pos + 8 <= end) {
            String id = fourCc(b, pos);
            long size = u32(b, pos + 4);
            int sub = pos + 8;
            if (sub + size > end) {
                throw new MediaDecodeException(MediaDecodeException.truncated("WebP"));
            }
            int n = (int) size;
            if (id.equals("ALPH") && alph == null && bitstream == null) {
                alph = chunk(id, b, sub, n);
            } else if ((id.equals("VP8 ") || id.equals("VP8L")) && bitstream == null) {
                bitstream = chunk(id, b, sub, n);
                bitstreamId = id;
            }
            pos = sub + n + (n & 1);
        }
        if (bitstream == null) {
            throw new MediaDecodeException("A frame of this animated WebP has no image data");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        // Lossy frames carry transparency in a separate ALPH chunk, which a still WebP only allows after VP8X.
        if (alph != null && bitstreamId.equals("VP8 ")) {
            byte[] vp8x = new byte[10];
            vp8x[0] = (byte) FLAG_ALPHA;
            put24(vp8x, 4, w - 1);
            put24(vp8x, 7, h - 1);
            body.writeBytes(chunk("VP8X", vp8x, 0, 10));
            body.writeBytes(alph);
        }
        body.writeBytes(bitstream);
        byte[] payload = body.toByteArray();
        ByteArrayOutputStream still = new ByteArrayOutputStream(payload.length + 8);
        still.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        byte[] size = new byte[4];
        put32(size, 0, payload.length);
        still.writeBytes(size);
        still.writeBytes(payload);
        return new Frame(x, y, w, h, duration, !noBlend, dispose, still.toByteArray());
    }

    private static int[] bitstreamSize(String id, byte[] b, int data, int len) throws MediaDecodeException {
        if (id.equals("VP8L")) {
            if (len < 5 || (b[data] & 0xFF) != 0x2F) {
                throw damaged();
            }
            long bits = u32(b, data + 1);
            return new int[]{(int) (bits & 0x3FFF) + 1, (int) ((bits >>> 14) & 0x3FFF) + 1};
        }
        if (len < 10 || (b[data + 3] & 0xFF) != 0x9D || (b[data + 4] & 0xFF) != 0x01 || (b[data + 5] & 0xFF) != 0x2A) {
            throw damaged();
        }
        return new int[]{u16(b, data + 6) & 0x3FFF, u16(b, data + 8) & 0x3FFF};
    }

    /** A chunk with its header and padding, copied out of {@code b}. */
    private static byte[] chunk(String id, byte[] b, int data, int len) {
        byte[] out = new byte[8 + len + (len & 1)];
        byte[] fourCc = id.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(fourCc, 0, out, 0, 4);
        put32(out, 4, len);
        System.arraycopy(b, data, out, 8, len);
        return out;
    }

    private static MediaDecodeException damaged() {
        return new MediaDecodeException("The WebP file is damaged (its chunk structure does not add up)");
    }

    static String fourCc(byte[] b, int pos) {
        return new String(b, pos, 4, StandardCharsets.ISO_8859_1);
    }

    static long u32(byte[] b, int p) {
        return (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
    }

    static int u24(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    static void put32(byte[] b, int p, long v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    static void put24(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
    }
}
