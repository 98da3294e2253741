package app.lightbox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxStorageTest {

    private static final byte[] DATA = new byte[1000];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 7);
        }
    }

    private final ManualClock clock = SandboxClock.manual(Instant.parse("2024-01-15T10:30:00Z"));
    private SandboxServer server;

    @BeforeEach
    void start() throws Exception {
        server = start(false);
    }

    private SandboxServer start(boolean redirect) throws IOException {
        return SandboxServer.start(SandboxConfig.defaults().withClock(clock).withStorageRedirect(redirect)
                .withUrlTtl(Duration.ofMinutes(5)).withRateLimit(0, Duration.ZERO, Duration.ZERO));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI src(SandboxServer s, OutputSpec output) {
        String id = s.addWorkflow(WorkflowSpec.completed("media").outputs(output));
        JsonNode outputs = Http.get(s, "/v1/workflow/" + id + "/outputs").json();
        return URI.create(outputs.get(0).get("src").asText());
    }

    @Test
    void storageIsAnotherHostThanTheApi() {
        assertNotEquals(server.baseUrl().getHost(), server.storageOrigin().getHost());
        assertNotEquals(server.baseUrl().getPort(), server.storageOrigin().getPort());
        assertFalse(server.baseUrl().toString().endsWith("/"));
    }

    @Test
    void validSignatureServesTheBytes() {
        URI src = src(server, OutputSpec.bytes("data.bin", "application/x-test", DATA));
        Http.Response r = Http.get(src, null);
        assertEquals(200, r.status());
        assertArrayEquals(DATA, r.body());
        assertEquals("application/x-test", r.header("Content-Type"));
        assertEquals("1000", r.header("Content-Length"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals(1, server.stats().mediaRequests());
        assertEquals(1000, server.stats().mediaBytesSent());
        assertTrue(server.stats().authorizationHeadersOnStorage().isEmpty());
    }

    @Test
    void contentTypeFollowsTheOutputKind() {
        assertEquals("image/png", Http.get(src(server, OutputSpec.png("p.png", 16, 16)), null).header("Content-Type"));
        Http.Response clip = Http.get(src(server, OutputSpec.asset("clip.mp4", "clip-orbit.mp4")), null);
        assertEquals("video/mp4", clip.header("Content-Type"));
        assertEquals("ftyp", new String(clip.body(), 4, 4, StandardCharsets.US_ASCII));
        assertTrue(clip.body().length < 250_000);
    }

    @Test
    void tamperedOrMissingSignatureIsForbiddenWithoutBytes() {
        URI src = src(server, OutputSpec.bytes("data.bin", "application/x-test", DATA));
        String s = src.toString();
        int sig = s.indexOf("signature=") + "signature=".length();
        char flipped = s.charAt(sig) == 'a' ? 'b' : 'a';
        List<String> bad = List.of(
                s.substring(0, sig) + flipped + s.substring(sig + 1),
                s.replaceFirst("expires=(\\d+)", "expires=9999999999"),
                s.replace("/data.bin?", "/other.bin?"),
                s.substring(0, s.indexOf('?')),
                s.substring(0, s.indexOf("&signature")));
        for (String u : bad) {
            Http.Response r = Http.get(URI.create(u), null);
            assertEquals(403, r.status(), u);
            assertTrue(r.header("Content-Type").startsWith("text/plain"));
            assertTrue(r.body().length < 100);
            assertFalse(Arrays.equals(DATA, r.body()));
        }
        assertEquals(0, server.stats().mediaBytesSent());
    }

    @Test
    void expiredLinkIsForbidden() {
        URI src = src(server, OutputSpec.bytes("data.bin", "application/x-test", DATA));
        clock.advance(Duration.ofMinutes(5));
        assertEquals(200, Http.get(src, null).status(), "still valid at the expiry second");
        clock.advance(Duration.ofSeconds(1));
        Http.Response r = Http.get(src, null);
        assertEquals(403, r.status());
        assertTrue(r.text().contains("expired"));
        assertEquals(1000, server.stats().mediaBytesSent());
    }

    @Test
    void rangesAnswerPartialContent() {
        URI src = src(server, OutputSpec.bytes("data.bin", "application/x-test", DATA));
        Http.Response mid = Http.get(src, null, "Range", "bytes=100-199");
        assertEquals(206, mid.status());
        assertEquals("bytes 100-199/1000", mid.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(DATA, 100, 200), mid.body());

        Http.Response open = Http.get(src, null, "Range", "bytes=990-");
        assertEquals(206, open.status());
        assertEquals("bytes 990-999/1000", open.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(DATA, 990, 1000), open.body());

        Http.Response suffix = Http.get(src, null, "Range", "bytes=-5");
        assertEquals("bytes 995-999/1000", suffix.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(DATA, 995, 1000), suffix.body());

        Http.Response clipped = Http.get(src, null, "Range", "bytes=900-5000");
        assertEquals("bytes 900-999/1000", clipped.header("Content-Range"));

        Http.Response beyond = Http.get(src, null, "Range", "bytes=1000-");
        assertEquals(416, beyond.status());
        assertEquals("bytes */1000", beyond.header("Content-Range"));
    }

    @Test
    void hostileFileNamesRoundTripAsOneSegment() {
        List<String> names = new ArrayList<>(List.of(
                "../../etc/passwd", "a/b\\c.png", "100% done.png", "spaces  and\ttabs.png", "ümlaut-日本語-🎨.png",
                "CON", "nul.txt", "question?hash#amp&eq=.png", "..", ".", "plus+semi;colon,comma.png",
                "x".repeat(300) + ".png"));
        for (String name : names) {
            URI src = src(server, OutputSpec.bytes(name, "application/x-test", name.getBytes(StandardCharsets.UTF_8)));
            String path = src.getRawPath();
            assertEquals(5, path.split("/", -1).length, "one segment for " + name);
            assertEquals(name, lastSegmentDecoded(src), "the src names the file");
            Http.Response r = Http.get(src, null);
            assertEquals(200, r.status(), name);
            assertEquals(name, r.text());
        }
    }

    private static String lastSegmentDecoded(URI src) {
        String raw = src.getRawPath();
        return UrlSigner.decodeSegment(raw.substring(raw.lastIndexOf('/') + 1));
    }

    @Test
    void truncationCutsTheConnectionAfterAboutHalf() throws Exception {
        byte[] big = new byte[400_000];
        URI src = src(server, OutputSpec.bytes("big.bin", "application/x-test", big));
        server.faults().setTruncateMedia(true);
        HttpRequest request = Http.request(src, null).build();
        IOException e = assertThrows(IOException.class,
                () -> Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        assertTrue(server.stats().mediaBytesSent() >= 190_000 && server.stats().mediaBytesSent() <= 210_000,
                "sent " + server.stats().mediaBytesSent() + " of " + big.length + " (" + e + ")");
        server.faults().reset();
        assertEquals(big.length, Http.get(src, null).body().length);
    }

    @Test
    void onMediaServedRunsAfterEachFullBody() {
        URI src = src(server, OutputSpec.bytes("data.bin", "application/x-test", DATA));
        List<String> served = new CopyOnWriteArrayList<>();
        server.onMediaServed(id -> {
            served.add(id);
            clock.advance(Duration.ofMinutes(10));
        });
        assertEquals(200, Http.get(src, null).status());
        assertEquals(1, served.size());
        assertTrue(served.get(0).startsWith("output-"));
        assertEquals(403, Http.get(src, null).status(), "the callback expired the link deterministically");
        assertEquals(1, served.size());
        server.onMediaServed(null);
    }

    @Test
    void latencyDelaysResponses() {
        URI src = src(server, OutputSpec.bytes("data.bin", "application/x-test", DATA));
        server.faults().setLatency(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        Http.get(src, null);
        Http.get(server, "/v1/user");
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(elapsedMs >= 300, "took " + elapsedMs + " ms");
    }

    @Test
    void authorizationSentToStorageIsRecorded() {
        URI src = src(server, OutputSpec.bytes("data.bin", "application/x-test", DATA));
        assertEquals(200, Http.get(src, "cfc_leaked").status());
        assertEquals(List.of("Bearer cfc_leaked"), server.stats().authorizationHeadersOnStorage());
    }

    @Test
    void storageRedirectHopPointsAtStorageAndRecordsCredentials() throws Exception {
        try (SandboxServer redirecting = start(true)) {
            URI src = src(redirecting, OutputSpec.bytes("data.bin", "application/x-test", DATA));
            assertTrue(src.toString().startsWith(redirecting.baseUrl() + "/storage-redirect/outputs/"), src.toString());

            Http.Response hop = Http.get(src, null);
            assertEquals(302, hop.status());
            URI location = URI.create(hop.header("Location"));
            assertEquals(redirecting.storageOrigin().getAuthority(), location.getAuthority());
            assertEquals(src.getRawQuery(), location.getRawQuery());
            assertArrayEquals(DATA, Http.get(location, null).body());
            assertTrue(redirecting.stats().authorizationHeadersOnStorage().isEmpty());

            Http.get(src, "cfc_careless");
            Http.get(location, "cfc_careless");
            assertEquals(List.of("Bearer cfc_careless", "Bearer cfc_careless"),
                    redirecting.stats().authorizationHeadersOnStorage());
            assertEquals(0, redirecting.stats().apiRequests() - 1, "the hop is not an API request");
        }
    }

    @Test
    void headAnswersLengthWithoutBody() {
        URI src = src(server, OutputSpec.bytes("data.bin", "application/x-test", DATA));
        Http.Response r = Http.send(Http.request(src, null).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, r.status());
        assertEquals("1000", r.header("Content-Length"));
        assertEquals(0, r.body().length);
    }

    static byte[] readAll(URI uri) {
        Http.Response r = Http.get(uri, null);
        if (r.status() != 200) {
            throw new UncheckedIOException(new IOException("status " + r.status()));
        }
        return r.body();
    }
}
