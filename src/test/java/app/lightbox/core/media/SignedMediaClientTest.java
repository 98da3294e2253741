package app.lightbox.core.media;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.model.Output;
import app.lightbox.model.SignedUrl;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

/** Signed storage links over real HTTP: bytes, files, expiry, truncation, and no token on the storage host. */
class SignedMediaClientTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2026-03-01T12:00:00Z"));
    private SandboxServer sandbox;
    private HttpStack http;
    private ComfyControlClient api;
    private SignedMediaClient media;

    @TempDir
    Path dir;

    private void start(boolean redirect) throws IOException {
        sandbox = SandboxServer.start(SandboxConfig.defaults().withClock(clock).withUrlTtl(Duration.ofMinutes(5))
                .withStorageRedirect(redirect).withRateLimit(0, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        http = HttpStack.create();
        api = new ComfyControlClient(sandbox.baseUrl(), sandbox::demoToken, http,
                new RequestBudget(1000, Duration.ofSeconds(10), Duration.ofMillis(100)));
        media = new SignedMediaClient(http);
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private List<Output> outputsOf(WorkflowSpec spec) throws Exception {
        String id = sandbox.addWorkflow(spec);
        return api.outputs(id).get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS)).getCause();
    }

    private List<Path> filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void fetchesBytes() throws Exception {
        start(false);
        byte[] data = "hello storage".getBytes();
        List<Output> outs = outputsOf(WorkflowSpec.completed("w").outputs(OutputSpec.png("a.png", 16, 16),
                OutputSpec.bytes("x.bin", "application/octet-stream", data)));
        byte[] png = media.fetchBytes(outs.get(0).src(), 1 << 20).get(10, TimeUnit.SECONDS);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
        assertArrayEquals(data, media.fetchBytes(outs.get(1).src(), 1 << 20).get(10, TimeUnit.SECONDS));
    }

    @Test
    void refusesBodiesOverTheLimit() throws Exception {
        start(false);
        List<Output> outs = outputsOf(WorkflowSpec.completed("w")
                .outputs(OutputSpec.bytes("big.bin", "application/octet-stream", new byte[10_000])));
        Throwable t = failure(media.fetchBytes(outs.get(0).src(), 1000));
        assertInstanceOf(MediaException.class, t);
        assertTrue(t.getMessage().contains("larger than"), t.getMessage());
    }

    @Test
    void expiredLinkIsReportedAsSuchWithoutItsQuery() throws Exception {
        start(false);
        List<Output> outs = outputsOf(WorkflowSpec.completed("w").outputs(OutputSpec.png("a.png", 8, 8)));
        clock.advance(Duration.ofMinutes(6));
        Throwable t = failure(media.fetchBytes(outs.get(0).src(), 1 << 20));
        ExpiredLinkException e = assertInstanceOf(ExpiredLinkException.class, t);
        assertEquals(403, e.httpStatus());
        assertFalse(e.getMessage().contains("signature"), e.getMessage());
        assertFalse(e.getMessage().contains("expires="), e.getMessage());
        Throwable d = failure(media.download(outs.get(0).src(), dir, ".t-"));
        assertInstanceOf(ExpiredLinkException.class, d);
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void otherStorageErrorsAreMediaExceptions() throws Exception {
        start(false);
        SignedUrl nowhere = new SignedUrl(URI.create(sandbox.storageOrigin() + "/nothing-here?signature=s"));
        MediaException e = assertInstanceOf(MediaException.class, failure(media.fetchBytes(nowhere, 1000)));
        assertEquals(404, e.httpStatus());
        assertFalse(e instanceof ExpiredLinkException);
    }

    @Test
    void downloadsToATempFileInTheTargetDirectory() throws Exception {
        start(false);
        List<Output> outs = outputsOf(WorkflowSpec.completed("w").outputs(OutputSpec.asset("clip.mp4", "clip-orbit.mp4")));
        MediaDownload d = media.download(outs.get(0).src(), dir, ".lightbox-").get(10, TimeUnit.SECONDS);
        assertEquals(dir, d.tempFile().getParent());
        assertTrue(d.tempFile().getFileName().toString().startsWith(".lightbox-"));
        assertEquals("video/mp4", d.contentType());
        assertEquals(Files.size(d.tempFile()), d.size());
        assertTrue(d.size() > 0);
        assertEquals(d.size(), sandbox.stats().mediaBytesSent());
    }

    @Test
    void truncatedBodiesFailAndLeaveNothingBehind() throws Exception {
        start(false);
        List<Output> outs = outputsOf(WorkflowSpec.completed("w").outputs(OutputSpec.png("a.png", 256, 256)));
        sandbox.faults().setTruncateMedia(true);
        assertInstanceOf(MediaException.class, failure(media.download(outs.get(0).src(), dir, ".lightbox-")));
        assertInstanceOf(MediaException.class, failure(media.fetchBytes(outs.get(0).src(), 1 << 24)));
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void tokenNeverReachesStorageEvenAcrossARedirectToAnotherHost() throws Exception {
        start(true);
        List<Output> outs = outputsOf(WorkflowSpec.completed("w").outputs(OutputSpec.png("a.png", 8, 8),
                OutputSpec.asset("clip.mp4", "clip-orbit.mp4")));
        // The links point at the API host, which redirects to the storage host.
        assertEquals(sandbox.baseUrl().getPort(), outs.get(0).src().uri().getPort());
        for (Output o : outs) {
            MediaDownload d = media.download(o.src(), dir, ".t-").get(10, TimeUnit.SECONDS);
            assertTrue(d.size() > 0);
        }
        assertEquals(2, sandbox.stats().mediaRequests());
        assertEquals(List.of(), sandbox.stats().authorizationHeadersOnStorage());
        // ...while the API host itself did get the token: an unauthenticated call would have been refused.
        api.user().get(10, TimeUnit.SECONDS);
    }
}
