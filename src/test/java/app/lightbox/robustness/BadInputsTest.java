package app.lightbox.robustness;

import app.lightbox.core.concurrent.Futures;
import app.lightbox.core.export.OutputFetcher;
import app.lightbox.core.export.SafeFileName;
import app.lightbox.core.export.SavedFile;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.core.media.VideoProbe;
import app.lightbox.model.Output;
import app.lightbox.model.Workflow;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.WorkflowSpec;
import app.lightbox.ui.common.WorkspaceMedia;
import app.lightbox.ui.gallery.GalleryViewModel;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken, hostile and oversized inputs from the sandbox: each bad file gets its own message on its own
 * tile, good files beside it still arrive, nothing hangs and memory stays within its limits.
 */
class BadInputsTest {

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
    void eachBrokenFileSaysWhyAndTheGoodOnesStillArrive() throws Exception {
        byte[] png = image("png", 300, 200);
        byte[] jpeg = image("jpeg", 300, 200);
        byte[] webp = asset("drift-loop.webp");
        byte[] mp4 = asset("clip-orbit.mp4");
        Map<String, OutputSpec> specs = new LinkedHashMap<>();
        specs.put("good", OutputSpec.bytes("good.png", "image/png", png));
        specs.put("truncated png", OutputSpec.bytes("cut.png", "image/png", Arrays.copyOf(png, png.length / 2)));
        specs.put("truncated jpeg", OutputSpec.bytes("cut.jpg", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2)));
        specs.put("truncated webp", OutputSpec.bytes("cut.webp", "image/webp", Arrays.copyOf(webp, webp.length / 2)));
        specs.put("truncated mp4", OutputSpec.bytes("cut.mp4", "video/mp4", Arrays.copyOf(mp4, mp4.length / 3)));
        specs.put("empty png", OutputSpec.bytes("empty.png", "image/png", new byte[0]));
        specs.put("empty jpeg", OutputSpec.bytes("empty.jpg", "image/jpeg", new byte[0]));
        specs.put("empty webp", OutputSpec.bytes("empty.webp", "image/webp", new byte[0]));
        specs.put("empty mp4", OutputSpec.bytes("empty.mp4", "video/mp4", new byte[0]));
        specs.put("html as png", OutputSpec.bytes("error.png", "image/png",
                "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8)));
        specs.put("bomb", OutputSpec.bytes("bomb.png", "image/png", pngClaiming(30_000, 30_000)));
        specs.put("png as text/plain", OutputSpec.bytes("mislabelled.png", "text/plain", png));
        specs.put("jpeg named .png", OutputSpec.bytes("really-a-jpeg.png", "application/octet-stream", jpeg));

        List<Output> outputs = rig.workflow(specs.values().toArray(OutputSpec[]::new));
        List<Rig.Outcome> outcomes = rig.thumbnailsOf(outputs);
        Map<String, Rig.Outcome> byCase = new LinkedHashMap<>();
        int i = 0;
        for (String name : specs.keySet()) {
            byCase.put(name, outcomes.get(i++));
        }
        for (String good : List.of("good", "png as text/plain", "jpeg named .png")) {
            assertTrue(byCase.get(good).ok(), good + " is shown: " + byCase.get(good).error());
        }
        byCase.forEach((name, o) -> {
            if (!List.of("good", "png as text/plain", "jpeg named .png").contains(name)) {
                assertFalse(o.ok(), name + " is not shown as a picture");
            }
        });
        assertTrue(byCase.get("empty png").error().contains("empty"), byCase.get("empty png").error());
        assertTrue(byCase.get("html as png").error().contains("HTML"), byCase.get("html as png").error());
        assertTrue(byCase.get("bomb").error().contains("large"), byCase.get("bomb").error());

        // The video player's probe has its own say on broken clips, without throwing anything unchecked.
        VideoProbe probe = new VideoProbe();
        for (String clip : List.of("truncated mp4", "empty mp4")) {
            Path file = rig.cache.open(byCase.get(clip).output()).get(10, TimeUnit.SECONDS).file();
            try {
                probe.probe(file);
            } catch (app.lightbox.core.media.MediaDecodeException e) {
                assertFalse(e.getMessage().isBlank(), clip + " gets a reason");
            }
        }
        Rig.assertNoPartialFiles(dir);
    }

    @Test
    void aDecompressionBombIsRefusedWithoutAllocatingIt() {
        long before = usedHeap();
        var e = assertThrows(app.lightbox.core.media.MediaDecodeException.class,
                () -> new ThumbnailDecoder().decode(pngClaiming(30_000, 30_000), 256));
        assertTrue(e.getMessage().contains("30000"), e.getMessage());
        assertTrue(usedHeap() - before < 256L << 20, "no full-size bitmap was allocated");
    }

    @Test
    void hostileAndNonUtf8NamesAreSavedInsideTheFolderAndNeverCollide() throws Exception {
        byte[] png = image("png", 32, 32);
        List<String> names = List.of("../../escape.png", "..%2F..%2Fescape.png", "CON.png", "a\u0007bell.png",
                "right\u202Egnp.exe.png", "%FF%FE-not-utf8.png", "spaces   .png",
                "x".repeat(300) + ".png", "日本語の出力.png", "same.png", "SAME.png", "same.png", ".hidden.png", "nul\u0000.png");
        OutputSpec[] specs = names.stream().map(n -> OutputSpec.bytes(n, "image/png", png)).toArray(OutputSpec[]::new);
        String workflowId = rig.sandbox.addWorkflow(WorkflowSpec.completed("hostile names").outputs(specs));
        Path out = dir.resolve("export");
        var report = new OutputFetcher(rig.api, rig.media).fetch(workflowId, out, f -> { }).get(30, TimeUnit.SECONDS);
        assertEquals(names.size(), report.files().size());
        Set<String> seen = new HashSet<>();
        for (SavedFile f : report.files()) {
            assertEquals(out.toRealPath(), f.path().toRealPath().getParent(), "saved inside the folder: " + f.path());
            assertTrue(seen.add(f.path().getFileName().toString().toLowerCase(java.util.Locale.ROOT)), "no collision: " + f.path());
            assertEquals(png.length, Files.size(f.path()));
        }
        Rig.assertAllArrived(rig.thumbnailsOf(rig.links.outputs(workflowId).get(10, TimeUnit.SECONDS)));
    }

    @Test
    void duplicateOutputIdsNeverShowOneFileForAnother() throws Exception {
        byte[] red = solid(0xFF0000);
        byte[] blue = solid(0x0000FF);
        String workflowId = rig.sandbox.addWorkflow(WorkflowSpec.completed("duplicate ids").outputs(
                OutputSpec.bytes("red.png", "image/png", red).withId("output-dup"),
                OutputSpec.bytes("blue.png", "image/png", blue).withId("output-dup"),
                OutputSpec.bytes("red.png", "image/png", red).withId("output-dup")));

        List<Output> outputs = rig.links.outputs(workflowId).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("red.png", "blue.png"), outputs.stream().map(Output::suggestedName).toList(),
                "the same file listed twice is one output; another file under the same id is kept");
        assertEquals(2, outputs.stream().map(Output::id).distinct().count(), "each output has an id of its own");

        List<Rig.Outcome> thumbs = rig.thumbnailsOf(outputs);
        Rig.assertAllArrived(thumbs);
        assertEquals(0xFF0000, thumbs.get(0).thumbnail().pixel(4, 4) & 0xFFFFFF, "red.png shows red");
        assertEquals(0x0000FF, thumbs.get(1).thumbnail().pixel(4, 4) & 0xFFFFFF, "blue.png shows blue, not red.png's bytes");

        var report = new OutputFetcher(rig.api, rig.media).fetch(workflowId, dir.resolve("export"), f -> { })
                .get(30, TimeUnit.SECONDS);
        Map<String, byte[]> saved = new LinkedHashMap<>();
        for (SavedFile f : report.files()) {
            saved.put(f.path().getFileName().toString(), Files.readAllBytes(f.path()));
        }
        assertEquals(Set.of("red.png", "blue.png"), saved.keySet());
        assertTrue(Arrays.equals(blue, saved.get("blue.png")), "blue.png saved with its own bytes");
    }

