package app.lightbox.core.media;

/**
 * A small decoded picture, ARGB pixels in rows. Kept toolkit-free so ViewModels and tests can hold it;
 * the view turns it into a JavaFX image.
 */
public record Thumbnail(int width, int height, int[] argb, int sourceWidth, int sourceHeight) {

    public Thumbnail {
        if (width <= 0 || height <= 0 || argb.length != width * height) {
            throw new IllegalArgumentException("pixel array does not match " + width + "x" + height);
        }
    }

    public int pixel(int x, int y) {
        return argb[y * width + x];
    }
}
