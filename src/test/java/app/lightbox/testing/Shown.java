package app.lightbox.testing;

import javafx.scene.Node;
import javafx.scene.image.ImageView;
import org.testfx.api.FxRobot;

/** What a person sees of the gallery: nodes visible all the way up (the grid keeps a hidden measuring row). */
public final class Shown {

    private Shown() {
    }

    public static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    /** Thumbnails drawn in the gallery grid. */
    public static long thumbnails(FxRobot robot) {
        return robot.lookup("#gallery-grid .image-view").<ImageView>queryAll().stream()
                .filter(v -> v.getImage() != null && showing(v))
                .count();
    }
}