    @Test
    void rawBytesThatAreNotUtf8SpoilOnlyTheirOwnOutput() throws Exception {
        String workflowId = rig.sandbox.addWorkflow(WorkflowSpec.completed("raw names").outputs(Rig.pngs(3, 32)));
        HttpResponse<byte[]> real = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        rig.sandbox.baseUrl().resolve("/v1/workflow/" + workflowId + "/outputs"))
                .header("Authorization", "Bearer " + rig.sandbox.demoToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, real.statusCode());
        // The second file's name as raw Latin-1 bytes inside the JSON text, which must be UTF-8.
        byte[] raw = replace(real.body(), "ComfyUI_00002_".getBytes(StandardCharsets.US_ASCII),
                new byte[] {'C', 'o', 'm', 'f', 'y', (byte) 0xFF, (byte) 0xFE, (byte) 0xE9, '_', '2'});
        rig.sandbox.faults().serveNextApiBody(raw);

        List<Output> outputs = rig.links.outputs(workflowId).get(10, TimeUnit.SECONDS);
        assertEquals(3, outputs.size(), "the whole list is read");
        assertTrue(outputs.get(1).suggestedName().contains("\uFFFD"), outputs.get(1).suggestedName());
        String safe = SafeFileName.fromUrl(outputs.get(1).src());
        assertTrue(safe.endsWith(".png") && safe.chars().noneMatch(c -> c < 0x20 || c == '/' || c == '\\'), safe);

