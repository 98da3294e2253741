package app.lightbox.core.media;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MediaTypeTest {

    @Test
    void magicBytesWinOverContentTypeAndName() {
        assertEquals(MediaType.PNG, MediaType.detect(TestImages.png(2, 2, 0), "image/jpeg", "x.jpg"));
        assertEquals(MediaType.JPEG, MediaType.detect(TestImages.jpeg(2, 2, 0), "image/png", "x.png"));
        assertEquals(MediaType.GIF, MediaType.detect(TestImages.gif(2, 2, 0), null, "x.webp"));
        assertEquals(MediaType.WEBP, MediaType.detect(TestImages.losslessWebP(1, 1, new int[]{0}), "image/png", null));
        byte[] anim = TestImages.animatedWebP(2, 2, 0, 0, List.of(TestImages.Frame.solid(0, 0, 2, 2, 0, 10, true, false)));
        assertEquals(MediaType.WEBP_ANIMATED, MediaType.detect(anim, "image/webp", "a.webp"));
        byte[] html = "<html><body>Sign in to Wi-Fi</body></html>".getBytes(StandardCharsets.UTF_8);
        assertEquals(MediaType.HTML, MediaType.detect(html, "image/png", "image001.png"));
        assertEquals(MediaType.TEXT, MediaType.detect("{\"error\":\"nope\"}".getBytes(StandardCharsets.UTF_8), "image/png", "a.png"));
    }

    @Test
    void recognisesVideoContainers() {
        assertEquals(MediaType.MP4, MediaType.sniff(new byte[]{0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'}));
        assertEquals(MediaType.QUICKTIME, MediaType.sniff(new byte[]{0, 0, 0, 0x14, 'f', 't', 'y', 'p', 'q', 't', ' ', ' '}));
        byte[] webm = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm'};
        assertEquals(MediaType.WEBM, MediaType.sniff(webm));
        byte[] mkv = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x82, (byte) 0x88, 'm', 'a', 't', 'r'};
        assertEquals(MediaType.MATROSKA, MediaType.sniff(mkv));
    }

    @Test
    void unknownBytesFallBackToContentTypeThenName() {
        byte[] noise = {1, 2, 3, 4, 0, (byte) 0xFE};
        assertEquals(MediaType.EMPTY, MediaType.detect(new byte[0], "image/png", "a.png"));
        assertEquals(MediaType.WEBM, MediaType.detect(noise, "video/webm; codecs=vp9", "a.png"));
        assertEquals(MediaType.MP4, MediaType.detect(noise, "application/octet-stream", "clip.MP4"));
        assertEquals(MediaType.UNKNOWN, MediaType.detect(noise, null, "noext"));
    }
}
