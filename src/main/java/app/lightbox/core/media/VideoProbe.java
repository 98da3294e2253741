package app.lightbox.core.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Tells whether a video can be played inside Lightbox before a player is made for it. JavaFX plays MP4 with
 * H.264 (8-bit 4:2:0 profiles) and AAC; ComfyUI also writes VP9 WebM, HEVC and 4:4:4 H.264, which it cannot.
 * Reads the MP4 box tree ({@code ftyp}, {@code moov/mvhd}, each track's {@code stsd}) and skips {@code mdat},
 * so a 'moov at the end' file costs two seeks, not a read of the whole file. Blocking file work.
 */
public final class VideoProbe {

    private static final long MAX_MOOV_BYTES = 64L * 1024 * 1024;
    /** Baseline, Main, Extended, High: the H.264 profiles JavaFX's decoders handle. */
    private static final Set<Integer> PLAYABLE_H264_PROFILES = Set.of(66, 77, 88, 100);
    private static final String ELSEWHERE = " — open it in your system player";

    public VideoInfo probe(Path file) throws MediaDecodeException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            ByteBuffer head = ByteBuffer.allocate(MediaType.SNIFF_BYTES);
            while (head.hasRemaining() && ch.read(head) > 0) {
                // fill
            }
            byte[] first = new byte[head.position()];
            head.flip().get(first);
            MediaType type = MediaType.sniff(first);
            return switch (type) {
                case MP4, QUICKTIME -> mp4(ch, type);
                case WEBM, MATROSKA -> new VideoInfo(type, null, null, null, 0, 0, false,
                        type.label() + " can't be played here" + ELSEWHERE);
                default -> throw new NotAnImageException(type, "This is not a video file");
            };
        } catch (IOException e) {
            throw new MediaDecodeException("Could not read the video file (" + e.getMessage() + ")", e);
        }
    }

    private VideoInfo mp4(SeekableByteChannel ch, MediaType type) throws IOException, MediaDecodeException {
        long size = ch.size();
        long pos = 0;
        byte[] moov = null;
        while (pos + 8 <= size) {
            ByteBuffer h = read(ch, pos, 16);
            long boxSize = h.getInt(0) & 0xFFFFFFFFL;
            String boxType = fourCc(h, 4);
            int header = 8;
            if (boxSize == 1 && h.limit() >= 16) {
                boxSize = h.getLong(8);
                header = 16;
            } else if (boxSize == 0) {
                boxSize = size - pos;
            }
            if (boxSize < header) {
                throw new MediaDecodeException("The MP4 file is damaged (a box has an impossible size)");
            }
            if (boxType.equals("moov")) {
                if (pos + boxSize > size) {
                    break;
                }
                if (boxSize > MAX_MOOV_BYTES) {
                    throw new MediaDecodeException("The MP4 file's index is too large to read");
                }
                ByteBuffer body = read(ch, pos + header, (int) (boxSize - header));
                moov = new byte[body.remaining()];
                body.get(moov);
                break;
            }
            pos += boxSize;
        }
        if (moov == null) {
            throw new MediaDecodeException(MediaDecodeException.truncated("MP4"));
        }
        Movie m = new Movie();
        walk(ByteBuffer.wrap(moov), m, null);
        return verdict(type, m);
    }

    private static VideoInfo verdict(MediaType type, Movie m) {
        String problem = null;
        if (type == MediaType.QUICKTIME) {
            problem = "QuickTime (.mov) video can't be played here" + ELSEWHERE;
        } else if (m.video == null) {
            problem = "This MP4 has no video track Lightbox recognises" + ELSEWHERE;
        } else if (m.video.equals("hvc1") || m.video.equals("hev1")) {
            problem = "HEVC (H.265) video can't be played here" + ELSEWHERE;
        } else if (!m.video.equals("avc1") && !m.video.equals("avc3")) {
            problem = codecName(m.video) + " video can't be played here" + ELSEWHERE;
        } else if (m.avcProfile != 0 && !PLAYABLE_H264_PROFILES.contains(m.avcProfile)) {
            problem = "This H.264 video uses the " + profileName(m.avcProfile) + " profile, which can't be played here"
                    + ELSEWHERE;
        } else if (m.audio != null && !m.audio.equals("mp4a")) {
            problem = "Its " + codecName(m.audio) + " sound can't be played here" + ELSEWHERE;
        }
        Duration duration = m.timescale > 0 && m.duration > 0
                ? Duration.ofMillis(m.duration * 1000 / m.timescale) : null;
        return new VideoInfo(type, m.video, m.audio, duration, m.width, m.height, problem == null, problem);
    }

    private static final class Movie {
        long timescale;
        long duration;
        String video;
        String audio;
        int avcProfile;
        int width;
        int height;
    }

    /** Walks the boxes in {@code b}; {@code handler} is the enclosing track's handler type once known. */
    private static void walk(ByteBuffer b, Movie m, String[] handler) {
        while (b.remaining() >= 8) {
            int start = b.position();
            long size = b.getInt(start) & 0xFFFFFFFFL;
            String type = fourCc(b, start + 4);
            if (size < 8 || start + size > b.limit()) {
                return;
            }
            ByteBuffer body = b.duplicate().position(start + 8).limit((int) (start + size));
            switch (type) {
                case "trak" -> walk(body.slice(), m, new String[1]);
                case "mdia", "minf", "stbl" -> walk(body.slice(), m, handler);
                case "mvhd" -> movieHeader(body.slice(), m);
                case "hdlr" -> {
                    if (handler != null && body.remaining() >= 12) {
                        handler[0] = fourCc(body, body.position() + 8);
                    }
                }
                case "stsd" -> sampleDescription(body.slice(), m, handler == null ? null : handler[0]);
                default -> {
                }
            }
            b.position((int) (start + size));
        }
    }

    private static void movieHeader(ByteBuffer b, Movie m) {
        if (b.remaining() < 20) {
            return;
        }
        int version = b.get(0);
        if (version == 1 && b.remaining() >= 32) {
            m.timescale = b.getInt(20) & 0xFFFFFFFFL;
            m.duration = b.getLong(24);
        } else {
            m.timescale = b.getInt(12) & 0xFFFFFFFFL;
            m.duration = b.getInt(16) & 0xFFFFFFFFL;
        }
    }

    private static void sampleDescription(ByteBuffer b, Movie m, String handler) {
        if (b.remaining() < 16) {
            return;
        }
        int entry = 8; // version, flags, entry count
        long entrySize = b.getInt(entry) & 0xFFFFFFFFL;
        String code = fourCc(b, entry + 4);
        if ("vide".equals(handler) && m.video == null) {
            m.video = code;
            if (entrySize >= 36 && entry + 36 <= b.limit()) {
                m.width = b.getShort(entry + 32) & 0xFFFF;
                m.height = b.getShort(entry + 34) & 0xFFFF;
            }
            int child = entry + 86;
            int end = (int) Math.min(b.limit(), entry + entrySize);
            while (child + 8 <= end) {
                long size = b.getInt(child) & 0xFFFFFFFFL;
                if (size < 8) {
                    break;
                }
                if (fourCc(b, child + 4).equals("avcC") && child + 10 <= end) {
                    m.avcProfile = b.get(child + 9) & 0xFF;
                }
                child += (int) size;
            }
        } else if ("soun".equals(handler) && m.audio == null) {
            m.audio = code;
        }
    }

    private static String codecName(String code) {
        return switch (code) {
            case "vp09" -> "VP9";
            case "vp08" -> "VP8";
            case "av01" -> "AV1";
            case "mp4v" -> "MPEG-4 Part 2";
            case "Opus" -> "Opus";
            case "ac-3" -> "Dolby Digital";
            case "ec-3" -> "Dolby Digital Plus";
            case "fLaC" -> "FLAC";
            default -> "“" + code.trim() + "”";
        };
    }

    private static String profileName(int profile) {
        return switch (profile) {
            case 110 -> "High 10";
            case 122 -> "High 4:2:2";
            case 244 -> "High 4:4:4";
            default -> "number " + profile;
        };
    }

    private static ByteBuffer read(SeekableByteChannel ch, long pos, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(n, Math.max(0, ch.size() - pos)));
        ch.position(pos);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
            // fill
        }
        return buf.flip();
    }

    private static String fourCc(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        for (int i = 0; i < 4; i++) {
            t[i] = at + i < b.limit() ? b.get(at + i) : 0;
        }
        return new String(t, StandardCharsets.ISO_8859_1);
    }
}
