package app.lightbox.core.media;

import app.lightbox.core.concurrent.Futures;
import app.lightbox.model.Output;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Thumbnails of outputs, made once: from memory (bounded by bytes), else from a small file on disk, else by
 * decoding the cached original. Decoding runs on the shared decode pool in priority order (visible tiles
 * first); cancelling the returned future takes queued work back, so tiles scrolled away cost nothing.
 * Each output fails on its own, with a sentence for a person; nothing thrown escapes to other items.
 *
 * <p>Videos get a poster the same way: one frame taken by the {@link FrameGrabber}, once, then kept beside
 * the thumbnails, so reopening a gallery does not start a player for it again.
 *
 * <p>Disk layout: {@code <dir>/<sha256(output id)>-<side>.<sourceW>x<sourceH>.png|jpg} (JPEG when opaque);
 * posters as {@code <sha256(output id)>-poster-<side>...}.
 */
public final class ThumbnailService {

    /** Thumbnails are for grids: larger requests are refused so nobody builds a viewer on them. */
    public static final int MAX_SIDE = 512;
    /** Higher runs sooner. */
    public static final int PRIORITY_VISIBLE = 10;
    public static final int PRIORITY_NEARBY = 5;
    public static final int PRIORITY_BACKGROUND = 0;

    /** Originals larger than this are not read into memory for a thumbnail. */
    static final long MAX_ORIGINAL_BYTES = 256L * 1024 * 1024;

    private final OutputCache originals;
    private final LruFiles disk;
    private final ThumbnailMemory memory;
    private final ThumbnailDecoder decoder;
    private final PriorityTaskQueue queue;
    private final FrameGrabber frames;
    private final AtomicLong decodes = new AtomicLong();
    private final AtomicLong grabs = new AtomicLong();

    /**
     * @param dir            where thumbnail files go (not the originals' folder)
     * @param diskMaxBytes   limit for thumbnail files
     * @param memoryMaxBytes limit for decoded thumbnails held in memory (4 bytes a pixel)
     * @param decodePool     the app's bounded decode pool
     */
    public ThumbnailService(OutputCache originals, Path dir, long diskMaxBytes, long memoryMaxBytes,
                            ThumbnailDecoder decoder, Executor decodePool) {
        this(originals, dir, diskMaxBytes, memoryMaxBytes, decoder, decodePool, null);
    }

    /** @param frames takes video posters; null when there is no player to take them (posters then fail) */
    public ThumbnailService(OutputCache originals, Path dir, long diskMaxBytes, long memoryMaxBytes,
                            ThumbnailDecoder decoder, Executor decodePool, FrameGrabber frames) {
        this.frames = frames;
        this.originals = Objects.requireNonNull(originals, "originals");
        this.disk = new LruFiles(Objects.requireNonNull(dir, "dir"), diskMaxBytes);
        this.memory = new ThumbnailMemory(memoryMaxBytes);
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.queue = new PriorityTaskQueue(Objects.requireNonNull(decodePool, "decodePool"));
    }

    /**
     * The thumbnail of {@code output} with its longest side at most {@code maxSide}.
     *
     * @param priority higher first, e.g. {@link #PRIORITY_VISIBLE}; equal priorities run in request order
     * @return fails with {@link MediaDecodeException} (or {@link MediaException} for a failed download) whose
     * message is meant for the user; {@code cancel} drops the request if its work has not started
     */
    public CompletableFuture<Thumbnail> thumbnail(Output output, int maxSide, int priority) {
        return request(output, maxSide, priority, false);
    }

    /**
     * The poster of a video output that can be played here: one frame near its start, taken once and then
     * served from memory or disk like a thumbnail. Only ask for videos the probe found playable.
     *
     * @return fails with {@link MediaDecodeException} when no frame could be taken
     */
    public CompletableFuture<Thumbnail> poster(Output output, int maxSide, int priority) {
        return request(output, maxSide, priority, true);
    }

