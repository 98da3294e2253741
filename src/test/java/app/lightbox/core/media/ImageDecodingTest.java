package app.lightbox.core.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static app.lightbox.core.media.TestImages.BLUE;
import static app.lightbox.core.media.TestImages.CLEAR;
import static app.lightbox.core.media.TestImages.Frame;
import static app.lightbox.core.media.TestImages.GREEN;
import static app.lightbox.core.media.TestImages.RED;
import static app.lightbox.core.media.TestImages.WHITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every image format from bytes the test writes, damaged files with their own sentence, and WebP compositing. */
class ImageDecodingTest {

    private final ThumbnailDecoder decoder = new ThumbnailDecoder();

    @Test
    void decodesPngJpegGifAndLosslessWebP() throws Exception {
        Thumbnail png = decoder.decode(TestImages.png(8, 4, 0x80FF0000), 512);
        assertEquals(8, png.width());
        assertEquals(4, png.height());
        assertEquals(0x80FF0000, png.pixel(3, 2));

        Thumbnail jpeg = decoder.decode(TestImages.jpeg(16, 16, 0xFF2040C0), 512);
        assertClose(0xFF2040C0, jpeg.pixel(8, 8), 8);

        Thumbnail gif = decoder.decode(TestImages.gif(5, 3, BLUE), 512);
        assertEquals(5, gif.width());
        assertEquals(BLUE, gif.pixel(4, 2));

        int[] checker = {RED, GREEN, GREEN, RED};
        Thumbnail webp = decoder.decode(TestImages.losslessWebP(2, 2, checker), 512);
        assertEquals(RED, webp.pixel(0, 0));
        assertEquals(GREEN, webp.pixel(1, 0));
        assertEquals(GREEN, webp.pixel(0, 1));
        assertEquals(RED, webp.pixel(1, 1));
    }

    @Test
    void decodesLossyWebPWithAndWithoutAlpha() throws Exception {
        Thumbnail redBlue = decoder.decode(TestImages.resource("lossy-red-blue.webp"), 512);
        assertEquals(32, redBlue.width());
        assertEquals(16, redBlue.height());
        assertClose(RED, redBlue.pixel(4, 8), 24);
        assertClose(BLUE, redBlue.pixel(27, 8), 24);

        Thumbnail alpha = decoder.decode(TestImages.resource("lossy-alpha.webp"), 512);
        int p = alpha.pixel(8, 8);
        assertTrue(Math.abs((p >>> 24) - 128) <= 8, "alpha about half: " + Integer.toHexString(p));
        assertTrue((p >> 8 & 0xFF) > 200 && (p >> 16 & 0xFF) < 40, "green: " + Integer.toHexString(p));
    }

    @Test
    void scalesLargeImagesDownToTheRequestedSide() throws Exception {
        Thumbnail t = decoder.decode(TestImages.png(3000, 1000, GREEN), 300);
        assertEquals(300, t.width());
        assertEquals(100, t.height());
        assertEquals(3000, t.sourceWidth());
        assertEquals(1000, t.sourceHeight());
        assertEquals(GREEN, t.pixel(150, 50));
    }

