package app.lightbox.testing;

import javafx.scene.Node;
import javafx.scene.image.ImageView;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * Thumbnails drawn in the gallery grid. Counted on the FX thread: tests poll this while the grid adds and
     * removes cells there, and a look-up from another thread can walk a child list as it changes.
     */
    public static long thumbnails(FxRobot robot) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup("#gallery-grid .image-view").<ImageView>queryAll().stream()
                    .filter(v -> v.getImage() != null && showing(v))
                    .count()).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not count the gallery's thumbnails", e);
        }
    }
}
