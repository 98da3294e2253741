package app.lightbox.ui.common;

import app.lightbox.core.media.AnimatedImage;
import app.lightbox.core.media.Thumbnail;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/** Turns decoded pictures into JavaFX images once, on the FX thread (a cheap pixel copy). */
public final class FxImages {

    private final Map<Thumbnail, Image> converted = new WeakHashMap<>();

    /** Remembered while the thumbnail is: tiles scrolling back into view don't copy pixels again. */
    public Image of(Thumbnail t) {
        return converted.computeIfAbsent(t, FxImages::convert);
    }

    /** A one-off conversion (full-size pictures are not remembered). */
    public static Image convert(Thumbnail t) {
        WritableImage img = new WritableImage(t.width(), t.height());
        img.getPixelWriter().setPixels(0, 0, t.width(), t.height(), PixelFormat.getIntArgbInstance(),
                t.argb(), 0, t.width());
        return img;
    }

    /** Every frame of an animation, in order. */
    public static List<Image> frames(AnimatedImage a) {
        return a.frames().stream().map(f -> convert(f.image())).toList();
    }
}
