package app.lightbox.core.media;

import app.lightbox.core.concurrent.Futures;
import app.lightbox.model.Output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Each output's original bytes, downloaded once into a folder and kept under a size limit, least recently
 * used out first. The key is the output id (hashed for the file name), never the signed URL, which changes
 * with every outputs call. A download lands in a dot-named temporary file and is moved into place
 * atomically once its length checks out, so the cache never holds a partial file. Concurrent requests for
 * one output share one download; expired links are renewed through {@link OutputLinks}.
 *
 * <p>Layout: {@code <dir>/<sha256(output id)>.<ext>}, the extension following the sniffed {@link MediaType}.
 */
public final class OutputCache {

    private static final String TEMP_PREFIX = ".dl-";

    private final LruFiles files;
    private final OutputLinks links;
    private final SignedMediaClient media;
    private final Executor io;
    private final Map<String, CompletableFuture<CachedOutput>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param dir      the cache folder (created if missing)
     * @param maxBytes the size limit; the newest file stays even if it alone is larger
     * @param io       runs the blocking file work (lookups, moves, evictions)
     */
    public OutputCache(Path dir, long maxBytes, OutputLinks links, SignedMediaClient media, Executor io) {
        this.files = new LruFiles(Objects.requireNonNull(dir, "dir"), maxBytes);
        this.links = Objects.requireNonNull(links, "links");
        this.media = Objects.requireNonNull(media, "media");
        this.io = overflowToCommonPool(Objects.requireNonNull(io, "io"));
    }

    /**
     * The io pool's queue is bounded; a gallery asking for thousands of originals at once must not turn the
     * overflow into failed tiles. Work the pool refuses goes to the common pool instead of running on the
     * asking thread, which may be the FX thread (ViewModels open originals from there).
     */
    private static Executor overflowToCommonPool(Executor io) {
        return task -> {
            try {
                io.execute(task);
            } catch (RejectedExecutionException e) {
                java.util.concurrent.ForkJoinPool.commonPool().execute(task);
            }
        };
    }

    /**
     * The cached original, downloading it first if needed. Cancelling the returned future does not stop a
     * download others may be waiting for.
     */
    public CompletableFuture<CachedOutput> open(Output output) {
        String key = key(output.id());
        CompletableFuture<CachedOutput> mine = new CompletableFuture<>();
        CompletableFuture<CachedOutput> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running.copy();
        }
        CompletableFuture.supplyAsync(() -> lookup(output.id(), key), io)
                .thenCompose(hit -> hit.map(CompletableFuture::completedFuture).orElseGet(() -> download(output, key)))
                .whenComplete((cached, failure) -> {
                    inFlight.remove(key, mine);
                    if (failure != null) {
                        mine.completeExceptionally(Futures.unwrap(failure));
                    } else {
                        mine.complete(cached);
                    }
                });
        return mine.copy();
    }

    /** The cached original if there is one, without downloading. Blocking file work. */
    public Optional<CachedOutput> cached(String outputId) {
        return lookup(outputId, key(outputId));
    }

    /** Forgets an output's bytes, e.g. to fetch a file again that storage served wrongly. Blocking. */
    public void evict(String outputId) {
        files.remove(key(outputId));
    }

    /** Bytes currently held. Blocking on first use (the folder is scanned once). */
    public long sizeBytes() {
        return files.totalBytes();
    }

    private Optional<CachedOutput> lookup(String outputId, String key) {
        LruFiles.Entry e = files.find(key);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new CachedOutput(outputId, e.file(), typeFromName(e.file()), e.size()));
    }

    private CompletableFuture<CachedOutput> download(Output output, String key) {
        return links.withFreshLink(output, url -> media.download(url, files.dir(), TEMP_PREFIX))
                .thenApplyAsync(d -> {
                    try {
                        MediaType type = MediaType.detect(head(d.tempFile()), d.contentType(), output.suggestedName());
                        Path target = files.dir().resolve(key + "." + type.extension());
                        Files.move(d.tempFile(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        files.added(key, target, d.size());
                        return new CachedOutput(output.id(), target, type, d.size());
                    } catch (IOException e) {
                        LruFiles.deleteQuietly(d.tempFile());
                        throw new UncheckedIOException(new IOException(
                                "Could not store the download in the cache (" + e.getMessage() + ")", e));
                    } catch (RuntimeException e) {
                        LruFiles.deleteQuietly(d.tempFile());
                        throw e;
                    }
                }, io);
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MediaType.SNIFF_BYTES);
        }
    }

    /** Cached names keep the sniffed type in their extension; animated WebP is sniffed again when decoded. */
    private static MediaType typeFromName(Path file) {
        String name = file.getFileName().toString();
        MediaType byName = MediaType.fromFileName(name);
        if (byName == MediaType.UNKNOWN && name.endsWith(".bin")) {
            return MediaType.UNKNOWN;
        }
        if (byName == MediaType.WEBP) {
            try {
                return MediaType.sniff(head(file));
            } catch (IOException e) {
                return byName;
            }
        }
        return byName;
    }

    static String key(String outputId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(outputId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
