package app.lightbox.core.media;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which videos JavaFX can play, from the boxes alone. */
class VideoProbeTest {

    private final VideoProbe probe = new VideoProbe();

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] sandboxClip() throws IOException {
        try (InputStream in = VideoProbeTest.class.getResourceAsStream("/assets/clip-orbit.mp4")) {
            return in.readAllBytes();
        }
    }

    @Test
    void anH264AacClipIsPlayable() throws Exception {
        VideoInfo v = probe.probe(file("clip.mp4", sandboxClip()));
        assertTrue(v.playable(), v.problem());
        assertNull(v.problem());
        assertEquals(MediaType.MP4, v.container());
        assertEquals("avc1", v.videoCodec());
        assertEquals("mp4a", v.audioCodec());
        assertEquals(320, v.width());
        assertEquals(320, v.height());
        assertEquals(Duration.ofSeconds(3), v.duration());
    }

    @Test
    void hevcAndHighFourFourFourAndOpusAreNotPlayableHere() throws Exception {
        VideoInfo hevc = probe.probe(file("h.mp4", mp4("isom", 1000, 4000, "hvc1", 0, null)));
        assertFalse(hevc.playable());
        assertEquals("HEVC (H.265) video can't be played here — open it in your system player", hevc.problem());
        assertEquals(Duration.ofMillis(4000), hevc.duration());

        VideoInfo h444 = probe.probe(file("x.mp4", mp4("isom", 600, 1200, "avc1", 244, "mp4a")));
        assertFalse(h444.playable());
        assertTrue(h444.problem().contains("High 4:4:4"), h444.problem());

        VideoInfo main = probe.probe(file("m.mp4", mp4("mp42", 600, 1200, "avc1", 77, null)));
        assertTrue(main.playable(), main.problem());
        assertEquals(64, main.width());
        assertEquals(Duration.ofSeconds(2), main.duration());

        VideoInfo opus = probe.probe(file("o.mp4", mp4("isom", 600, 1200, "avc1", 100, "Opus")));
        assertEquals("Its Opus sound can't be played here — open it in your system player", opus.problem());

        VideoInfo mov = probe.probe(file("q.mov", mp4("qt  ", 600, 1200, "avc1", 100, null)));
        assertEquals(MediaType.QUICKTIME, mov.container());
        assertFalse(mov.playable());
    }

    @Test
    void webmIsRecognisedAndSentToTheSystemPlayer() throws Exception {
        byte[] webm = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, (byte) 0x9F, 0x42, (byte) 0x82, (byte) 0x84, 'w', 'e', 'b', 'm', 0, 0};
        VideoInfo v = probe.probe(file("v.webm", webm));
        assertEquals(MediaType.WEBM, v.container());
        assertFalse(v.playable());
        assertEquals("WebM video can't be played here — open it in your system player", v.problem());
    }

    @Test
    void aCutOffMp4SaysSo() throws Exception {
        byte[] clip = sandboxClip();
        MediaDecodeException e = assertThrows(MediaDecodeException.class,
                () -> probe.probe(file("cut.mp4", TestImages.cut(clip, 600))));
        assertEquals("The file is cut off (truncated MP4)", e.getMessage());
        assertThrows(MediaDecodeException.class, () -> probe.probe(file("p.png", TestImages.png(2, 2, 0))));
    }

    /** ftyp, an mdat before the moov (as without faststart), and one video and maybe one sound track. */
    private static byte[] mp4(String brand, int timescale, int duration, String videoCode, int avcProfile, String audioCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(box("ftyp", ascii(brand), new byte[4], ascii("isom")));
        out.writeBytes(box("mdat", new byte[3000]));
        ByteBuffer mvhd = ByteBuffer.allocate(100);
        mvhd.putInt(12, timescale).putInt(16, duration);
        byte[] videoEntry = new byte[78];
        ByteBuffer.wrap(videoEntry).putShort(24, (short) 64).putShort(26, (short) 48);
        byte[] avcC = avcProfile == 0 ? new byte[0] : box("avcC", new byte[]{1, (byte) avcProfile, 0, 30});
        byte[] video = track("vide", box(videoCode, videoEntry, avcC));
        byte[] audio = audioCode == null ? new byte[0] : track("soun", box(audioCode, new byte[28]));
        out.writeBytes(box("moov", box("mvhd", mvhd.array()), video, audio));
        return out.toByteArray();
    }

    private static byte[] track(String handler, byte[] sampleEntry) {
        byte[] hdlr = box("hdlr", new byte[8], ascii(handler), new byte[12]);
        byte[] stsd = box("stsd", new byte[]{0, 0, 0, 0, 0, 0, 0, 1}, sampleEntry);
        return box("trak", box("mdia", hdlr, box("minf", box("stbl", stsd))));
    }

    private static byte[] box(String type, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + body.size());
        b.putInt(8 + body.size()).put(ascii(type)).put(body.toByteArray());
        return b.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
