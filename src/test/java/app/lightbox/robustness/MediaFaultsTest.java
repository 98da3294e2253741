package app.lightbox.robustness;

import app.lightbox.core.export.OutputFetcher;
import app.lightbox.model.Output;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network faults from the sandbox's knobs, met by the real pipeline (links, original cache, thumbnails,
 * fetch): every output arrives or fails on its own with a reason, and no partial file is ever left behind.
 */
class MediaFaultsTest {

    @TempDir
    Path dir;

    private Rig rig;

    @BeforeEach
    void start() throws Exception {
        rig = new Rig(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void latencyAndServerErrorBurstsAreRiddenOut() throws Exception {
        rig.sandbox.faults().setLatency(Duration.ofMillis(40));
        rig.sandbox.faults().failNextApiRequests(2, 503);
        List<Output> outputs = rig.workflow(Rig.pngs(12, 64));
        Rig.assertAllArrived(rig.thumbnailsOf(outputs));
        Rig.assertNoPartialFiles(dir);
    }

    @Test
    void aRateLimitLockoutIsWaitedOut() throws Exception {
        rig.sandbox.faults().failNextApiRequests(2, 429);
        List<Output> outputs = rig.workflow(Rig.pngs(6, 64));
        Rig.assertAllArrived(rig.thumbnailsOf(outputs));
        assertTrue(rig.sandbox.stats().rateLimited() >= 2, "the lock-out happened");
    }

    @Test
    void truncatedBodiesFailPerItemAndLeaveNothingBehind() throws Exception {
        List<Output> outputs = rig.workflow(Rig.pngs(5, 96));
        rig.sandbox.faults().setTruncateMedia(true);
        List<Rig.Outcome> broken = rig.thumbnailsOf(outputs);
        assertTrue(broken.stream().noneMatch(Rig.Outcome::ok), "a cut-off file is never shown");
        Rig.assertNoPartialFiles(dir);
        assertEquals(0, countFiles(dir.resolve("originals")), "nothing cut off is cached");

        rig.sandbox.faults().setTruncateMedia(false);
        Rig.assertAllArrived(rig.thumbnailsOf(outputs));
    }

    @Test
    void connectionResetsFailPerItemThenRecover() throws Exception {
        List<Output> outputs = rig.workflow(Rig.pngs(4, 64));
        rig.sandbox.faults().resetNextMediaRequests(2);
        List<Rig.Outcome> first = rig.thumbnailsOf(outputs);
        assertTrue(first.stream().filter(Rig.Outcome::ok).count() >= 2, "the others are not held up by the resets");
        Rig.assertNoPartialFiles(dir);
        Rig.assertAllArrived(rig.thumbnailsOf(outputs));
    }

    @Test
    void linksThatExpireBeforeTheDownloadAreRenewedOncePerWorkflow() throws Exception {
        List<Output> outputs = rig.workflow(Rig.pngs(8, 64));
        String workflowId = outputs.get(0).workflowId();
        int listed = rig.sandbox.stats().outputsRequests(workflowId);
        rig.clock.advance(Duration.ofMinutes(6));
        Rig.assertAllArrived(rig.thumbnailsOf(outputs));
        assertEquals(listed + 1, rig.sandbox.stats().outputsRequests(workflowId), "one renewal for the whole gallery");
        Rig.assertNoPartialFiles(dir);
    }

    @Test
    void linksExpiringWhileOthersDownloadAreRenewed() throws Exception {
        List<Output> outputs = rig.workflow(Rig.pngs(6, 64));
        // Each completed download moves the sandbox clock on by a minute: later links expire mid-gallery.
        rig.sandbox.onMediaServed(id -> rig.clock.advance(Duration.ofMinutes(1)));
        Rig.assertAllArrived(rig.thumbnailsOf(outputs));
        Rig.assertNoPartialFiles(dir);
    }

    @Test
    void aLinkThatExpiresInTheMiddleOfItsBodyIsRenewedAndTheFileStillArrives() throws Exception {
        List<Output> outputs = rig.workflow(Rig.pngs(4, 256));
        AtomicInteger cutOff = new AtomicInteger();
        // The first body to reach its halfway mark outlives its link: the storage host breaks it off there.
        rig.sandbox.onMediaHalfway(id -> {
            if (cutOff.getAndIncrement() == 0) {
                rig.clock.advance(Duration.ofMinutes(6));
            }
        });
        Rig.assertAllArrived(rig.thumbnailsOf(outputs));
        assertTrue(cutOff.get() > outputs.size(), "a body was broken off and fetched again: " + cutOff.get());
        Rig.assertNoPartialFiles(dir);
    }

    @Test
    void fetchRenewsALinkThatExpiresInTheMiddleOfItsBody() throws Exception {
        List<Output> outputs = rig.workflow(Rig.pngs(3, 256));
        AtomicInteger cutOff = new AtomicInteger();
        rig.sandbox.onMediaHalfway(id -> {
            if (cutOff.getAndIncrement() == 1) {
                rig.clock.advance(Duration.ofMinutes(6));
            }
        });
        Path out = dir.resolve("export");
        var report = new OutputFetcher(rig.api, rig.media)
                .fetch(outputs.get(0).workflowId(), out, f -> { }).get(30, TimeUnit.SECONDS);
        assertEquals(3, report.files().size(), "every output saved");
        assertEquals(1, report.linkRefreshes(), "the expired link was renewed once");
        for (var f : report.files()) {
            var image = javax.imageio.ImageIO.read(f.path().toFile());
            assertEquals(256, image == null ? -1 : image.getWidth(), "saved whole: " + f.path().getFileName());
        }
        Rig.assertNoPartialFiles(out);
    }

    @Test
    void aStallingStorageHostIsGivenUpOnWithAReason() throws Exception {
        List<Output> outputs = rig.workflow(Rig.pngs(3, 64));
        rig.sandbox.faults().setStallMedia(Duration.ofSeconds(30));
        long start = System.nanoTime();
        List<Rig.Outcome> stalled = rig.thumbnailsOf(outputs);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(stalled.stream().noneMatch(Rig.Outcome::ok), "nothing arrives from a stalled host");
        assertTrue(seconds < 15, "given up on within the read timeout, not after the stall: " + seconds + " s");
        Rig.assertNoPartialFiles(dir);

        rig.sandbox.faults().setStallMedia(Duration.ZERO);
        Rig.assertAllArrived(rig.thumbnailsOf(outputs));
    }

    @Test
    void fetchLeavesNoPartialFileInTheOutputFolderWhenStorageBreaksOff() throws Exception {
        List<Output> outputs = rig.workflow(Rig.pngs(3, 96));
        Path out = dir.resolve("export");
        rig.sandbox.faults().setTruncateMedia(true);
        OutputFetcher fetcher = new OutputFetcher(rig.api, rig.media);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> fetcher.fetch(outputs.get(0).workflowId(), out, f -> { }).get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage() != null && !e.getCause().getMessage().isBlank(), "a reason: " + e.getCause());
        Rig.assertNoPartialFiles(out);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.toList(), "nothing half-written is left in the folder");
        }

        rig.sandbox.faults().setTruncateMedia(false);
        var report = fetcher.fetch(outputs.get(0).workflowId(), out, f -> { }).get(30, TimeUnit.SECONDS);
        assertEquals(3, report.files().size());
    }

    static long countFiles(Path d) throws Exception {
        if (!Files.exists(d)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
