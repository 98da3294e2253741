package app.lightbox.core.media;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Recently shown thumbnails, bounded by the bytes their pixels take. Thread-safe; {@link #tryGet} never
 * waits, for callers on the FX thread.
 */
final class ThumbnailMemory {

    private final long maxBytes;
    private final LinkedHashMap<String, Thumbnail> map = new LinkedHashMap<>(64, 0.75f, true);
    private final ReentrantLock lock = new ReentrantLock();
    private long bytes;

    ThumbnailMemory(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static long sizeOf(Thumbnail t) {
        return 4L * t.argb().length;
    }

    Thumbnail get(String key) {
        lock.lock();
        try {
            return map.get(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Like {@link #get}, but null while another thread holds the map: a decode thread descheduled inside
     * {@link #put} on a busy machine must not hold up the FX thread. A miss only costs a queued lookup.
     */
    Thumbnail tryGet(String key) {
        if (!lock.tryLock()) {
            return null;
        }
        try {
            return map.get(key);
        } finally {
            lock.unlock();
        }
    }

    void put(String key, Thumbnail t) {
        long size = sizeOf(t);
        if (size > maxBytes) {
            return;
        }
        lock.lock();
        try {
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
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return map.size();
        } finally {
            lock.unlock();
        }
    }
}
