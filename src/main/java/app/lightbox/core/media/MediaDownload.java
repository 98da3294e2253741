package app.lightbox.core.media;

import java.nio.file.Path;

/**
 * A completed download sitting in a temporary file. The caller moves it into place (atomically) or deletes
 * it.
 *
 * @param tempFile    the downloaded bytes, complete and length-checked
 * @param contentType the storage's Content-Type, or null
 * @param size        bytes written
 */
public record MediaDownload(Path tempFile, String contentType, long size) {
}
