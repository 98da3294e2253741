package app.lightbox.core.media;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Recently shown thumbnails, bounded by the bytes their pixels take. Thread-safe. */
final class ThumbnailMemory {

    private final long maxBytes;
    private final LinkedHashMap<String, Thumbnail> map = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    ThumbnailMemory(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static long sizeOf(Thumbnail t) {
        return 4L * t.argb().length;
    }

    synchronized Thumbnail get(String key) {
        return map.get(key);
    }

    synchronized void put(String key, Thumbnail t) {
        long size = sizeOf(t);
        if (size > maxBytes) {
            return;
        }
        Thumbnail old = map.put(key, t);
        if (old != null) {
            bytes -= sizeOf(old);
        }
        bytes += size;
        Iterator<Map.Entry<String, Thumbnail>> it = map.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Thumbnail> eldest = it.next();
            it.remove();
            bytes -= sizeOf(eldest.getValue());
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return map.size();
    }
}
