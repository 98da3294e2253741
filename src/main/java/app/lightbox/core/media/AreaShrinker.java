package app.lightbox.core.media;

/**
 * Shrinks an image handed over one row at a time, top to bottom, by area averaging: each thumbnail pixel is
 * the mean of exactly the source area it covers, edge pixels counted by the fraction that falls inside. So
 * only two rows of sums are held, never the full-size picture, and fine detail (grain, hair, text) averages
 * out instead of aliasing. Colours are averaged weighted by alpha, so fully transparent pixels lend no colour.
 *
 * <p>Rows are interleaved 8-bit samples: gray, gray+alpha, RGB, RGBA, or BGR (as Java's JPEG reader gives).
 */
final class AreaShrinker {

    enum Layout {
        GRAY(1, false), GRAY_ALPHA(2, true), RGB(3, false), RGBA(4, true), BGR(3, false);

        final int channels;
        final boolean alpha;

        Layout(int channels, boolean alpha) {
            this.channels = channels;
            this.alpha = alpha;
        }
    }

    private final int srcW;
    private final int srcH;
    private final int dstW;
    private final int dstH;
    private final Layout layout;
    private final int channels;
    /** Per thumbnail column: first and last source column touched, and the weights of those two. */
    private final int[] first;
    private final int[] last;
    private final long[] firstWeight;
    private final long[] lastWeight;
    /**
     * Column sums, weighted by how much of each source row falls in the thumbnail row being filled, and in
     * the one after it (a source row can straddle two). Opaque sums fit an int: at most 255 × srcH; sums
     * of colour × alpha need a long.
     */
    private int[] current;
    private int[] next;
    /**
     * Rows that fall wholly inside the current thumbnail row are first summed eight bytes at a time, as
     * sixteen-bit lanes of longs (even bytes in one, odd in the other), and added to {@code current} every
     * 257 rows at most, before a lane could overflow, and when the thumbnail row is complete.
     */
    private long[] evenLanes;
    private long[] oddLanes;
    private int laneRows;
    private long[] currentPremultiplied;
    private long[] nextPremultiplied;
    private final int[] argb;
    private int sourceRow;
    private int thumbRow;

    /** Units: a source column is {@code dstW} wide and a thumbnail column {@code srcW} (rows likewise). */
    AreaShrinker(int srcW, int srcH, int dstW, int dstH, Layout layout) {
        if (dstW < 1 || dstH < 1 || dstW > srcW || dstH > srcH) {
            throw new IllegalArgumentException(srcW + "x" + srcH + " can't shrink to " + dstW + "x" + dstH);
        }
        if (255L * srcH > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(srcH + " rows are too many to sum");
        }
        this.srcW = srcW;
        this.srcH = srcH;
        this.dstW = dstW;
        this.dstH = dstH;
        this.layout = layout;
        this.channels = layout.channels;
        first = new int[dstW];
        last = new int[dstW];
        firstWeight = new long[dstW];
        lastWeight = new long[dstW];
        for (int ox = 0; ox < dstW; ox++) {
            long start = (long) ox * srcW;
            long end = start + srcW;
            int x0 = (int) (start / dstW);
            int x1 = (int) ((end - 1) / dstW);
            first[ox] = x0;
            last[ox] = x1;
            if (x0 == x1) {
                firstWeight[ox] = srcW;
                lastWeight[ox] = 0;
            } else {
                firstWeight[ox] = (long) (x0 + 1) * dstW - start;
                lastWeight[ox] = end - (long) x1 * dstW;
            }
        }
        int n = srcW * channels;
        if (layout.alpha) {
            currentPremultiplied = new long[n];
            nextPremultiplied = new long[n];
        } else {
            current = new int[n];
            next = new int[n];
            evenLanes = new long[n / 8];
            oddLanes = new long[n / 8];
        }
        argb = new int[dstW * dstH];
    }

    int width() {
        return dstW;
    }

    int height() {
        return dstH;
    }

    boolean done() {
        return sourceRow == srcH;
    }

