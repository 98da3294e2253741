package app.lightbox.core.media;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.model.Output;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The download cache over real HTTP against the sandbox. */
class OutputCacheTest {

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2026-06-01T12:00:00Z"));
    private SandboxServer sandbox;
    private HttpStack http;
    private ComfyControlClient api;
    private SignedMediaClient media;
    private AppExecutors executors;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        sandbox = SandboxServer.start(SandboxConfig.defaults().withClock(clock).withUrlTtl(Duration.ofMinutes(5))
                .withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        http = HttpStack.create();
        api = new ComfyControlClient(sandbox.baseUrl(), sandbox::demoToken, http,
                new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(100)));
        media = new SignedMediaClient(http);
        executors = new AppExecutors();
    }

    @AfterEach
    void stop() {
        executors.close();
        http.close();
        sandbox.close();
    }

    private OutputCache cache(long maxBytes) {
        return new OutputCache(dir, maxBytes, new OutputLinks(api), media, executors.io());
    }

    private List<Output> outputs(WorkflowSpec spec) throws Exception {
        return api.outputs(sandbox.addWorkflow(spec)).get(10, TimeUnit.SECONDS);
    }

    private static <T> T done(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    private List<Path> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    private static byte[] noise(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        b[0] = 0x01; // no magic number
        return b;
    }

    @Test
    void downloadsOnceKeepsBytesIntactAndReopensWithoutTouchingStorage() throws Exception {
        byte[] anim = TestImages.animatedWebP(4, 4, 0, 0, List.of(
                TestImages.Frame.solid(0, 0, 4, 4, TestImages.RED, 100, false, false)));
        List<Output> outs = outputs(WorkflowSpec.completed("w").outputs(
                OutputSpec.png("image001.png", 64, 48),
                OutputSpec.asset("video.mp4", "clip-orbit.mp4"),
                OutputSpec.bytes("anim.webp", "image/webp", anim)));
        OutputCache cache = cache(100L << 20);
        List<CachedOutput> first = new ArrayList<>();
        for (Output o : outs) {
            first.add(done(cache.open(o)));
        }
        assertEquals(3, sandbox.stats().mediaRequests());
        assertEquals(MediaType.PNG, first.get(0).type());
        assertEquals(MediaType.MP4, first.get(1).type());
        assertTrue(first.get(1).file().getFileName().toString().endsWith(".mp4"));
        assertEquals(MediaType.WEBP_ANIMATED, first.get(2).type());
        assertArrayEquals(anim, Files.readAllBytes(first.get(2).file()));
        long sizes = first.stream().mapToLong(CachedOutput::size).sum();
        assertEquals(sandbox.stats().mediaBytesSent(), sizes);
        assertEquals(sizes, cache.sizeBytes());

        // The same cache again, and a new one over the same folder as after a restart: no media requests.
        for (Output o : outs) {
            done(cache.open(o));
        }
        OutputCache reopened = cache(100L << 20);
        for (int i = 0; i < outs.size(); i++) {
            CachedOutput again = done(reopened.open(outs.get(i)));
            assertEquals(first.get(i).file(), again.file());
            assertEquals(first.get(i).type(), again.type());
        }
        assertEquals(3, sandbox.stats().mediaRequests());
        assertEquals(sizes, sandbox.stats().mediaBytesSent());
    }

    @Test
    void evictsTheLeastRecentlyUsedOverTheLimitAcrossRestarts() throws Exception {
        List<Output> outs = outputs(WorkflowSpec.completed("w").outputs(
                OutputSpec.bytes("a.bin", "application/octet-stream", noise(10_000, 1)),
                OutputSpec.bytes("b.bin", "application/octet-stream", noise(10_000, 2)),
                OutputSpec.bytes("c.bin", "application/octet-stream", noise(10_000, 3)),
                OutputSpec.bytes("d.bin", "application/octet-stream", noise(10_000, 4))));
        Output a = outs.get(0);
        Output b = outs.get(1);
        Output c = outs.get(2);
        Output d = outs.get(3);
        OutputCache cache = cache(25_000);
        done(cache.open(a));
        done(cache.open(b));
        done(cache.open(a)); // a is now more recent than b
        done(cache.open(c));
        assertTrue(cache.cached(a.id()).isPresent());
        assertFalse(cache.cached(b.id()).isPresent(), "b was least recently used");
        assertTrue(cache.cached(c.id()).isPresent());
        assertEquals(20_000, cache.sizeBytes());
        assertEquals(2, filesIn(dir).size());

        // After a restart the order comes from the files: c was used after a (by cached() above).
        OutputCache reopened = cache(25_000);
        done(reopened.open(d));
        assertFalse(reopened.cached(a.id()).isPresent());
        assertTrue(reopened.cached(c.id()).isPresent());
        assertTrue(reopened.cached(d.id()).isPresent());
        assertEquals(4, sandbox.stats().mediaRequests());
    }

    @Test
    void concurrentRequestsForOneOutputShareOneDownload() throws Exception {
        List<Output> outs = outputs(WorkflowSpec.completed("w").outputs(OutputSpec.png("a.png", 256, 256)));
        sandbox.faults().setLatency(Duration.ofMillis(300));
        OutputCache cache = cache(100L << 20);
        List<CompletableFuture<CachedOutput>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(cache.open(outs.get(0)));
        }
        all.get(3).cancel(true); // one tile scrolled away: the others still get the file
        for (int i = 0; i < all.size(); i++) {
            if (i != 3) {
                assertTrue(Files.size(done(all.get(i)).file()) > 0);
            }
        }
        assertEquals(1, sandbox.stats().mediaRequests());
    }

    @Test
    void expiredLinksOfOneWorkflowCauseExactlyOneOutputsRequest() throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("w").outputs(
                OutputSpec.png("1.png", 16, 16), OutputSpec.png("2.png", 16, 16),
                OutputSpec.png("3.png", 16, 16), OutputSpec.png("4.png", 16, 16),
                OutputSpec.png("5.png", 16, 16)));
        List<Output> outs = api.outputs(id).get(10, TimeUnit.SECONDS);
        assertEquals(1, sandbox.stats().outputsRequests(id));
        clock.advance(Duration.ofMinutes(6));
        OutputCache cache = cache(100L << 20);
        List<CompletableFuture<CachedOutput>> all = outs.stream().map(cache::open).toList();
        for (CompletableFuture<CachedOutput> f : all) {
            assertEquals(MediaType.PNG, done(f).type());
        }
        assertEquals(2, sandbox.stats().outputsRequests(id), "one renewal for all five expired links");
        // A download that starts after the renewal already has the new link, so 403s number one to five.
        int media = sandbox.stats().mediaRequests();
        assertTrue(media >= 6 && media <= 10, "five downloads after at most five 403s: " + media);
    }

    @Test
    void aTruncatedDownloadFailsAndLeavesNoFile() throws Exception {
        List<Output> outs = outputs(WorkflowSpec.completed("w").outputs(OutputSpec.png("a.png", 256, 256)));
        sandbox.faults().setTruncateMedia(true);
        OutputCache cache = cache(100L << 20);
        ExecutionException e = assertThrows(ExecutionException.class, () -> done(cache.open(outs.get(0))));
        assertInstanceOf(MediaException.class, e.getCause());
        assertTrue(e.getCause().getMessage().matches(".*(truncated|broke off).*"), e.getCause().getMessage());
        assertFalse(e.getCause().getMessage().contains("signature"), e.getCause().getMessage());
        assertEquals(List.of(), filesIn(dir));
        assertFalse(cache.cached(outs.get(0).id()).isPresent());

        sandbox.faults().setTruncateMedia(false);
        CachedOutput ok = done(cache.open(outs.get(0)));
        byte[] bytes = Files.readAllBytes(ok.file());
        assertEquals(MediaType.PNG, MediaType.sniff(Arrays.copyOf(bytes, 16)));
        assertEquals(List.of(ok.file()), filesIn(dir));
    }
}
