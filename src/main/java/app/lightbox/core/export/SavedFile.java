package app.lightbox.core.export;

import java.nio.file.Path;

/**
 * One output now on disk.
 *
 * @param reused true if an identical file was already there and was kept instead of writing a new one
 */
public record SavedFile(String outputId, Path path, long size, boolean reused) {
}
