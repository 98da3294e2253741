package app.lightbox.ui.common;

import app.lightbox.core.media.Thumbnail;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

import java.util.Map;
import java.util.WeakHashMap;

/** Turns decoded thumbnails into JavaFX images once, on the FX thread (a cheap pixel copy). */
public final class FxImages {

    private final Map<Thumbnail, Image> converted = new WeakHashMap<>();

    public Image of(Thumbnail t) {
        return converted.computeIfAbsent(t, FxImages::convert);
    }

    private static Image convert(Thumbnail t) {
        WritableImage img = new WritableImage(t.width(), t.height());
        img.getPixelWriter().setPixels(0, 0, t.width(), t.height(), PixelFormat.getIntArgbInstance(),
                t.argb(), 0, t.width());
        return img;
    }
}
