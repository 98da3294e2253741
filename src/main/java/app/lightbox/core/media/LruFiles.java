package app.lightbox.core.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory of files kept under a byte limit, least recently used first out. Use is recorded in each
 * file's modification time, so the order survives restarts without an index to keep consistent. A file's
 * key is its name up to the first dot; names starting with a dot are temporary and never listed.
 */
final class LruFiles {

    record Entry(Path file, long size) {
    }

    private final Path dir;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long totalBytes;
    private boolean loaded;

    LruFiles(Path dir, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    Path dir() {
        return dir;
    }

    /** The entry for {@code key}, marked as just used; null if there is none. Blocking file work. */
    synchronized Entry find(String key) {
        load();
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (!Files.isRegularFile(e.file())) {
            entries.remove(key);
            totalBytes -= e.size();
            return null;
        }
        touch(e.file());
        return e;
    }

    /** Records a file just moved into place, then evicts the least recently used others over the limit. */
    synchronized void added(String key, Path file, long size) {
        load();
        Entry old = entries.put(key, new Entry(file, size));
        if (old != null) {
            totalBytes -= old.size();
            if (!old.file().equals(file)) {
                deleteQuietly(old.file());
            }
        }
        totalBytes += size;
        touch(file);
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (totalBytes > maxBytes && it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            if (eldest.getKey().equals(key)) {
                continue;
            }
            it.remove();
            totalBytes -= eldest.getValue().size();
            deleteQuietly(eldest.getValue().file());
        }
    }

    synchronized void remove(String key) {
        load();
        Entry e = entries.remove(key);
        if (e != null) {
            totalBytes -= e.size();
            deleteQuietly(e.file());
        }
    }

    synchronized long totalBytes() {
        load();
        return totalBytes;
    }

    synchronized List<String> keysOldestFirst() {
        load();
        return new ArrayList<>(entries.keySet());
    }

    private void load() {
        if (loaded) {
            return;
        }
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(files::add);
            }
            // One stat a file: a cache of thousands would otherwise be stat'ed again on every comparison.
            record Found(Path file, BasicFileAttributes attributes) {
            }
            List<Found> kept = new ArrayList<>();
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    // A download or write that was interrupted by a crash or power loss.
                    deleteQuietly(p);
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class);
                } catch (IOException gone) {
                    continue;
                }
                if (a.isRegularFile()) {
                    kept.add(new Found(p, a));
                }
            }
            kept.sort(Comparator.comparing(f -> f.attributes().lastModifiedTime()));
            for (Found f : kept) {
                long size = f.attributes().size();
                entries.put(keyOf(f.file()), new Entry(f.file(), size));
                totalBytes += size;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the cache folder " + dir + " (" + e.getMessage() + ")", e);
        }
        loaded = true;
    }

    static String keyOf(Path p) {
        String name = p.getFileName().toString();
        int dot = name.indexOf('.');
        return dot >= 0 ? name.substring(0, dot) : name;
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // Only the eviction order suffers.
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // Still open elsewhere (Windows) or already gone; a later eviction or start-up scan retries.
        }
    }
}
