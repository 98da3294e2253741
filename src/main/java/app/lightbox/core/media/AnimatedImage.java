package app.lightbox.core.media;

import java.util.List;

/**
 * An animation ready to show: every frame is the whole canvas, already composited from the frames before
 * it, so a player only has to swap pictures. Toolkit-free like {@link Thumbnail}.
 *
 * @param width          frame width after scaling
 * @param height         frame height after scaling
 * @param sourceWidth    canvas width in the file
 * @param sourceHeight   canvas height in the file
 * @param loopCount      how many times to play; 0 means forever
 * @param backgroundArgb the canvas background the file asks for (ARGB)
 * @param frames         in display order, at least one
 */
public record AnimatedImage(int width, int height, int sourceWidth, int sourceHeight, int loopCount,
                            int backgroundArgb, List<Frame> frames) {

    /** Browsers show frames that ask for 10 ms or less for 100 ms; so does Lightbox. */
    private static final int MIN_DISPLAY_MILLIS = 20;
    private static final int TOO_SHORT_DISPLAY_MILLIS = 100;

    public AnimatedImage {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
    }

    /**
     * @param image          the composited canvas at this moment
     * @param durationMillis the duration the file gives
     */
    public record Frame(Thumbnail image, int durationMillis) {

        /** How long to show it, with the browsers' rule for tiny durations. */
        public int displayMillis() {
            return durationMillis < MIN_DISPLAY_MILLIS ? TOO_SHORT_DISPLAY_MILLIS : durationMillis;
        }
    }

    public boolean isAnimated() {
        return frames.size() > 1;
    }

    public int frameCount() {
        return frames.size();
    }

    public Frame frame(int index) {
        return frames.get(index);
    }

    /** The ARGB pixel of frame {@code index} at (x, y). */
    public int pixel(int index, int x, int y) {
        return frames.get(index).image().pixel(x, y);
    }

    /** One pass through all frames, in milliseconds as shown. */
    public long totalDisplayMillis() {
        return frames.stream().mapToLong(Frame::displayMillis).sum();
    }
}
