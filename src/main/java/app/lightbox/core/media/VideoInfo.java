package app.lightbox.core.media;

import java.time.Duration;

/**
 * What Lightbox learned about a video file without decoding it.
 *
 * @param container  the container the bytes show
 * @param videoCodec the sample entry code ("avc1", "hvc1", "vp09"), or null if unknown
 * @param audioCodec the audio sample entry code ("mp4a", "Opus"), or null if there is no sound track or it is unknown
 * @param duration   from the movie header, or null if unknown
 * @param width      of the video track, or 0 if unknown
 * @param height     of the video track, or 0 if unknown
 * @param playable   whether JavaFX's media player can play it (MP4 with H.264 and AAC or no sound)
 * @param problem    why not, for a person; null when playable
 */
public record VideoInfo(MediaType container, String videoCodec, String audioCodec, Duration duration,
                        int width, int height, boolean playable, String problem) {
}
