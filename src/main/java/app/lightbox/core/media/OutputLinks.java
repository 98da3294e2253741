package app.lightbox.core.media;

import app.lightbox.core.concurrent.Futures;
import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.model.Output;
import app.lightbox.model.SignedUrl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The newest signed link of each output. When storage answers 403 the workflow's outputs are fetched again
 * and the request retried once with the fresh link. Refreshes are single-flight per workflow: any number of
 * outputs whose links expired together cause one outputs request, and a request that was already under
 * way when another one refreshed just uses the newer link. A body that breaks off part way is requested
 * once more (a link that ran out during the transfer then meets its 403 and is renewed). One instance per
 * API connection, shared by everything that downloads outputs.
 *
 * <p>Links listed through {@link #outputs(String)} carry the time they were received; once older than
 * {@code maxAge} (links live about five minutes) they are renewed before use, so a request rarely meets a
 * 403 at all. Links of unknown age are used as they are and renewed on a 403.
 */
public final class OutputLinks {

    /** ComfyControl's links live about five minutes; renewing at four leaves room for slow downloads. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(4);

    private final ComfyControlApi api;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, SignedUrl> latestLinks = new ConcurrentHashMap<>();
    private final Map<String, Instant> receivedAt = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> refreshing = new ConcurrentHashMap<>();

    public OutputLinks(ComfyControlApi api) {
        this(api, Clock.systemUTC(), DEFAULT_MAX_AGE);
    }

    public OutputLinks(ComfyControlApi api, Clock clock, Duration maxAge) {
        this.api = api;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** A workflow's outputs (GET /v1/workflow/{id}/outputs); their links are remembered with their age. */
    public CompletableFuture<List<Output>> outputs(String workflowId) {
        return api.outputs(workflowId).thenApply(outputs -> {
            remember(outputs);
            return outputs;
        });
    }

    /** Runs {@code request} with the newest known link, and once more with a renewed one if that expired. */
    public <T> CompletableFuture<T> withFreshLink(Output output, Function<SignedUrl, CompletableFuture<T>> request) {
        if (isStale(output.id())) {
            return refresh(output.workflowId())
                    .handle((ok, failure) -> null)
                    .thenCompose(ignored -> attempt(output, request, true));
        }
        return attempt(output, request, true);
    }

    private boolean isStale(String outputId) {
        Instant at = receivedAt.get(outputId);
        return at != null && Duration.between(at, clock.instant()).compareTo(maxAge) >= 0;
    }

    private void remember(List<Output> outputs) {
        Instant now = clock.instant();
        for (Output o : outputs) {
            latestLinks.put(o.id(), o.src());
            receivedAt.put(o.id(), now);
        }
    }

    private <T> CompletableFuture<T> attempt(Output output, Function<SignedUrl, CompletableFuture<T>> request,
                                             boolean mayRetryBrokenOff) {
        SignedUrl used = latestLinks.getOrDefault(output.id(), output.src());
        return request.apply(used).exceptionallyCompose(failure -> {
            Throwable cause = Futures.unwrap(failure);
            if (cause instanceof BrokenOffException && mayRetryBrokenOff) {
                return attempt(output, request, false);
            }
            if (!(cause instanceof ExpiredLinkException)) {
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
                return request.apply(link);
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
                remember(outputs);
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

}
