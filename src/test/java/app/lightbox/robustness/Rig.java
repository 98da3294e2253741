package app.lightbox.robustness;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.concurrent.Futures;
import app.lightbox.core.media.OutputCache;
import app.lightbox.core.media.OutputLinks;
import app.lightbox.core.media.SignedMediaClient;
import app.lightbox.core.media.Thumbnail;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.model.Output;
import app.lightbox.sandbox.ManualClock;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxClock;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The app's media pipeline against a sandbox over real HTTP: a manual sandbox clock, a request budget with a
 * short cooldown so 429 lock-outs are waited out in test time, and a short read timeout so a stalled
 * storage host is given up on quickly.
 */
final class Rig implements AutoCloseable {

    /** What became of one output: a thumbnail, or the sentence the user would see on its tile. */
    record Outcome(Output output, Thumbnail thumbnail, String error) {
        boolean ok() {
            return thumbnail != null;
        }
    }

    final ManualClock clock = SandboxClock.manual(Instant.parse("2026-06-01T12:00:00Z"));
    final SandboxServer sandbox;
    final HttpStack http;
    final ComfyControlClient api;
    final SignedMediaClient media;
    final AppExecutors executors = new AppExecutors();
    final OutputLinks links;
    final Path dir;
    OutputCache cache;
    ThumbnailService thumbnails;

    Rig(Path dir) throws IOException {
        this(dir, SandboxConfig.defaults(), Duration.ofSeconds(2));
    }

    Rig(Path dir, SandboxConfig config, Duration readTimeout) throws IOException {
        this.dir = dir;
        sandbox = SandboxServer.start(config.withClock(clock).withRateLimit(40, Duration.ofSeconds(10), Duration.ofMillis(300)));
        http = HttpStack.create(Duration.ofSeconds(2), readTimeout);
        api = new ComfyControlClient(sandbox.baseUrl(), sandbox::demoToken, http,
                new RequestBudget(40, Duration.ofSeconds(10), Duration.ofMillis(300)));
        media = new SignedMediaClient(http);
        links = new OutputLinks(api, sandboxClock(), OutputLinks.DEFAULT_MAX_AGE);
        reopen();
    }

    /** Fresh cache and thumbnail services over the same folders, as after a restart. */
    void reopen() {
        cache = new OutputCache(dir.resolve("originals"), 256L << 20, links, media, executors.io());
        thumbnails = new ThumbnailService(cache, dir.resolve("thumbnails"), 64L << 20, 16L << 20,
                new ThumbnailDecoder(), executors.decode());
    }

    private Clock sandboxClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clock.now();
            }
        };
    }

    List<Output> workflow(OutputSpec... outputs) throws Exception {
        String id = sandbox.addWorkflow(WorkflowSpec.completed("robustness").outputs(outputs));
        return links.outputs(id).get(30, TimeUnit.SECONDS);
    }

    static OutputSpec[] pngs(int n, int side) {
        OutputSpec[] specs = new OutputSpec[n];
        for (int i = 0; i < n; i++) {
            specs[i] = OutputSpec.png(String.format("ComfyUI_%05d_.png", i + 1), side, side);
        }
        return specs;
    }

    /** Thumbnails of every output, each ending as a picture or a message; none may hang. */
    List<Outcome> thumbnailsOf(List<Output> outputs) throws InterruptedException {
        List<CompletableFuture<Thumbnail>> futures = new ArrayList<>();
        for (Output o : outputs) {
            futures.add(thumbnails.thumbnail(o, 128, ThumbnailService.PRIORITY_VISIBLE));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            try {
                outcomes.add(new Outcome(outputs.get(i), futures.get(i).get(20, TimeUnit.SECONDS), null));
            } catch (ExecutionException e) {
                Throwable cause = Futures.unwrap(e);
                String message = cause.getMessage();
                if (message == null || message.isBlank()) {
                    fail("no message for the user: " + cause);
                }
                outcomes.add(new Outcome(outputs.get(i), null, message));
            } catch (TimeoutException e) {
                fail("thumbnail of " + outputs.get(i).suggestedName() + " neither arrived nor failed in 20 s");
            }
        }
        return outcomes;
    }

    static void assertAllArrived(List<Outcome> outcomes) {
        List<String> errors = outcomes.stream().filter(o -> !o.ok()).map(o -> o.output().suggestedName() + ": " + o.error()).toList();
        assertEquals(List.of(), errors, "every output arrives");
    }

    /** No temporary or partial files anywhere under {@code root}. */
    static void assertNoPartialFiles(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> partial = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("."))
                    .toList();
            assertEquals(List.of(), partial, "no temporary or partial files left in " + root.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        executors.close();
        http.close();
        sandbox.close();
    }
}
