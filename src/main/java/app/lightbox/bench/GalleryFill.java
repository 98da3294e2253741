package app.lightbox.bench;

import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.media.MediaDecodeException;
import app.lightbox.core.media.OutputCache;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.model.Output;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A completed workflow's gallery filled over loopback through the app's pipeline, against plain parallel
 * HTTP plus decoding; then the same gallery reopened with fresh services over the same cache folders.
 */
public final class GalleryFill {

    public record Cold(int outputs, long millis, long mediaBytes, int mediaRequests, int apiRequests, int failed,
                       long baselineDownloadMillis, long baselineDecodeMillis, long baselineBytes) {
    }

    public record Warm(int shown, long millis, long mediaBytes, int mediaRequests) {
    }

    public record Figures(Cold cold, Warm warm) {
    }

    static final int FIRST_SCREEN = 60;

    private GalleryFill() {
    }

    public static Figures run(SandboxServer sandbox, Path work, int outputs) throws Exception {
        OutputSpec[] specs = new OutputSpec[outputs];
        for (int i = 0; i < outputs; i++) {
            specs[i] = OutputSpec.png(String.format("ComfyUI_%05d_.png", i + 1), 256 + (i % 5) * 32, 256 + (i % 3) * 32);
        }
        String workflowId = sandbox.addWorkflow(WorkflowSpec.completed("gallery fill").outputs(specs));
        try (BenchMedia stack = new BenchMedia(sandbox)) {
            // Warm the sandbox's renderer and both JIT paths on a throwaway workflow so neither side pays for it.
            warmUp(sandbox, stack, work.resolve("warmup"));

            long[] baseline = plainHttpAndDecode(sandbox, stack, workflowId, stack.executors.decode());

            sandbox.stats().reset();
            long start = System.nanoTime();
            OutputCache cache = stack.cache(work);
            ThumbnailService thumbnails = stack.thumbnails(cache, work, stack.executors.decode());
            List<Output> list = stack.links.outputs(workflowId).get(1, TimeUnit.MINUTES);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (Output o : list) {
                all.add(thumbnails.thumbnail(o, 256, ThumbnailService.PRIORITY_VISIBLE));
            }
            int failed = 0;
            for (CompletableFuture<?> f : all) {
                try {
                    f.get(5, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            Cold cold = new Cold(list.size(), millis, sandbox.stats().mediaBytesSent(), sandbox.stats().mediaRequests(),
                    sandbox.stats().apiRequests(), failed, baseline[0], baseline[1], baseline[2]);

            sandbox.stats().reset();
            long warmStart = System.nanoTime();
            OutputCache reopenedCache = stack.cache(work);
            ThumbnailService reopened = stack.thumbnails(reopenedCache, work, stack.executors.decode());
            List<CompletableFuture<?>> firstScreen = new ArrayList<>();
            for (Output o : list.subList(0, Math.min(FIRST_SCREEN, list.size()))) {
                firstScreen.add(reopened.thumbnail(o, 256, ThumbnailService.PRIORITY_VISIBLE));
            }
            CompletableFuture.allOf(firstScreen.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
            long warmMillis = (System.nanoTime() - warmStart) / 1_000_000;
            Warm warm = new Warm(firstScreen.size(), warmMillis, sandbox.stats().mediaBytesSent(),
                    sandbox.stats().mediaRequests());
            return new Figures(cold, warm);
        }
    }

    private static void warmUp(SandboxServer sandbox, BenchMedia stack, Path dir) throws Exception {
        OutputSpec[] specs = new OutputSpec[24];
        for (int i = 0; i < specs.length; i++) {
            specs[i] = OutputSpec.png("warm_" + i + ".png", 384, 384);
        }
        String id = sandbox.addWorkflow(WorkflowSpec.completed("warm-up").outputs(specs));
        ThumbnailService t = stack.thumbnails(stack.cache(dir), dir, stack.executors.decode());
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Output o : stack.links.outputs(id).get(1, TimeUnit.MINUTES)) {
            all.add(t.thumbnail(o, 256, ThumbnailService.PRIORITY_VISIBLE));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        plainHttpAndDecode(sandbox, stack, id, stack.executors.decode());
    }

    /**
     * The same files with java.net.http, 8 at a time, into memory; then decoded and scaled on the app's decode
     * pool. Returns {download ms, decode ms, bytes}.
     */
    static long[] plainHttpAndDecode(SandboxServer sandbox, BenchMedia stack, String workflowId, ExecutorService decodePool)
            throws Exception {
        ExecutorService httpPool = Executors.newFixedThreadPool(8, AppExecutors.named("bench-plain-http"));
        try {
            HttpClient client = HttpClient.newBuilder().executor(httpPool).connectTimeout(Duration.ofSeconds(10)).build();
            long start = System.nanoTime();
            List<Output> list = stack.api.outputs(workflowId).get(1, TimeUnit.MINUTES);
            Semaphore eight = new Semaphore(8);
            List<CompletableFuture<byte[]>> bodies = new ArrayList<>();
            for (Output o : list) {
                eight.acquire();
                bodies.add(client.sendAsync(HttpRequest.newBuilder(o.src().uri()).GET().build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .thenApply(r -> {
                            if (r.statusCode() != 200) {
                                throw new IllegalStateException("storage answered " + r.statusCode());
                            }
                            return r.body();
                        })
                        .whenComplete((b, e) -> eight.release()));
            }
            List<byte[]> files = new ArrayList<>();
            long bytes = 0;
            for (CompletableFuture<byte[]> b : bodies) {
                byte[] body = b.get(5, TimeUnit.MINUTES);
                files.add(body);
                bytes += body.length;
            }
            long downloaded = System.nanoTime();
            ThumbnailDecoder decoder = new ThumbnailDecoder();
            List<CompletableFuture<?>> decoded = new ArrayList<>();
            for (byte[] f : files) {
                decoded.add(CompletableFuture.runAsync(() -> {
                    try {
                        decoder.decode(f, 256);
                    } catch (MediaDecodeException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }, decodePool));
            }
            CompletableFuture.allOf(decoded.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            long end = System.nanoTime();
            return new long[] {(downloaded - start) / 1_000_000, (end - downloaded) / 1_000_000, bytes};
        } finally {
            httpPool.shutdownNow();
        }
    }
}
