package app.lightbox.ui.common;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** Opens a file in the program the system uses for it (a video Lightbox can't play, say). Never on the FX thread. */
@FunctionalInterface
public interface ExternalOpener {

    CompletableFuture<Void> open(Path file);
}
