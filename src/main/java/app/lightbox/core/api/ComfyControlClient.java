package app.lightbox.core.api;

import app.lightbox.core.concurrent.Futures;
import app.lightbox.model.Output;
import app.lightbox.model.User;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.model.WorkflowUpdate;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@link ComfyControlApi} over HTTP. Every attempt takes a slot from the shared {@link RequestBudget};
 * idempotent GETs are retried on 5xx answers and network errors, and after a 429 cooldown.
 *
 * <p>The bearer token is added by a network interceptor, so it is decided again for every redirect hop and
 * only ever sent to the configured API origin (scheme, host and port).
 */
public final class ComfyControlClient implements ComfyControlApi {

    private static final System.Logger LOG = System.getLogger(ComfyControlClient.class.getName());

    private final HttpUrl origin;
    private final Supplier<String> token;
    private final RequestBudget budget;
    private final RetryPolicy retry;
    private final ScheduledExecutorService scheduler;
    private final OkHttpClient client;
    private final EventSource.Factory streams;

    public ComfyControlClient(URI apiOrigin, Supplier<String> token, HttpStack http, RequestBudget budget) {
        this(apiOrigin, token, http, budget, RetryPolicy.defaults());
    }

    public ComfyControlClient(URI apiOrigin, Supplier<String> token, HttpStack http, RequestBudget budget,
                              RetryPolicy retry) {
        Objects.requireNonNull(apiOrigin, "apiOrigin");
        HttpUrl url = HttpUrl.get(apiOrigin);
        if (url == null) {
            throw new IllegalArgumentException("The API origin must be an http or https URL: " + apiOrigin);
        }
        this.origin = url.newBuilder().encodedPath("/").query(null).fragment(null).build();
        this.token = Objects.requireNonNull(token, "token");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.scheduler = http.scheduler();
        this.client = http.client().newBuilder()
                .addNetworkInterceptor(this::authorize)
                .followRedirects(true)
                .followSslRedirects(true)
                .build();
        // Status events come about every 2 s; the shared read timeout is only a safety net here.
        OkHttpClient streamClient = client.newBuilder().readTimeout(Duration.ofSeconds(60)).build();
        this.streams = EventSources.createFactory(streamClient);
    }

