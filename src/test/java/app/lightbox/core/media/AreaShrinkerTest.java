package app.lightbox.core.media;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Area averaging against the same sums done the slow way, in every layout and at awkward sizes. */
class AreaShrinkerTest {

    @Test
    void everyLayoutMatchesAnExactAreaAverage() {
        Random r = new Random(11);
        int[][] sizes = {{13, 9, 5, 4}, {64, 700, 3, 2}, {1001, 3, 250, 1}, {9, 1300, 9, 2}, {40, 40, 40, 40}, {17, 600, 1, 1}};
        for (AreaShrinker.Layout layout : AreaShrinker.Layout.values()) {
            for (int[] s : sizes) {
                int w = s[0];
                int h = s[1];
                int c = layout.channels;
                byte[] pixels = new byte[w * h * c + 5];
                r.nextBytes(pixels);
                AreaShrinker shrinker = new AreaShrinker(w, h, s[2], s[3], layout);
                for (int y = 0; y < h; y++) {
                    shrinker.addRow(pixels, 5 + y * w * c);
                }
                int[] actual = shrinker.thumbnail().argb();
                int[] expected = reference(pixels, 5, w, h, s[2], s[3], layout);
                for (int i = 0; i < expected.length; i++) {
                    assertClose(expected[i], actual[i], layout + " " + w + "x" + h + " → " + s[2] + "x" + s[3] + " at " + i);
                }
            }
        }
    }

    @Test
    void longRunsOfWhiteRowsStayWhite() {
        // Hundreds of full-value rows summed into one thumbnail row: the sums must not wrap.
        for (int h : new int[] {256, 257, 258, 600, 5000}) {
            byte[] white = new byte[24 * 3];
            java.util.Arrays.fill(white, (byte) 0xFF);
            AreaShrinker s = new AreaShrinker(24, h, 3, 1, AreaShrinker.Layout.RGB);
            for (int y = 0; y < h; y++) {
                s.addRow(white, 0);
            }
            for (int p : s.thumbnail().argb()) {
                assertEquals(0xFFFFFFFF, p, h + " rows");
            }
        }
    }

    @Test
    void aSourcePixelIsSharedByTheThumbnailPixelsItOverlaps() {
        // Three columns into two: the middle one counts half for each side.
        AreaShrinker s = new AreaShrinker(3, 1, 2, 1, AreaShrinker.Layout.RGB);
        s.addRow(new byte[] {0, 0, 0, (byte) 90, (byte) 90, (byte) 90, (byte) 180, (byte) 180, (byte) 180}, 0);
        int[] px = s.thumbnail().argb();
        assertEquals(0xFF1E1E1E, px[0]); // (0 + 45) / 1.5 = 30
        assertEquals(0xFF969696, px[1]); // (45 + 180) / 1.5 = 150
    }

    @Test
    void transparentPixelsLendNoColour() {
        AreaShrinker s = new AreaShrinker(2, 1, 1, 1, AreaShrinker.Layout.RGBA);
        s.addRow(new byte[] {(byte) 255, 0, 0, (byte) 255, 0, (byte) 255, 0, 0}, 0);
        assertEquals(0x80FF0000, s.thumbnail().argb()[0]);
    }

    private static int[] reference(byte[] px, int off, int w, int h, int tw, int th, AreaShrinker.Layout layout) {
        int c = layout.channels;
        double sx = (double) w / tw;
        double sy = (double) h / th;
        int[] out = new int[tw * th];
        for (int oy = 0; oy < th; oy++) {
            for (int ox = 0; ox < tw; ox++) {
                double[] sum = new double[4];
                double alpha = 0;
                double area = 0;
                for (int y = (int) Math.floor(oy * sy); y < Math.min(h, Math.ceil((oy + 1) * sy)); y++) {
                    double wy = Math.min(y + 1, (oy + 1) * sy) - Math.max(y, oy * sy);
                    for (int x = (int) Math.floor(ox * sx); x < Math.min(w, Math.ceil((ox + 1) * sx)); x++) {
                        double wx = Math.min(x + 1, (ox + 1) * sx) - Math.max(x, ox * sx);
                        int p = off + (y * w + x) * c;
                        double a = layout.alpha ? (px[p + c - 1] & 0xFF) : 255;
                        for (int k = 0; k < (layout.alpha ? c - 1 : c); k++) {
                            sum[k] += wx * wy * a * (px[p + k] & 0xFF);
                        }
                        alpha += wx * wy * a;
                        area += wx * wy;
                    }
                }
                int[] v = new int[4];
                for (int k = 0; k < 4; k++) {
                    v[k] = alpha == 0 ? 0 : (int) Math.round(sum[k] / alpha);
                }
                int a = (int) Math.round(alpha / area);
                out[oy * tw + ox] = switch (layout) {
                    case GRAY -> 0xFF000000 | v[0] << 16 | v[0] << 8 | v[0];
                    case GRAY_ALPHA -> a == 0 && alpha == 0 ? 0 : a << 24 | v[0] << 16 | v[0] << 8 | v[0];
                    case RGB -> 0xFF000000 | v[0] << 16 | v[1] << 8 | v[2];
                    case BGR -> 0xFF000000 | v[2] << 16 | v[1] << 8 | v[0];
                    case RGBA -> alpha == 0 ? 0 : a << 24 | v[0] << 16 | v[1] << 8 | v[2];
                };
            }
        }
        return out;
    }

    private static void assertClose(int expected, int actual, String what) {
        for (int shift = 0; shift < 32; shift += 8) {
            int d = Math.abs((expected >>> shift & 0xFF) - (actual >>> shift & 0xFF));
            assertTrue(d <= 1, what + ": expected " + Integer.toHexString(expected) + " but was " + Integer.toHexString(actual));
        }
    }
}
