package app.lightbox.core.media;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.model.Output;
import app.lightbox.model.SignedUrl;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Output bytes from signed links that expire. When storage answers 403 the workflow's outputs are fetched
 * again and the download retried once with the fresh link. Refreshes are single-flight per workflow: any
 * number of tiles whose links expired together cause one outputs request, and a tile whose request was
 * already under way when another tile refreshed just uses the newer link.
 */
public final class RefreshingOutputBytes implements OutputBytes {

    /** Originals larger than this are not loaded into memory for a thumbnail. */
    static final long MAX_IN_MEMORY_BYTES = 256L * 1024 * 1024;

    private final ComfyControlApi api;
    private final SignedMediaClient media;
    private final Map<String, SignedUrl> latestLinks = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> refreshing = new ConcurrentHashMap<>();

    public RefreshingOutputBytes(ComfyControlApi api, SignedMediaClient media) {
        this.api = api;
        this.media = media;
    }

    @Override
    public CompletableFuture<byte[]> fetch(Output output) {
        SignedUrl used = latestLinks.getOrDefault(output.id(), output.src());
        return media.fetchBytes(used, MAX_IN_MEMORY_BYTES).exceptionallyCompose(failure -> {
            if (!(unwrap(failure) instanceof ExpiredLinkException)) {
                return CompletableFuture.failedFuture(failure);
            }
            SignedUrl newer = latestLinks.get(output.id());
            CompletableFuture<Void> fresh = newer != null && !newer.equals(used)
                    ? CompletableFuture.completedFuture(null)
                    : refresh(output.workflowId());
            return fresh.thenCompose(ignored -> {
                SignedUrl link = latestLinks.get(output.id());
                if (link == null) {
                    return CompletableFuture.failedFuture(new MediaException(0,
                            "ComfyControl no longer lists this output, so its link cannot be renewed"));
                }
                return media.fetchBytes(link, MAX_IN_MEMORY_BYTES);
            });
        });
    }

    private CompletableFuture<Void> refresh(String workflowId) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = refreshing.putIfAbsent(workflowId, mine);
        if (running != null) {
            return running;
        }
        api.outputs(workflowId).whenComplete((outputs, failure) -> {
            if (failure == null) {
                outputs.forEach(o -> latestLinks.put(o.id(), o.src()));
            }
            refreshing.remove(workflowId, mine);
            if (failure != null) {
                mine.completeExceptionally(failure);
            } else {
                mine.complete(null);
            }
        });
        return mine;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
