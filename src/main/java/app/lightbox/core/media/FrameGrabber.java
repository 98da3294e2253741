package app.lightbox.core.media;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Takes one still frame of a video that Lightbox can play, for its poster. The core has no video decoder of
 * its own, so the UI supplies one that uses the toolkit's media player.
 */
public interface FrameGrabber {

    /**
     * A frame near the start of {@code video}, its longest side at most {@code maxSide}. May complete on any
     * thread; fails with a message for a person when no frame could be taken.
     */
    CompletableFuture<Thumbnail> grab(Path video, int maxSide);
}