    // ---- endpoints ------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<User> user() {
        String what = "GET /v1/user";
        return get(url("v1", "user"), what, (code, body) -> ApiJson.user(code, body, what));
    }

    @Override
    public CompletableFuture<WorkflowPage> workflows(int page, int perPage, WorkflowStatus status) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be 1 or more, was " + page);
        }
        if (perPage < 1 || perPage > 100) {
            throw new IllegalArgumentException("perPage must be between 1 and 100, was " + perPage);
        }
        HttpUrl.Builder b = url("v1", "workflow").newBuilder()
                .addQueryParameter("page", Integer.toString(page))
                .addQueryParameter("per_page", Integer.toString(perPage));
        if (status != null) {
            b.addQueryParameter("status", status.raw());
        }
        String what = "the workflow list";
        return get(b.build(), what, (code, body) -> ApiJson.page(code, body, what, page, perPage));
    }

    @Override
    public CompletableFuture<Workflow> workflow(String id) {
        String what = "workflow " + requireId(id);
        return get(url("v1", "workflow", id), what, (code, body) -> ApiJson.workflow(code, body, what));
    }

    @Override
    public CompletableFuture<List<Output>> outputs(String workflowId) {
        String what = "the outputs of workflow " + requireId(workflowId);
        CompletableFuture<List<Output>> direct =
                get(url("v1", "workflow", workflowId, "outputs"), what, (code, body) -> ApiJson.outputs(code, body, what));
        // The docs disagree on what a completed workflow without outputs returns ([] or 404), and a 404 also
        // covers "not completed" and "no such workflow"; the workflow itself tells them apart.
        return direct.exceptionallyCompose(e -> {
            if (!(Futures.unwrap(e) instanceof NotFoundException)) {
                return CompletableFuture.failedFuture(Futures.unwrap(e));
            }
            return workflow(workflowId).handle((wf, err) -> {
                if (err != null) {
                    Throwable cause = Futures.unwrap(err);
                    if (cause instanceof NotFoundException nf) {
                        throw new NotFoundException(nf.serverMessage(), "ComfyControl has no workflow with id "
                                + workflowId + " (404: " + (nf.serverMessage() != null ? nf.serverMessage() : "no message") + ")");
                    }
                    throw asCompletion(cause);
                }
                if (wf.status().isSuccess()) {
                    return List.<Output>of();
                }
                throw new WorkflowNotCompletedException(wf.status(),
                        "Workflow " + workflowId + " has no outputs because it is not completed (status: " + wf.status().raw() + ")");
            });
        });
    }

    @Override
    public CompletableFuture<Void> cancel(String workflowId) {
        String what = "cancelling workflow " + requireId(workflowId);
        Request request = new Request.Builder().url(url("v1", "workflow", workflowId, "cancel"))
                .post(RequestBody.EMPTY).build();
        CompletableFuture<Void> result = new CompletableFuture<>();
        attempt(request, false, what, (code, body) -> null, result, 1, 0);
        return result;
    }

    @Override
    public WorkflowSubscription subscribe(String workflowId, Consumer<WorkflowUpdate> onUpdate) {
        Subscription s = new Subscription(requireId(workflowId), Objects.requireNonNull(onUpdate, "onUpdate"));
        s.connect();
        return s;
    }

    // ---- plumbing -------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(int status, byte[] body);
    }

    private <T> CompletableFuture<T> get(HttpUrl url, String what, BodyReader<T> reader) {
        Request request = new Request.Builder().url(url).get().header("Accept", "application/json").build();
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(request, true, what, reader, result, 1, 0);
        return result;
    }

    private <T> void attempt(Request request, boolean idempotent, String what, BodyReader<T> reader,
                             CompletableFuture<T> result, int attempt, int rateLimitRetries) {
        if (result.isDone()) {
            return;
        }
        budget.acquire(scheduler).whenComplete((slot, slotError) -> {
            if (slotError != null) {
                result.completeExceptionally(Futures.unwrap(slotError));
                return;
            }
            client.newCall(request).enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    if (idempotent && attempt < retry.maxAttempts()) {
                        later(retry.backoffNanos(attempt), result,
                                () -> attempt(request, true, what, reader, result, attempt + 1, rateLimitRetries));
                    } else {
                        result.completeExceptionally(network(e));
                    }
                }

                @Override
                public void onResponse(Call call, Response response) {
                    int code = response.code();
                    byte[] body;
                    try (response) {
                        body = response.body().bytes();
                    } catch (IOException e) {
                        onFailure(call, e);
                        return;
                    }
                    if (code >= 200 && code < 300) {
                        try {
                            result.complete(reader.read(code, body));
                        } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                        }
                        return;
                    }
                    if (code == 429) {
                        budget.onRateLimited();
                        if (idempotent && rateLimitRetries < retry.maxRateLimitRetries()) {
                            // The budget holds this attempt (and every other request) until the cooldown ends.
                            attempt(request, true, what, reader, result, attempt, rateLimitRetries + 1);
                            return;
                        }
                    } else if (code >= 500 && idempotent && attempt < retry.maxAttempts()) {
                        later(retry.backoffNanos(attempt), result,
                                () -> attempt(request, true, what, reader, result, attempt + 1, rateLimitRetries));
                        return;
                    }
                    result.completeExceptionally(ApiErrors.fromResponse(code, body, what));
                }
            });
        });
    }

    private void later(long delayNanos, CompletableFuture<?> result, Runnable task) {
        try {
            scheduler.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new NetworkException("The HTTP client has been shut down", e));
        }
    }

    private NetworkException network(IOException e) {
        String reason = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
        return new NetworkException("Could not reach ComfyControl at " + originText() + " (" + reason + ")", e);
    }

    private String originText() {
        String s = origin.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private Response authorize(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        Request.Builder b = request.newBuilder().removeHeader("Authorization");
        if (isApiOrigin(request.url())) {
            String t = token.get();
            if (t != null && isHeaderSafe(t.strip())) {
                b.header("Authorization", "Bearer " + t.strip());
            }
        }
        return chain.proceed(b.build());
    }

    boolean isApiOrigin(HttpUrl url) {
        return url.scheme().equals(origin.scheme()) && url.host().equals(origin.host()) && url.port() == origin.port();
    }

    private static boolean isHeaderSafe(String t) {
        if (t.isEmpty()) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = origin.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A workflow id is required");
        }
        return id;
    }


    private static RuntimeException asCompletion(Throwable t) {
        return t instanceof RuntimeException r ? r : new CompletionException(t);
    }

    // ---- status stream --------------------------------------------------------------------------------

    private final class Subscription implements WorkflowSubscription {

        private final String workflowId;
        private final Consumer<WorkflowUpdate> onUpdate;
        private final CompletableFuture<WorkflowUpdate> done = new CompletableFuture<>();
        private final AtomicInteger connections = new AtomicInteger();
        private final HttpUrl url;
        private final String what;
        private volatile boolean closed;
        private EventSource current;
        private int failuresInARow;

        Subscription(String workflowId, Consumer<WorkflowUpdate> onUpdate) {
            this.workflowId = workflowId;
            this.onUpdate = onUpdate;
            this.url = url("v1", "workflow", workflowId, "subscribe");
            this.what = "the status stream of workflow " + workflowId;
        }

        @Override
        public CompletableFuture<WorkflowUpdate> done() {
            return done;
        }

        @Override
        public int connections() {
            return connections.get();
        }

        @Override
        public void close() {
            closed = true;
            EventSource es;
            synchronized (this) {
                es = current;
            }
            if (es != null) {
                es.cancel();
            }
            done.cancel(false);
        }

        private boolean stopped() {
            return closed || done.isDone();
        }

        void connect() {
            if (stopped()) {
                return;
            }
            budget.acquire(scheduler).whenComplete((slot, err) -> {
                if (err != null) {
                    done.completeExceptionally(Futures.unwrap(err));
                    return;
                }
                if (stopped()) {
                    return;
                }
                connections.incrementAndGet();
                Request request = new Request.Builder().url(url).header("Accept", "text/event-stream").build();
                EventSource es = streams.newEventSource(request, new Listener());
                synchronized (this) {
                    current = es;
                }
                if (stopped()) {
                    es.cancel();
                }
            });
        }

        private void retryLater(ApiException cause) {
            int failures;
            synchronized (this) {
                failures = ++failuresInARow;
            }
            if (failures >= retry.maxAttempts()) {
                done.completeExceptionally(cause);
                return;
            }
            later(retry.backoffNanos(failures), done, this::connect);
        }

        private final class Listener extends EventSourceListener {

            private boolean gotEvent;

            @Override
            public void onEvent(EventSource es, String id, String type, String data) {
                if (stopped() || data == null || data.isBlank()) {
                    return;
                }
                WorkflowUpdate update;
                try {
                    update = ApiJson.update(workflowId, data);
                } catch (ApiException e) {
                    done.completeExceptionally(e);
                    es.cancel();
                    return;
                }
                gotEvent = true;
                synchronized (Subscription.this) {
                    failuresInARow = 0;
                }
                try {
                    onUpdate.accept(update);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "A status listener for workflow " + workflowId + " failed", e);
                }
                if (update.status().isTerminal()) {
                    done.complete(update);
                    es.cancel();
                }
            }

            @Override
            public void onClosed(EventSource es) {
                if (stopped()) {
                    return;
                }
                if (gotEvent) {
                    // The server caps each stream (about 120 events); carry on with a fresh one.
                    connect();
                } else {
                    retryLater(new NetworkException("The status stream of workflow " + workflowId
                            + " keeps closing without any update", null));
                }
            }

            @Override
            public void onFailure(EventSource es, Throwable t, Response response) {
                if (stopped()) {
                    return;
                }
                if (response != null && response.code() != 200) {
                    int code = response.code();
                    byte[] body = null;
                    try {
                        body = response.body().bytes();
                    } catch (IOException | RuntimeException ignored) {
                        // the status code says enough
                    }
                    ApiException error = ApiErrors.fromResponse(code, body, what);
                    if (code == 429) {
                        budget.onRateLimited();
                        retryLater(error);
                    } else if (code >= 500) {
                        retryLater(error);
                    } else {
                        done.completeExceptionally(error);
                    }
                    return;
                }
                if (gotEvent) {
                    connect();
                    return;
                }
                IOException io = t instanceof IOException e ? e
                        : new IOException(response != null ? "not an event stream" : String.valueOf(t), t);
                retryLater(network(io));
            }
        }
    }
}
