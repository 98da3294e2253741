package app.lightbox.ui.common;

import app.lightbox.core.media.AnimatedImage;
import app.lightbox.core.media.Thumbnail;
import javafx.scene.image.Image;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.nio.IntBuffer;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Turns decoded pictures into JavaFX images on the FX thread. An opaque thumbnail (nearly every output) is
 * shown straight from its own pixels, without a copy; one with transparency is converted once and
 * remembered while the thumbnail is.
 */
public final class FxImages {

    private final Map<Thumbnail, Image> converted = new WeakHashMap<>();

    /**
     * Made anew for an opaque thumbnail, which costs no pixels, so an image (and the texture drawn from it)
     * lives only as long as a tile shows it; remembered for one with transparency, whose pixels are copied.
     */
    public Image of(Thumbnail t) {
        if (isOpaque(t)) {
            return sharing(t);
        }
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

    /**
     * An image over the thumbnail's own pixels. JavaFX wants premultiplied alpha there, which for an opaque
     * pixel is the same number, so this is only for opaque thumbnails; they are never changed once made.
     */
    static Image sharing(Thumbnail t) {
        PixelBuffer<IntBuffer> pixels = new PixelBuffer<>(t.width(), t.height(), IntBuffer.wrap(t.argb()),
                PixelFormat.getIntArgbPreInstance());
        return new WritableImage(pixels);
    }

    static boolean isOpaque(Thumbnail t) {
        for (int p : t.argb()) {
            if (p >>> 24 != 0xFF) {
                return false;
            }
        }
        return true;
    }
}