    /** Adds the next source row, {@code srcW} pixels starting at {@code off}. */
    void addRow(byte[] row, int off) {
        if (sourceRow >= srcH) {
            throw new IllegalStateException("all " + srcH + " rows were already added");
        }
        long top = (long) sourceRow * dstH;
        long bottom = top + dstH;
        long rowEnd = (long) (thumbRow + 1) * srcH;
        int here = (int) (Math.min(bottom, rowEnd) - top);
        int spill = dstH - here;
        if (layout.alpha) {
            addPremultiplied(row, off, currentPremultiplied, here);
            if (spill != 0) {
                addPremultiplied(row, off, nextPremultiplied, spill);
            }
        } else if (spill == 0) {
            addWhole(row, off);
        } else {
            addSplit(row, off, here, spill);
        }
        sourceRow++;
        if (bottom >= rowEnd) {
            if (layout.alpha) {
                emitPremultiplied(currentPremultiplied, thumbRow);
                long[] t = currentPremultiplied;
                currentPremultiplied = nextPremultiplied;
                nextPremultiplied = t;
                java.util.Arrays.fill(t, 0);
            } else {
                flushLanes();
                emitOpaque(current, thumbRow);
                int[] t = current;
                current = next;
                next = t;
                java.util.Arrays.fill(t, 0);
            }
            thumbRow++;
        }
    }

    private static final long LOW_BYTES = 0x00FF00FF00FF00FFL;
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** A row with its full weight in the current thumbnail row. */
    private void addWhole(byte[] row, int off) {
        long[] even = evenLanes;
        long[] odd = oddLanes;
        int words = even.length;
        for (int j = 0; j < words; j++) {
            long v = (long) LONGS.get(row, off + 8 * j);
            even[j] += v & LOW_BYTES;
            odd[j] += (v >>> 8) & LOW_BYTES;
        }
        int[] sums = current;
        int weight = dstH;
        // The last few bytes that do not fill a long.
        for (int i = words * 8; i < sums.length; i++) {
            sums[i] += (row[off + i] & 0xFF) * weight;
        }
        if (++laneRows == 257) {
            flushLanes();
        }
    }

    private void flushLanes() {
        if (laneRows == 0) {
            return;
        }
        long[] even = evenLanes;
        long[] odd = oddLanes;
        int[] sums = current;
        int weight = dstH;
        for (int j = 0; j < even.length; j++) {
            long e = even[j];
            long o = odd[j];
            int i = 8 * j;
            sums[i] += (int) (e & 0xFFFF) * weight;
            sums[i + 1] += (int) (o & 0xFFFF) * weight;
            sums[i + 2] += (int) (e >>> 16 & 0xFFFF) * weight;
            sums[i + 3] += (int) (o >>> 16 & 0xFFFF) * weight;
            sums[i + 4] += (int) (e >>> 32 & 0xFFFF) * weight;
            sums[i + 5] += (int) (o >>> 32 & 0xFFFF) * weight;
            sums[i + 6] += (int) (e >>> 48) * weight;
            sums[i + 7] += (int) (o >>> 48) * weight;
            even[j] = 0;
            odd[j] = 0;
        }
        laneRows = 0;
    }

    /** A row that straddles two thumbnail rows: {@code here} of its weight to this one, the rest to the next. */
    private void addSplit(byte[] row, int off, int here, int spill) {
        int[] cur = current;
        int[] nxt = next;
        int n = cur.length;
        for (int i = 0; i < n; i++) {
            int v = row[off + i] & 0xFF;
            cur[i] += v * here;
            nxt[i] += v * spill;
        }
    }

    /** Colour channels summed as colour × alpha; the alpha channel (last) as itself. */
    private void addPremultiplied(byte[] row, int off, long[] sums, int weight) {
        int c = channels;
        int colours = c - 1;
        int n = sums.length;
        for (int i = 0; i < n; i += c) {
            int alpha = row[off + i + colours] & 0xFF;
            if (alpha == 0) {
                continue;
            }
            long wa = (long) alpha * weight;
            for (int k = 0; k < colours; k++) {
                sums[i + k] += (row[off + i + k] & 0xFF) * wa;
            }
            sums[i + colours] += wa;
        }
    }