    private CompletableFuture<Thumbnail> request(Output output, int maxSide, int priority, boolean poster) {
        if (maxSide < 1 || maxSide > MAX_SIDE) {
            throw new IllegalArgumentException("maxSide must be within 1.." + MAX_SIDE + ": " + maxSide);
        }
        String memoryKey = output.id() + '\n' + (poster ? "poster-" : "") + maxSide;
        // Called on the FX thread: never wait for the memory's lock; a miss is looked up again on the pool.
        Thumbnail known = memory.tryGet(memoryKey);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        Request r = new Request(output, maxSide, priority, memoryKey, poster);
        r.result.whenComplete((t, failure) -> {
            if (failure instanceof CancellationException) {
                queue.remove(r.queued.get());
            }
        });
        r.enqueue(() -> fromDiskOrOriginal(r));
        return r.result;
    }

    /** How many originals have been decoded (not counting thumbnails found in memory or on disk). */
    public long decodeCount() {
        return decodes.get();
    }

    /** How many video frames have been taken for posters (not counting posters found in memory or on disk). */
    public long frameGrabCount() {
        return grabs.get();
    }

    /** Bytes of thumbnails held in memory. */
    public long memoryBytes() {
        return memory.bytes();
    }

    /** Requests waiting for a decode thread. */
    public int queuedCount() {
        return queue.queued();
    }

    private final class Request {
        final Output output;
        final int maxSide;
        final int priority;
        final String memoryKey;
        final String diskKey;
        final CompletableFuture<Thumbnail> result = new CompletableFuture<>();
        final AtomicReference<PriorityTaskQueue.Task> queued = new AtomicReference<>();

        final boolean poster;

        Request(Output output, int maxSide, int priority, String memoryKey, boolean poster) {
            this.output = output;
            this.maxSide = maxSide;
            this.priority = priority;
            this.memoryKey = memoryKey;
            this.poster = poster;
            this.diskKey = OutputCache.key(output.id()) + (poster ? "-poster-" : "-") + maxSide;
        }

        void enqueue(Runnable step) {
            if (result.isDone()) {
                return;
            }
            try {
                queued.set(queue.submit(priority, () -> {
                    if (result.isDone()) {
                        return;
                    }
                    try {
                        step.run();
                    } catch (RuntimeException e) {
                        fail(e);
                    }
                }));
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new MediaDecodeException("Lightbox is too busy to make this preview now", e));
            }
        }

