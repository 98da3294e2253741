package app.lightbox.bench;

import app.lightbox.AppServices;
import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.media.OutputCache;
import app.lightbox.core.media.OutputLinks;
import app.lightbox.core.media.SignedMediaClient;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.sandbox.SandboxServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The app's media stack (API client, links, original cache, thumbnails) over a sandbox, as the app builds it
 * and with its cache limits.
 */
public final class BenchMedia implements AutoCloseable {

    final HttpStack http = HttpStack.create();
    final AppExecutors executors = new AppExecutors();
    final ComfyControlClient api;
    final OutputLinks links;
    final SignedMediaClient media;

    public BenchMedia(SandboxServer sandbox) {
        this(sandbox.baseUrl(), sandbox::demoToken);
    }

    /** Over a server in another process (the bench's own sandbox, for a figure measured in a JVM of its own). */
    public BenchMedia(URI server, Supplier<String> token) {
        api = new ComfyControlClient(server, token, http, RequestBudget.comfyControlDefault());
        links = new OutputLinks(api);
        media = new SignedMediaClient(http);
    }

    OutputCache cache(Path dir) {
        return new OutputCache(dir.resolve("originals"), AppServices.ORIGINALS_MAX_BYTES, links, media, executors.io());
    }

    ThumbnailService thumbnails(OutputCache cache, Path dir, Executor decodePool) {
        return new ThumbnailService(cache, dir.resolve("thumbnails"), AppServices.THUMBNAILS_DISK_MAX_BYTES,
                AppServices.THUMBNAILS_MEMORY_MAX_BYTES, new ThumbnailDecoder(), decodePool);
    }

    @Override
    public void close() {
        executors.close();
        http.close();
    }
}
