package app.lightbox.core.media;

import java.nio.file.Path;

/**
 * An output's original bytes on disk, exactly as storage sent them.
 *
 * @param outputId the ComfyControl output id (the cache key)
 * @param file     the cached file; its extension follows {@code type}, so players that go by extension work
 * @param type     what the bytes are, sniffed at download time
 * @param size     bytes
 */
public record CachedOutput(String outputId, Path file, MediaType type, long size) {
}