    /**
     * A 6×6 canvas on an opaque white background:
     * 1. blue over everything, no-blend, then disposed to the background;
     * 2. a 2×2 red square at (2,2), no-blend, kept;
     * 3. half-transparent green 2×2 at (0,0), alpha-blended over the white;
     * 4. a red/clear 2×2 checker at (4,4), no-blend: the clear pixels punch holes;
     * 5. a blue/clear 2×2 checker at (0,4), alpha-blended: the clear pixels leave the canvas alone.
     */
    @Test
    void compositesAnimatedWebPFramesByOffsetBlendAndDisposal() throws Exception {
        int halfGreen = 0x8000FF00;
        byte[] file = TestImages.animatedWebP(6, 6, WHITE, 3, List.of(
                Frame.solid(0, 0, 6, 6, BLUE, 100, false, true),
                Frame.solid(2, 2, 2, 2, RED, 50, false, false),
                Frame.solid(0, 0, 2, 2, halfGreen, 70, true, false),
                new Frame(4, 4, 2, 2, new int[]{RED, CLEAR, CLEAR, RED}, 80, false, false),
                new Frame(0, 4, 2, 2, new int[]{BLUE, CLEAR, CLEAR, BLUE}, 90, true, false)));

        AnimatedImage a = decoder.decodeAnimation(file, 512);
        assertEquals(6, a.width());
        assertEquals(6, a.height());
        assertEquals(3, a.loopCount());
        assertEquals(WHITE, a.backgroundArgb());
        assertEquals(5, a.frameCount());
        assertEquals(List.of(100, 50, 70, 80, 90), a.frames().stream().map(AnimatedImage.Frame::durationMillis).toList());

        // 1: all blue
        for (int[] xy : new int[][]{{0, 0}, {5, 5}, {2, 3}}) {
            assertPixel(a, 0, xy[0], xy[1], BLUE);
        }
        // 2: frame 1 was disposed to white; the red square sits at (2,2)-(3,3)
        assertPixel(a, 1, 0, 0, WHITE);
        assertPixel(a, 1, 1, 2, WHITE);
        assertPixel(a, 1, 2, 2, RED);
        assertPixel(a, 1, 3, 3, RED);
        assertPixel(a, 1, 4, 4, WHITE);
        assertPixel(a, 1, 2, 4, WHITE);
        // 3: 50 % green over opaque white is opaque light green; the red square stays
        int lightGreen = 0xFF7FFF7F;
        assertPixel(a, 2, 0, 0, lightGreen);
        assertPixel(a, 2, 1, 1, lightGreen);
        assertPixel(a, 2, 2, 0, WHITE);
        assertPixel(a, 2, 2, 2, RED);
        // 4: no-blend copies transparent pixels too
        assertPixel(a, 3, 4, 4, RED);
        assertPixel(a, 3, 5, 4, CLEAR);
        assertPixel(a, 3, 4, 5, CLEAR);
        assertPixel(a, 3, 5, 5, RED);
        assertPixel(a, 3, 0, 0, lightGreen);
        // 5: blending leaves the canvas under transparent pixels alone
        assertPixel(a, 4, 0, 4, BLUE);
        assertPixel(a, 4, 1, 4, WHITE);
        assertPixel(a, 4, 0, 5, WHITE);
        assertPixel(a, 4, 1, 5, BLUE);
        assertPixel(a, 4, 5, 4, CLEAR);
        assertPixel(a, 4, 3, 2, RED);

        // A thumbnail of an animation is its first composited frame.
        assertEquals(BLUE, decoder.decode(file, 512).pixel(3, 3));
    }

    @Test
    void blendingFollowsTheSpecificationsFormula() {
        assertEquals(RED, WebPAnimation.blend(RED, BLUE));
        assertEquals(BLUE, WebPAnimation.blend(CLEAR, BLUE));
        assertEquals(0x80FF0000, WebPAnimation.blend(0x80FF0000, CLEAR));
        // 50 % red over 50 % blue: alpha ≈ 0.5 + 0.5·0.5 = 0.75 (192); red weighs 0.5/0.75, blue 0.25/0.75
        assertEquals(0xC0AA0055, WebPAnimation.blend(0x80FF0000, 0x800000FF));
    }

    @Test
    void decodesALossyAnimationMadeByLibwebp() throws Exception {
        AnimatedImage a = decoder.decodeAnimation(TestImages.resource("lossy-animated.webp"), 512);
        assertEquals(3, a.frameCount());
        assertEquals(0, a.loopCount());
        assertClose(RED, a.pixel(0, 16, 16), 24);
        assertClose(GREEN, a.pixel(1, 16, 16), 24);
        assertClose(BLUE, a.pixel(2, 16, 16), 24);
        assertEquals(600, a.totalDisplayMillis());
    }

    @Test
    void scalesAnimationFramesToTheRequestedSide() throws Exception {
        byte[] file = TestImages.animatedWebP(40, 20, CLEAR, 0, List.of(
                Frame.solid(0, 0, 40, 20, RED, 100, false, false),
                Frame.solid(20, 0, 20, 20, BLUE, 100, false, false)));
        AnimatedImage a = decoder.decodeAnimation(file, 10);
        assertEquals(10, a.width());
        assertEquals(5, a.height());
        assertEquals(40, a.sourceWidth());
        assertClose(RED, a.pixel(1, 1, 2), 2);
        assertClose(BLUE, a.pixel(1, 8, 2), 2);
    }

    static Stream<Arguments> truncatedFiles() {
        byte[] animated = TestImages.animatedWebP(4, 4, CLEAR, 0, List.of(
                Frame.solid(0, 0, 4, 4, RED, 100, false, false),
                Frame.solid(0, 0, 2, 2, BLUE, 100, false, false)));
        return Stream.of(
                Arguments.of("PNG", TestImages.png(64, 64, RED)),
                Arguments.of("JPEG", TestImages.jpeg(64, 64, RED)),
                Arguments.of("GIF", TestImages.gif(64, 64, RED)),
                Arguments.of("WebP", TestImages.losslessWebP(4, 4, TestImages.solid(4, 4, RED))),
                Arguments.of("WebP", TestImages.resource("lossy-red-blue.webp")),
                Arguments.of("WebP", animated));
    }

