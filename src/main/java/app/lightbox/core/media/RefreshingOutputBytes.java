package app.lightbox.core.media;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.model.Output;

import java.util.concurrent.CompletableFuture;

/**
 * Output bytes straight from signed links that expire, renewed through {@link OutputLinks} (one outputs
 * request per workflow however many links expired together). Nothing is kept: {@link OutputCache} is the
 * one that downloads each output only once.
 */
public final class RefreshingOutputBytes implements OutputBytes {

    /** Originals larger than this are not loaded into memory for a thumbnail. */
    static final long MAX_IN_MEMORY_BYTES = 256L * 1024 * 1024;

    private final OutputLinks links;
    private final SignedMediaClient media;

    public RefreshingOutputBytes(ComfyControlApi api, SignedMediaClient media) {
        this(new OutputLinks(api), media);
    }

    public RefreshingOutputBytes(OutputLinks links, SignedMediaClient media) {
        this.links = links;
        this.media = media;
    }

    @Override
    public CompletableFuture<byte[]> fetch(Output output) {
        return links.withFreshLink(output, url -> media.fetchBytes(url, MAX_IN_MEMORY_BYTES));
    }
}
