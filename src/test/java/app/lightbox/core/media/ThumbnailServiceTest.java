package app.lightbox.core.media;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.model.Output;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thumbnails over the sandbox: made once, kept on disk and in bounded memory, in priority order, cancellable. */
class ThumbnailServiceTest {

    private SandboxServer sandbox;
    private HttpStack http;
    private ComfyControlClient api;
    private SignedMediaClient media;
    private AppExecutors executors;
    private ExecutorService onePool;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        sandbox = SandboxServer.start(SandboxConfig.defaults().withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        http = HttpStack.create();
        api = new ComfyControlClient(sandbox.baseUrl(), sandbox::demoToken, http,
                new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(100)));
        media = new SignedMediaClient(http);
        executors = new AppExecutors();
        onePool = Executors.newSingleThreadExecutor(AppExecutors.named("test-decode"));
    }

    @AfterEach
    void stop() {
        onePool.shutdownNow();
        executors.close();
        http.close();
        sandbox.close();
    }

    private ThumbnailService service(long memoryBytes, java.util.concurrent.Executor pool) {
        OutputCache cache = new OutputCache(dir.resolve("originals"), 100L << 20, new OutputLinks(api), media, executors.io());
        return new ThumbnailService(cache, dir.resolve("thumbnails"), 10L << 20, memoryBytes, new ThumbnailDecoder(), pool);
    }

    private List<Output> outputs(OutputSpec... specs) throws Exception {
        return api.outputs(sandbox.addWorkflow(WorkflowSpec.completed("w").outputs(specs))).get(10, TimeUnit.SECONDS);
    }

    private static <T> T done(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aThumbnailIsDecodedOnceAndFoundOnDiskByTheNextInstance() throws Exception {
        byte[] translucent = TestImages.png(40, 20, 0x80FF0000);
        List<Output> outs = outputs(OutputSpec.png("wide.png", 1024, 512),
                OutputSpec.bytes("glass.png", "image/png", translucent));
        ThumbnailService first = service(1L << 20, executors.decode());
        Thumbnail wide = done(first.thumbnail(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));
        Thumbnail glass = done(first.thumbnail(outs.get(1), 256, ThumbnailService.PRIORITY_VISIBLE));
        assertEquals(256, wide.width());
        assertEquals(128, wide.height());
        assertEquals(1024, wide.sourceWidth());
        assertEquals(2, first.decodeCount());
        done(first.thumbnail(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));
        assertEquals(2, first.decodeCount(), "the second request is served from memory");
        int mediaRequests = sandbox.stats().mediaRequests();

        ThumbnailService second = service(1L << 20, executors.decode());
        Thumbnail wideAgain = done(second.thumbnail(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));
        Thumbnail glassAgain = done(second.thumbnail(outs.get(1), 256, ThumbnailService.PRIORITY_VISIBLE));
        assertEquals(0, second.decodeCount());
        assertEquals(mediaRequests, sandbox.stats().mediaRequests());
        assertEquals(256, wideAgain.width());
        assertEquals(128, wideAgain.height());
        assertEquals(1024, wideAgain.sourceWidth());
        assertEquals(512, wideAgain.sourceHeight());
        // Translucent thumbnails are stored losslessly with their alpha.
        assertEquals(glass.pixel(5, 5), glassAgain.pixel(5, 5));
        assertEquals(0x80FF0000, glassAgain.pixel(5, 5));

        // Another size is another thumbnail.
        assertEquals(64, done(second.thumbnail(outs.get(0), 64, 0)).width());
        assertEquals(1, second.decodeCount());
    }

    @Test
    void anOpaqueThumbnailKeepsItsColoursOnDiskAndADamagedOneIsMadeAgain() throws Exception {
        List<Output> outs = outputs(OutputSpec.bytes("brick.png", "image/png", TestImages.png(600, 300, 0xFFC03020)));
        ThumbnailService first = service(1L << 20, executors.decode());
        Thumbnail made = done(first.thumbnail(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));

        ThumbnailService second = service(1L << 20, executors.decode());
        Thumbnail read = done(second.thumbnail(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));
        assertEquals(0, second.decodeCount(), "read from the disk cache");
        assertNearlyEqual(made.pixel(100, 60), read.pixel(100, 60));
        assertNearlyEqual(0xFFC03020, read.pixel(100, 60));

        List<Path> files;
        try (var s = Files.list(dir.resolve("thumbnails"))) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        Files.write(files.get(0), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        ThumbnailService third = service(1L << 20, executors.decode());
        Thumbnail again = done(third.thumbnail(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));
        assertEquals(1, third.decodeCount(), "a damaged thumbnail file is made again from the original");
        assertNearlyEqual(0xFFC03020, again.pixel(100, 60));
    }

    /** Equal within what JPEG's quantisation moves a flat colour. */
    private static void assertNearlyEqual(int expected, int actual) {
        for (int shift = 0; shift <= 24; shift += 8) {
            int e = expected >>> shift & 0xFF;
            int a = actual >>> shift & 0xFF;
            assertTrue(Math.abs(e - a) <= 6, String.format("expected about %08X, got %08X", expected, actual));
        }
    }

    @Test
    void aVideoPosterIsTakenOnceAndFoundOnDiskByTheNextInstance() throws Exception {
        List<Output> outs = outputs(OutputSpec.asset("orbit.mp4", "clip-orbit.mp4"), OutputSpec.png("still.png", 64, 64));
        List<Path> grabbed = Collections.synchronizedList(new ArrayList<>());
        FrameGrabber frames = (video, maxSide) -> {
            grabbed.add(video);
            int[] px = new int[160 * 90];
            java.util.Arrays.fill(px, 0xFF336699);
            return CompletableFuture.completedFuture(new Thumbnail(160, 90, px, 320, 180));
        };
        OutputCache cache = new OutputCache(dir.resolve("originals"), 100L << 20, new OutputLinks(api), media, executors.io());
        ThumbnailService first = new ThumbnailService(cache, dir.resolve("thumbnails"), 10L << 20, 1L << 20,
                new ThumbnailDecoder(), executors.decode(), frames);
        Thumbnail poster = done(first.poster(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));
        assertEquals(160, poster.width());
        assertEquals(1, first.frameGrabCount());
        assertTrue(grabbed.get(0).getFileName().toString().endsWith(".mp4"), "the grabber reads the cached file");
        done(first.poster(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));
        assertEquals(1, first.frameGrabCount(), "the second request is served from memory");
        ExecutionException notVideo = assertThrows(ExecutionException.class,
                () -> done(first.poster(outs.get(1), 256, ThumbnailService.PRIORITY_VISIBLE)));
        assertTrue(notVideo.getCause() instanceof MediaDecodeException, notVideo.getCause().toString());

        ThumbnailService second = new ThumbnailService(cache, dir.resolve("thumbnails"), 10L << 20, 1L << 20,
                new ThumbnailDecoder(), executors.decode(), frames);
        Thumbnail again = done(second.poster(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE));
        assertEquals(0, second.frameGrabCount(), "reopening reads the poster from disk, no player is started");
        assertEquals(1, grabbed.size());
        assertEquals(160, again.width());
        assertEquals(320, again.sourceWidth());
        // The poster is no thumbnail: asking for the video's thumbnail still says it is a video.
        ExecutionException thumb = assertThrows(ExecutionException.class,
                () -> done(second.thumbnail(outs.get(0), 256, ThumbnailService.PRIORITY_VISIBLE)));
        assertTrue(thumb.getCause() instanceof NotAnImageException, thumb.getCause().toString());
    }

    @Test
    void withoutAGrabberAPosterFailsWithASentence() throws Exception {
        List<Output> outs = outputs(OutputSpec.asset("orbit.mp4", "clip-orbit.mp4"));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> done(service(1L << 20, executors.decode()).poster(outs.get(0), 256, 0)));
        assertTrue(e.getCause() instanceof MediaDecodeException, e.getCause().toString());
    }

    @Test
    void memoryStaysWithinItsByteBound() throws Exception {
        List<Output> outs = outputs(OutputSpec.png("1.png", 64, 64), OutputSpec.png("2.png", 64, 64),
                OutputSpec.png("3.png", 64, 64), OutputSpec.png("4.png", 64, 64), OutputSpec.png("5.png", 64, 64));
        long threeThumbnails = 3L * 64 * 64 * 4;
        ThumbnailService s = service(threeThumbnails, executors.decode());
        for (Output o : outs) {
            done(s.thumbnail(o, 64, 0));
            assertTrue(s.memoryBytes() <= threeThumbnails, "memory " + s.memoryBytes());
        }
        assertEquals(threeThumbnails, s.memoryBytes());
        long before = s.decodeCount();
        done(s.thumbnail(outs.get(4), 64, 0)); // most recent: still in memory
        assertEquals(before, s.decodeCount());
    }

    @Test
    void visibleTilesGoFirstAndCancelledRequestsNeverRun() throws Exception {
        List<Output> outs = outputs(OutputSpec.png("a.png", 32, 32), OutputSpec.png("b.png", 32, 32),
                OutputSpec.png("c.png", 32, 32), OutputSpec.png("d.png", 32, 32), OutputSpec.png("e.png", 32, 32));
        ThumbnailService warm = service(1L << 20, executors.decode());
        for (Output o : outs.subList(0, 4)) {
            done(warm.thumbnail(o, 32, 0));
        }
        int mediaRequests = sandbox.stats().mediaRequests();

        ThumbnailService s = service(1L << 20, onePool);
        CountDownLatch release = new CountDownLatch(1);
        onePool.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        String[] names = {"a", "b", "c", "d", "e"};
        int[] priorities = {ThumbnailService.PRIORITY_BACKGROUND, ThumbnailService.PRIORITY_VISIBLE,
                ThumbnailService.PRIORITY_NEARBY, ThumbnailService.PRIORITY_VISIBLE, ThumbnailService.PRIORITY_VISIBLE};
        List<CompletableFuture<Thumbnail>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = names[i];
            CompletableFuture<Thumbnail> f = s.thumbnail(outs.get(i), 32, priorities[i]);
            f.whenComplete((t, e) -> order.add(name));
            futures.add(f);
        }
        assertEquals(5, s.queuedCount());
        futures.get(2).cancel(true); // c scrolled away
        futures.get(4).cancel(true); // e too: it was never downloaded
        assertEquals(3, s.queuedCount());
        release.countDown();
        for (int i : new int[]{0, 1, 3}) {
            done(futures.get(i));
        }
        onePool.submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("c", "e", "b", "d", "a"), order);
        assertEquals(0, s.queuedCount());
        assertEquals(0, s.decodeCount());
        assertEquals(mediaRequests, sandbox.stats().mediaRequests(), "the cancelled tile was not downloaded");
    }

    @Test
    void eachBrokenItemFailsOnItsOwnWithASentence() throws Exception {
        byte[] png = TestImages.png(64, 64, TestImages.GREEN);
        List<Output> outs = outputs(
                OutputSpec.bytes("page.png", "image/png",
                        "<!doctype html><title>Sign in</title>".getBytes(StandardCharsets.UTF_8)),
                OutputSpec.bytes("cut.png", "image/png", TestImages.cut(png, png.length / 2)),
                OutputSpec.bytes("empty.png", "image/png", new byte[0]),
                OutputSpec.asset("clip.mp4", "clip-tide.mp4"),
                OutputSpec.bytes("bomb.png", "image/png", TestImages.pngBomb(30_000, 30_000)),
                OutputSpec.bytes("fine.png", "image/png", png));
        ThumbnailService s = service(1L << 20, executors.decode());
        List<CompletableFuture<Thumbnail>> all = outs.stream().map(o -> s.thumbnail(o, 128, 0)).toList();
        assertEquals("This is an HTML page, not an image", message(all.get(0)));
        assertEquals("The file is cut off (truncated PNG)", message(all.get(1)));
        assertEquals("The file is empty", message(all.get(2)));
        assertEquals("This is an MP4 video, not an image", message(all.get(3)));
        assertEquals("The image claims to be 30000×30000 pixels, too large to open safely", message(all.get(4)));
        assertEquals(TestImages.GREEN, done(all.get(5)).pixel(10, 10));
    }

    private static String message(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof MediaDecodeException, String.valueOf(e.getCause()));
        return e.getCause().getMessage();
    }
}
