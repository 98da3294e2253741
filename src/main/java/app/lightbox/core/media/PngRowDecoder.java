package app.lightbox.core.media;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the PNGs ComfyUI writes (8-bit, not interlaced: gray, gray+alpha, RGB, RGBA, palette) straight to
 * thumbnail size: the compressed rows are inflated a few at a time, unfiltered, and averaged into an
 * {@link AreaShrinker}, so the full-size picture is never held. That is most of the cost of a cold thumbnail,
 * and ImageIO's reader spends twice as long on the same rows before the picture is even scaled.
 *
 * <p>Anything else, or anything odd, is left to ImageIO: {@link #decode} answers {@code null} for other
 * bit depths, interlacing, colour-key transparency, unknown critical chunks, a CRC mismatch, or compressed
 * data that is damaged or ends early. Pixels come out as ImageIO reads them: ancillary chunks (gAMA, iCCP,
 * sRGB) change nothing there either.
 */
final class PngRowDecoder {

    /** Rows wider than this go to ImageIO, so the row buffers stay small. */
    static final int MAX_WIDTH = 1 << 16;
    /** About this many inflated bytes are handled per batch of rows. */
    private static final int BATCH_BYTES = 1 << 16;

    private static final int IHDR = 0x49484452;
    private static final int PLTE = 0x504C5445;
    private static final int TRNS = 0x74524E53;
    private static final int IDAT = 0x49444154;
    private static final int IEND = 0x49454E44;

    private PngRowDecoder() {
    }

    /**
     * The thumbnail of {@code png}, fitted to {@code dstW}×{@code dstH} (at most the source size), or
     * {@code null} when this PNG is one for ImageIO.
     */
    static Thumbnail decode(byte[] png, int dstW, int dstH) {
        try {
            return new Run(png, dstW, dstH).decode();
        } catch (Unsupported | DataFormatException | RuntimeException e) {
            return null;
        }
    }

    /** Width and height from the header of a PNG this class can decode, else {@code null}. */
    static int[] size(byte[] png) {
        if (png.length < 33 || readInt(png, 0) != 0x89504E47 || readInt(png, 4) != 0x0D0A1A0A
                || readInt(png, 8) != 13 || readInt(png, 12) != IHDR) {
            return null;
        }
        int w = readInt(png, 16);
        int h = readInt(png, 20);
        int depth = png[24];
        int colour = png[25];
        boolean plain = png[26] == 0 && png[27] == 0 && png[28] == 0;
        boolean known = colour == 0 || colour == 2 || colour == 3 || colour == 4 || colour == 6;
        if (w <= 0 || h <= 0 || w > MAX_WIDTH || depth != 8 || !plain || !known) {
            return null;
        }
        return new int[] {w, h};
    }

    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final class Run {
        final byte[] b;
        final int dstW;
        final int dstH;
        int w;
        int h;
        int colour;
        int channels;
        byte[] palette;
        byte[] paletteAlpha;
        AreaShrinker shrinker;
        Inflater inflater;
        byte[] rows;
        int rowBytes;
        int fill;
        int rowsDone;
        byte[] expanded;

        Run(byte[] b, int dstW, int dstH) {
            this.b = b;
            this.dstW = dstW;
            this.dstH = dstH;
        }

        Thumbnail decode() throws Unsupported, DataFormatException {
            int[] size = size(b);
            if (size == null) {
                throw new Unsupported();
            }
            w = size[0];
            h = size[1];
            colour = b[25];
            channels = switch (colour) {
                case 0, 3 -> 1;
                case 4 -> 2;
                case 2 -> 3;
                default -> 4;
            };
            CRC32 crc = new CRC32();
            crc.update(b, 12, 17);
            if ((int) crc.getValue() != readInt(b, 29)) {
                throw new Unsupported();
            }
            int pos = 33;
            boolean seenData = false;
            boolean dataEnded = false;
            try {
                while (true) {
                    if (pos + 12 > b.length) {
                        throw new Unsupported();
                    }
                    int len = readInt(b, pos);
                    int type = readInt(b, pos + 4);
                    if (len < 0 || len > b.length - pos - 12) {
                        throw new Unsupported();
                    }
                    crc.reset();
                    crc.update(b, pos + 4, len + 4);
                    if ((int) crc.getValue() != readInt(b, pos + 8 + len)) {
                        throw new Unsupported();
                    }
                    int data = pos + 8;
                    if (type == IDAT) {
                        if (dataEnded) {
                            throw new Unsupported();
                        }
                        if (!seenData) {
                            start();
                            seenData = true;
                        }
                        inflate(data, len);
                    } else {
                        if (seenData) {
                            dataEnded = true;
                        }
                        if (type == IEND) {
                            break;
                        } else if (type == PLTE) {
                            if (seenData || len % 3 != 0 || len == 0 || len > 768) {
                                throw new Unsupported();
                            }
                            palette = java.util.Arrays.copyOfRange(b, data, data + len);
                        } else if (type == TRNS) {
                            if (colour != 3 || palette == null || seenData || len > palette.length / 3) {
                                throw new Unsupported();
                            }
                            paletteAlpha = java.util.Arrays.copyOfRange(b, data, data + len);
                        } else if (type == IHDR || (b[pos + 4] & 0x20) == 0) {
                            // A second header, or a critical chunk we don't know: ImageIO decides.
                            throw new Unsupported();
                        }
                    }
                    pos += 12 + len;
                }
                if (shrinker == null || !shrinker.done()) {
                    throw new Unsupported();
                }
                return shrinker.thumbnail();
            } finally {
                if (inflater != null) {
                    inflater.end();
                }
            }
        }

        private void start() throws Unsupported {
            AreaShrinker.Layout layout;
            switch (colour) {
                case 0 -> layout = AreaShrinker.Layout.GRAY;
                case 2 -> layout = AreaShrinker.Layout.RGB;
                case 4 -> layout = AreaShrinker.Layout.GRAY_ALPHA;
                case 6 -> layout = AreaShrinker.Layout.RGBA;
                default -> {
                    if (palette == null) {
                        throw new Unsupported();
                    }
                    boolean alpha = paletteAlpha != null;
                    layout = alpha ? AreaShrinker.Layout.RGBA : AreaShrinker.Layout.RGB;
                    expanded = new byte[w * layout.channels];
                }
            }
            shrinker = new AreaShrinker(w, h, dstW, dstH, layout);
            rowBytes = w * channels + 1;
            int batch = Math.max(1, BATCH_BYTES / rowBytes);
            // Slot 0 holds the previous row, unfiltered; the first row's previous row is all zeros.
            rows = new byte[(batch + 1) * rowBytes];
            fill = rowBytes;
            inflater = new Inflater();
        }

        private void inflate(int off, int len) throws DataFormatException, Unsupported {
            if (rowsDone == h) {
                return;
            }
            inflater.setInput(b, off, len);
            while (rowsDone < h) {
                int n = inflater.inflate(rows, fill, rows.length - fill);
                fill += n;
                if (fill == rows.length || (inflater.finished() && fill > rowBytes)) {
                    rowsReady();
                }
                if (inflater.finished()) {
                    if (rowsDone < h) {
                        throw new Unsupported();
                    }
                    return;
                }
                if (n == 0) {
                    if (inflater.needsDictionary()) {
                        throw new Unsupported();
                    }
                    if (inflater.needsInput()) {
                        return;
                    }
                    if (fill != rows.length) {
                        throw new Unsupported();
                    }
                }
            }
        }

        /** Unfilters and hands over every complete row in the buffer, then keeps the last one as slot 0. */
        private void rowsReady() throws Unsupported {
            int complete = fill / rowBytes - 1;
            if (complete <= 0) {
                return;
            }
            int bpp = channels;
            int stride = rowBytes;
            for (int i = 1; i <= complete && rowsDone < h; i++) {
                int row = i * stride;
                unfilter(rows, row, row - stride, stride - 1, bpp);
                if (expanded != null) {
                    expandPalette(rows, row + 1);
                    shrinker.addRow(expanded, 0);
                } else {
                    shrinker.addRow(rows, row + 1);
                }
                rowsDone++;
            }
            int lastEnd = (complete + 1) * stride;
            System.arraycopy(rows, complete * stride, rows, 0, stride);
            int partial = fill - lastEnd;
            System.arraycopy(rows, lastEnd, rows, stride, partial);
            fill = stride + partial;
        }

        private void expandPalette(byte[] src, int off) throws Unsupported {
            int entries = palette.length / 3;
            boolean alpha = paletteAlpha != null;
            byte[] out = expanded;
            int o = 0;
            for (int x = 0; x < w; x++) {
                int i = src[off + x] & 0xFF;
                if (i >= entries) {
                    throw new Unsupported();
                }
                out[o++] = palette[i * 3];
                out[o++] = palette[i * 3 + 1];
                out[o++] = palette[i * 3 + 2];
                if (alpha) {
                    out[o++] = i < paletteAlpha.length ? paletteAlpha[i] : (byte) 0xFF;
                }
            }
        }
    }

    /**
     * Undoes the PNG filter of the row at {@code row} (its filter byte, then {@code n} bytes) in place, given
     * the previous row, already unfiltered, at {@code prev}.
     */
    static void unfilter(byte[] buf, int row, int prev, int n, int bpp) throws Unsupported {
        int filter = buf[row];
        int c = row + 1;
        int u = prev + 1;
        switch (filter) {
            case 0 -> {
            }
            case 1 -> {
                for (int i = bpp; i < n; i++) {
                    buf[c + i] += buf[c + i - bpp];
                }
            }
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    buf[c + i] += buf[u + i];
                }
            }
            case 3 -> {
                for (int i = 0; i < bpp; i++) {
                    buf[c + i] += (byte) ((buf[u + i] & 0xFF) >>> 1);
                }
                for (int i = bpp; i < n; i++) {
                    buf[c + i] += (byte) (((buf[c + i - bpp] & 0xFF) + (buf[u + i] & 0xFF)) >>> 1);
                }
            }
            case 4 -> {
                for (int i = 0; i < bpp; i++) {
                    buf[c + i] += buf[u + i];
                }
                for (int i = bpp; i < n; i++) {
                    int a = buf[c + i - bpp] & 0xFF;
                    int b = buf[u + i] & 0xFF;
                    int cc = buf[u + i - bpp] & 0xFF;
                    int pa = Math.abs(b - cc);
                    int pb = Math.abs(a - cc);
                    int pc = Math.abs(a + b - cc - cc);
                    int pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : cc;
                    buf[c + i] += (byte) pred;
                }
            }
            default -> throw new Unsupported();
        }
    }

    private static int readInt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }
}