        List<Rig.Outcome> thumbs = rig.thumbnailsOf(outputs);
        assertTrue(thumbs.get(0).ok() && thumbs.get(2).ok(), "the outputs around it arrive: " + thumbs);
        // The mangled one either arrives or fails with a message (thumbnailsOf insists on one).
        Rig.assertNoPartialFiles(dir);
    }

    private static byte[] replace(byte[] in, byte[] what, byte[] with) {
        for (int i = 0; i + what.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(in, 0, i);
                out.writeBytes(with);
                out.write(in, i + what.length, in.length - i - what.length);
                return out.toByteArray();
            }
        }
        throw new AssertionError("not found: " + new String(what, StandardCharsets.US_ASCII));
    }

    static byte[] solid(int rgb) throws IOException {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void twoThousandOutputsListAndThumbnailWithinTheMemoryLimit() throws Exception {
        String workflowId = rig.sandbox.addWorkflow(WorkflowSpec.completed("two thousand").outputs(Rig.pngs(2000, 24)));
        ExecutorService fx = Executors.newSingleThreadExecutor(AppExecutors.named("test-fx"));
        try {
            long memoryLimit = 1L << 20;
            ThumbnailService small = new ThumbnailService(rig.cache, dir.resolve("small-thumbnails"), 64L << 20,
                    memoryLimit, new ThumbnailDecoder(), rig.executors.decode());
            WorkspaceMedia media = new WorkspaceMedia(rig.links, rig.cache, small, new ThumbnailDecoder(),
                    new VideoProbe(), rig.executors.decode(), rig.executors.io(), f -> CompletableFuture.completedFuture(null));
            Workflow workflow = rig.api.workflow(workflowId).get(10, TimeUnit.SECONDS);
            GalleryViewModel vm = fx.submit(() -> new GalleryViewModel(rig.api, media, fx::execute)).get();
            fx.submit(() -> vm.show(workflow)).get();
            Await.until(() -> onFx(fx, () -> vm.tiles().size()) == 2000, Duration.ofSeconds(20), "2,000 tiles", fx::execute);

            List<Output> outputs = rig.links.outputs(workflowId).get(10, TimeUnit.SECONDS);
            List<CompletableFuture<?>> all = outputs.stream()
                    .<CompletableFuture<?>>map(o -> small.thumbnail(o, 24, ThumbnailService.PRIORITY_BACKGROUND)).toList();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
            assertTrue(small.memoryBytes() <= memoryLimit, "thumbnails in memory stay under the limit: " + small.memoryBytes());
        } finally {
            fx.shutdownNow();
        }
    }

    @Test
    void malformedAndUnexpectedJsonFailTheRequestNotTheApp() throws Exception {
        String workflowId = rig.sandbox.addWorkflow(WorkflowSpec.completed("json").outputs(Rig.pngs(2, 16)));
        for (String body : List.of("{\"outputs\": [", "<html>oops</html>", "", "[1, 2, 3]", "{\"data\": {\"nested\": true}}",
                "{\"outputs\": \"not a list\"}", "null", "{\"outputs\": [{\"id\": 7, \"src\": null}]}")) {
            rig.sandbox.faults().serveNextApiBody(body);
            try {
                List<Output> got = rig.api.outputs(workflowId).get(10, TimeUnit.SECONDS);
                assertTrue(got.stream().allMatch(o -> o.id() != null && o.src() != null),
                        "whatever comes back for " + body + " is usable: " + got);
            } catch (ExecutionException e) {
                String message = Futures.unwrap(e).getMessage();
                assertTrue(message != null && !message.isBlank(), "a reason for " + body);
            }
            rig.sandbox.faults().serveNextApiBody(body);
            try {
                rig.api.workflows(1, 100, null).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                String message = Futures.unwrap(e).getMessage();
                assertTrue(message != null && !message.isBlank(), "a reason for " + body);
            }
        }
        assertEquals(2, rig.api.outputs(workflowId).get(10, TimeUnit.SECONDS).size(), "the next good answer is read");
    }

    private static <T> T onFx(ExecutorService fx, java.util.concurrent.Callable<T> c) {
        try {
            return fx.submit(c).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static byte[] image(String format, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    static byte[] asset(String name) throws IOException {
        try (InputStream in = BadInputsTest.class.getResourceAsStream("/assets/" + name)) {
            return in.readAllBytes();
        }
    }

    /** A valid little PNG whose header claims {@code w}×{@code h} 8-bit RGB pixels, with a few rows of data. */
    static byte[] pngClaiming(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        byte[] rows = new byte[(w * 3 + 1) * 4];
        Deflater d = new Deflater(9);
        d.setInput(rows);
        d.finish();
        byte[] buf = new byte[rows.length];
        int n = d.deflate(buf);
        d.end();
        chunk(out, "IDAT", Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