        void fail(Throwable t) {
            Throwable e = Futures.unwrap(t);
            if (!(e instanceof MediaDecodeException) && !(e instanceof MediaException)) {
                String m = e.getMessage();
                e = new MediaDecodeException("Could not make a preview (" + (m == null ? e.getClass().getSimpleName() : m) + ")", e);
            }
            result.completeExceptionally(e);
        }
    }

    private void fromDiskOrOriginal(Request r) {
        Thumbnail known = memory.get(r.memoryKey);
        if (known == null) {
            known = readDisk(r);
        }
        if (known != null) {
            memory.put(r.memoryKey, known);
            r.result.complete(known);
            return;
        }
        originals.open(r.output).whenComplete((cached, failure) -> {
            if (failure != null) {
                r.fail(failure);
            } else {
                r.enqueue(() -> decode(r, cached));
            }
        });
    }

    private void decode(Request r, CachedOutput cached) {
        Thumbnail known = memory.get(r.memoryKey);
        if (known != null) {
            r.result.complete(known);
            return;
        }
        if (r.poster) {
            grabPoster(r, cached);
            return;
        }
        try {
            if (cached.type().isVideo()) {
                throw new NotAnImageException(cached.type(), "This is " + article(cached.type()) + ", not an image");
            }
            if (cached.size() > MAX_ORIGINAL_BYTES) {
                throw new MediaDecodeException("The file is too large to preview (" + cached.size() / (1024 * 1024) + " MB)");
            }
            byte[] bytes = Files.readAllBytes(cached.file());
            decodes.incrementAndGet();
            Thumbnail t = decoder.decode(bytes, r.maxSide);
            writeDisk(r, t);
            memory.put(r.memoryKey, t);
            r.result.complete(t);
        } catch (MediaDecodeException e) {
            r.result.completeExceptionally(e);
        } catch (IOException e) {
            r.fail(new MediaDecodeException("Could not read the downloaded file (" + e.getMessage() + ")", e));
        }
    }

    private void grabPoster(Request r, CachedOutput cached) {
        if (!cached.type().isVideo()) {
            r.fail(new MediaDecodeException("This is not a video, so it has no poster"));
            return;
        }
        if (frames == null) {
            r.fail(new MediaDecodeException("No video player is available to take a poster frame"));
            return;
        }
        grabs.incrementAndGet();
        CompletableFuture<Thumbnail> grabbed;
        try {
            grabbed = frames.grab(cached.file(), r.maxSide);
        } catch (RuntimeException e) {
            r.fail(e);
            return;
        }
        grabbed.whenComplete((t, failure) -> {
            if (failure != null) {
                r.fail(failure);
            } else {
                // Written on a pool thread: the grabber may complete on the UI thread, which must not do file work.
                r.enqueue(() -> {
                    writeDisk(r, t);
                    memory.put(r.memoryKey, t);
                    r.result.complete(t);
                });
            }
        });
    }

    private static String article(MediaType type) {
        return (type == MediaType.MP4 ? "an " : "a ") + type.label();
    }

    private Thumbnail readDisk(Request r) {
        LruFiles.Entry e = disk.find(r.diskKey);
        if (e == null) {
            return null;
        }
        try {
            String[] parts = e.file().getFileName().toString().split("\\.");
            String[] source = parts.length == 3 ? parts[1].split("x") : new String[0];
            BufferedImage img = source.length == 2
                    ? ThumbnailDecoder.readThumbnailFile(Files.readAllBytes(e.file()), parts[2]) : null;
            if (img == null) {
                disk.remove(r.diskKey);
                return null;
            }
            return new Thumbnail(img.getWidth(), img.getHeight(), ThumbnailDecoder.argb(img),
                    Integer.parseInt(source[0]), Integer.parseInt(source[1]));
        } catch (IOException | RuntimeException ex) {
            // A damaged thumbnail file is just made again.
            disk.remove(r.diskKey);
            return null;
        }
    }

    private void writeDisk(Request r, Thumbnail t) {
        boolean opaque = true;
        for (int p : t.argb()) {
            if (p >>> 24 != 0xFF) {
                opaque = false;
                break;
            }
        }
        String format = opaque ? "jpg" : "png";
        Path dir = disk.dir();
        Path temp = dir.resolve(".tmp-" + UUID.randomUUID());
        Path target = dir.resolve(r.diskKey + "." + t.sourceWidth() + "x" + t.sourceHeight() + "." + format);
        try {
            byte[] encoded = encode(t, opaque);
            Files.createDirectories(dir);
            Files.write(temp, encoded);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            disk.added(r.diskKey, target, encoded.length);
        } catch (IOException | RuntimeException e) {
            // The thumbnail is still shown; it is only made again next time.
            LruFiles.deleteQuietly(temp);
        }
    }

    /**
     * JPEG (ImageIO's default quality) when opaque, else PNG. Opaque pixels go in as the JPEG writer's own
     * byte layout, so it has nothing to convert.
     */
    private static byte[] encode(Thumbnail t, boolean opaque) throws IOException {
        int w = t.width();
        int h = t.height();
        BufferedImage img;
        if (opaque) {
            img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
            byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            int[] argb = t.argb();
            for (int i = 0, o = 0; i < argb.length; i++) {
                int p = argb[i];
                bgr[o++] = (byte) p;
                bgr[o++] = (byte) (p >> 8);
                bgr[o++] = (byte) (p >> 16);
            }
        } else {
            img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            img.setRGB(0, 0, w, h, t.argb(), 0, w);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            if (!ImageIO.write(img, opaque ? "jpeg" : "png", out)) {
                throw new IOException("no " + (opaque ? "JPEG" : "PNG") + " writer");
            }
        }
        return bytes.toByteArray();
    }
}