    /** Sums the thumbnail row's columns across, by the share of each source column in each thumbnail column. */
    private long across(int[] opaque, long[] premultiplied, int ox, int k) {
        int c = channels;
        int a = first[ox] * c + k;
        int b = last[ox] * c + k;
        long mid = 0;
        long edges;
        if (opaque != null) {
            for (int p = a + c; p < b; p += c) {
                mid += opaque[p];
            }
            edges = opaque[a] * firstWeight[ox] + opaque[b] * lastWeight[ox];
        } else {
            for (int p = a + c; p < b; p += c) {
                mid += premultiplied[p];
            }
            edges = premultiplied[a] * firstWeight[ox] + premultiplied[b] * lastWeight[ox];
        }
        // When first == last the single column carries firstWeight and lastWeight is 0.
        return mid * dstW + edges;
    }

    private void emitOpaque(int[] sums, int y) {
        // One multiplication instead of a long division per sample: exact enough, the sums stay below 2^53.
        double perTotal = 1.0 / ((double) srcW * srcH);
        int base = y * dstW;
        long full = dstW;
        if (channels == 3) {
            boolean bgr = layout == Layout.BGR;
            for (int ox = 0; ox < dstW; ox++) {
                int a = first[ox] * 3;
                int b = last[ox] * 3;
                long m0 = 0;
                long m1 = 0;
                long m2 = 0;
                for (int p = a + 3; p < b; p += 3) {
                    m0 += sums[p];
                    m1 += sums[p + 1];
                    m2 += sums[p + 2];
                }
                long w0 = firstWeight[ox];
                long w1 = lastWeight[ox];
                int v0 = scaled(m0 * full + sums[a] * w0 + sums[b] * w1, perTotal);
                int v1 = scaled(m1 * full + sums[a + 1] * w0 + sums[b + 1] * w1, perTotal);
                int v2 = scaled(m2 * full + sums[a + 2] * w0 + sums[b + 2] * w1, perTotal);
                argb[base + ox] = bgr ? 0xFF000000 | v2 << 16 | v1 << 8 | v0 : 0xFF000000 | v0 << 16 | v1 << 8 | v2;
            }
        } else {
            for (int ox = 0; ox < dstW; ox++) {
                int v = scaled(across(sums, null, ox, 0), perTotal);
                argb[base + ox] = 0xFF000000 | v << 16 | v << 8 | v;
            }
        }
    }

    private static int scaled(long sum, double factor) {
        return Math.min(255, (int) (sum * factor + 0.5));
    }

    private void emitPremultiplied(long[] sums, int y) {
        long total = (long) srcW * srcH;
        int base = y * dstW;
        int colours = channels - 1;
        for (int ox = 0; ox < dstW; ox++) {
            long a = across(null, sums, ox, colours);
            int pixel;
            if (a == 0) {
                pixel = 0;
            } else if (layout == Layout.GRAY_ALPHA) {
                int v = average(across(null, sums, ox, 0), a);
                pixel = average(a, total) << 24 | v << 16 | v << 8 | v;
            } else {
                pixel = average(a, total) << 24 | average(across(null, sums, ox, 0), a) << 16
                        | average(across(null, sums, ox, 1), a) << 8 | average(across(null, sums, ox, 2), a);
            }
            argb[base + ox] = pixel;
        }
    }

    private static int average(long sum, long weight) {
        return (int) Math.min(255, (sum + weight / 2) / weight);
    }

    /** The thumbnail, once every source row has been added. */
    Thumbnail thumbnail() {
        if (!done()) {
            throw new IllegalStateException("only " + sourceRow + " of " + srcH + " rows were added");
        }
        return new Thumbnail(dstW, dstH, argb, srcW, srcH);
    }
}