    @ParameterizedTest(name = "cut-off {0}")
    @MethodSource("truncatedFiles")
    void aCutOffFileSaysSo(String format, byte[] whole) {
        for (int keep : new int[]{whole.length - 1, whole.length / 2, 30}) {
            MediaDecodeException e = assertThrows(MediaDecodeException.class,
                    () -> decoder.decode(TestImages.cut(whole, keep), 256), format + " cut to " + keep);
            assertEquals("The file is cut off (truncated " + format + ")", e.getMessage(), format + " cut to " + keep);
        }
    }

    @Test
    void emptyFilesAndPagesAreNamedForWhatTheyAre() {
        assertEquals("The file is empty",
                assertThrows(MediaDecodeException.class, () -> decoder.decode(new byte[0], 256)).getMessage());
        byte[] html = "\n<!DOCTYPE html><html><body>Access denied</body></html>".getBytes(StandardCharsets.UTF_8);
        NotAnImageException e = assertThrows(NotAnImageException.class, () -> decoder.decode(html, 256));
        assertEquals("This is an HTML page, not an image", e.getMessage());
        assertEquals(MediaType.HTML, e.type());
        byte[] mp4 = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 0, 0};
        assertEquals("This is an MP4 video, not an image",
                assertThrows(NotAnImageException.class, () -> decoder.decode(mp4, 256)).getMessage());
        assertEquals("Lightbox can't read this kind of file",
                assertThrows(NotAnImageException.class, () -> decoder.decode(new byte[]{1, 2, 3, 0, 9}, 256)).getMessage());
    }

    @Test
    void refusesADecompressionBombBeforeDecoding() {
        byte[] bomb = TestImages.pngBomb(30_000, 30_000);
        assertTrue(bomb.length < 100);
        MediaDecodeException e = assertThrows(MediaDecodeException.class, () -> decoder.decode(bomb, 256));
        assertEquals("The image claims to be 30000×30000 pixels, too large to open safely", e.getMessage());
        assertInstanceOf(MediaDecodeException.class, e);
        assertThrows(MediaDecodeException.class, () -> decoder.decodeAnimation(bomb, 256));
    }

    private static void assertPixel(AnimatedImage a, int frame, int x, int y, int expected) {
        int actual = a.pixel(frame, x, y);
        assertEquals(Integer.toHexString(expected), Integer.toHexString(actual),
                "frame " + (frame + 1) + " at (" + x + "," + y + ")");
    }

    @Test
    void largeJpegsAndGrayJpegsKeepTheirColoursWhenShrunk() throws Exception {
        // Four flat quadrants: whatever the reader's pixel order, each must come back as its own colour.
        int[] colours = {0xFFE01020, 0xFF20C040, 0xFF2040E0, 0xFFF0E020};
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(1600, 1000,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 1000; y++) {
            for (int x = 0; x < 1600; x++) {
                img.setRGB(x, y, colours[(y < 500 ? 0 : 2) + (x < 800 ? 0 : 1)]);
            }
        }
        Thumbnail t = decoder.decode(TestImages.write(img, "jpg"), 256);
        assertEquals(256, t.width());
        assertEquals(160, t.height());
        assertEquals(1600, t.sourceWidth());
        assertClose(colours[0], t.pixel(40, 40), 8);
        assertClose(colours[1], t.pixel(216, 40), 8);
        assertClose(colours[2], t.pixel(40, 120), 8);
        assertClose(colours[3], t.pixel(216, 120), 8);

        java.awt.image.BufferedImage gray = new java.awt.image.BufferedImage(1200, 600,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 1200; x++) {
            for (int y = 0; y < 600; y++) {
                gray.getRaster().setSample(x, y, 0, x < 600 ? 60 : 200);
            }
        }
        Thumbnail g = decoder.decode(TestImages.write(gray, "jpg"), 256);
        assertEquals(256, g.width());
        int left = g.pixel(30, 60);
        int right = g.pixel(220, 60);
        assertEquals(left & 0xFF, left >> 16 & 0xFF, "gray stays gray");
        assertTrue((right & 0xFF) > (left & 0xFF) + 100, Integer.toHexString(left) + " " + Integer.toHexString(right));
    }

    private static void assertClose(int expected, int actual, int tolerance) {
        for (int shift = 0; shift <= 24; shift += 8) {
            int e = expected >>> shift & 0xFF;
            int a = actual >>> shift & 0xFF;
            assertTrue(Math.abs(e - a) <= tolerance,
                    "expected about " + Integer.toHexString(expected) + " but was " + Integer.toHexString(actual));
        }
    }
}
