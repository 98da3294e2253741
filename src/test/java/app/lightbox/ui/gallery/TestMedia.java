package app.lightbox.ui.gallery;

import app.lightbox.core.media.OutputCache;
import app.lightbox.core.media.OutputLinks;
import app.lightbox.core.media.ThumbnailDecoder;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.core.media.VideoProbe;
import app.lightbox.testing.SandboxSession;
import app.lightbox.ui.common.WorkspaceMedia;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A workspace's media over a sandbox session, with its caches in {@code dir} and the sandbox's clock. */
public final class TestMedia {

    /** Files the app asked the system to open. */
    public final List<Path> openedExternally = new CopyOnWriteArrayList<>();
    public final WorkspaceMedia media;
    /** Videos a poster frame was taken from: the stand-in grabber paints a flat frame instead of decoding. */
    public final List<Path> postersTaken = new CopyOnWriteArrayList<>();

    public TestMedia(SandboxSession s, Path dir) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return s.clock.now();
            }
        };
        OutputLinks links = new OutputLinks(s.api, clock, OutputLinks.DEFAULT_MAX_AGE);
        OutputCache cache = new OutputCache(dir.resolve("originals"), 512L << 20, links, s.media, s.executors.io());
        ThumbnailDecoder decoder = new ThumbnailDecoder();
        ThumbnailService thumbnails = new ThumbnailService(cache, dir.resolve("thumbnails"), 64L << 20, 64L << 20,
                decoder, s.executors.decode(), (video, maxSide) -> {
                    postersTaken.add(video);
                    int[] frame = new int[32 * 18];
                    java.util.Arrays.fill(frame, 0xFF204060);
                    return CompletableFuture.completedFuture(new app.lightbox.core.media.Thumbnail(32, 18, frame, 320, 180));
                });
        media = new WorkspaceMedia(links, cache, thumbnails, decoder, new VideoProbe(), s.executors.decode(),
                s.executors.io(), file -> {
                    openedExternally.add(file);
                    return CompletableFuture.completedFuture(null);
                });
    }
}
