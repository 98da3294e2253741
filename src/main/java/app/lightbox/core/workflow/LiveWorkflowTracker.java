package app.lightbox.core.workflow;

import app.lightbox.core.concurrent.Futures;
import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.api.NotFoundException;
import app.lightbox.core.api.RateLimitedException;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.api.WorkflowSubscription;
import app.lightbox.model.Output;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.model.WorkflowUpdate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link WorkflowTracker} over the ComfyControl API.
 *
 * <p>Looked-at workflows follow their status stream, up to {@link TrackerSettings#maxStreams()} at once.
 * Everything else is refreshed from the workflow list, which covers up to 100 workflows per request: each
 * poll reads page 1 (which also reveals workflows submitted elsewhere), then, only for tracked workflows
 * older than page 1, pages filtered to {@code queued} and {@code running} and, for {@code accepted},
 * {@code uploaded} and unknown statuses (which the filter does not offer), further plain pages. A tracked
 * workflow missing from the filtered pages has changed state; it is confirmed with a plain page or a single
 * fetch. Polls run one after another, every few seconds while something is in progress and rarely when
 * nothing is, further apart after errors, and not at all during a 429 cooldown.
 *
 * <p>Every request first takes a slot from the shared {@link TrackingAllowance}, then (inside the client)
 * from the app-wide {@link RequestBudget}. All state lives on one serial tracker thread; listeners are
 * called there.
 */
public final class LiveWorkflowTracker implements WorkflowTracker {

    private static final System.Logger LOG = System.getLogger(LiveWorkflowTracker.class.getName());
    private static final int PER_PAGE = 100;
    private static final int FINISHED_MEMORY = 2_000;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ComfyControlApi api;
    private final RequestBudget budget;
    private final TrackingAllowance allowance;
    private final ScheduledExecutorService scheduler;
    private final Executor serial;
    private final TrackerSettings settings;
    private final RequestLog log;
    private final List<Consumer<TrackingEvent>> listeners = new CopyOnWriteArrayList<>();

    // Confined to the serial executor.
    private final Map<String, Workflow> tracked = new LinkedHashMap<>();
    private final Map<String, WorkflowStatus> finished = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WorkflowStatus> eldest) {
            return size() > FINISHED_MEMORY;
        }
    };
    private final Set<String> watched = new LinkedHashSet<>();
    private final Map<String, Stream> streams = new HashMap<>();
    private final Set<String> streamless = new HashSet<>();
    private Set<String> lastTop;
    private ScheduledFuture<?> nextPoll;
    private boolean polling;
    private boolean started;
    private int failuresInARow;
    private volatile boolean closed;

    /**
     * @param api       the signed-in client
     * @param budget    the app-wide budget the client uses (read for its 429 cooldown)
     * @param allowance shared by every tracker on the same API origin
     * @param scheduler runs the tracker's short tasks and timers (the app's scheduler)
     * @param clock     timestamps for the {@link RequestLog}
     */
    public LiveWorkflowTracker(ComfyControlApi api, RequestBudget budget, TrackingAllowance allowance,
                               ScheduledExecutorService scheduler, TrackerSettings settings, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.allowance = Objects.requireNonNull(allowance, "allowance");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.serial = new SerialExecutor(scheduler);
        this.log = new RequestLog(clock);
    }

    /** Every request this tracker has sent. */
    public RequestLog requests() {
        return log;
    }

    // ---- commands ---------------------------------------------------------------------------------------

    @Override
    public void start() {
        on(() -> {
            if (started || closed) {
                return;
            }
            started = true;
            schedulePoll(Duration.ZERO);
            openStreams();
        });
    }

    @Override
    public void track(Collection<Workflow> workflows) {
        List<Workflow> copy = List.copyOf(workflows);
        on(() -> {
            boolean added = false;
            for (Workflow w : copy) {
                if (!w.status().isTerminal() && !tracked.containsKey(w.id()) && !finished.containsKey(w.id())) {
                    tracked.put(w.id(), w);
                    added = true;
                }
            }
            if (added) {
                pollSoon();
                openStreams();
            }
        });
    }

    @Override
    public void watch(String workflowId) {
        Objects.requireNonNull(workflowId, "workflowId");
        on(() -> {
            watched.add(workflowId);
            if (finished.containsKey(workflowId)) {
                return;
            }
            if (tracked.containsKey(workflowId)) {
                openStreams();
                return;
            }
            // Not known yet: learn its status once, then treat it like any other tracked workflow.
            send(RequestLog.Kind.WORKFLOW, () -> api.workflow(workflowId)).whenComplete((w, e) -> {
                if (e != null) {
                    LOG.log(System.Logger.Level.WARNING, "Could not look up workflow {0}: {1}", workflowId, e.getMessage());
                    return;
                }
                if (tracked.containsKey(workflowId) || finished.containsKey(workflowId)) {
                    return;
                }
                if (w.status().isTerminal()) {
                    finished.put(workflowId, w.status());
                } else {
                    tracked.put(workflowId, w);
                    pollSoon();
                    openStreams();
                }
            });
        });
    }

    @Override
    public void unwatch(String workflowId) {
        on(() -> {
            watched.remove(workflowId);
            closeStream(workflowId);
            openStreams();
        });
    }

    @Override
    public CompletableFuture<Void> cancel(String workflowId) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (workflowId == null || workflowId.isBlank()) {
            result.completeExceptionally(new IllegalArgumentException("A workflow id is required"));
            return result;
        }
        boolean queued = on(() -> {
            Workflow w = tracked.get(workflowId);
            WorkflowStatus status = w != null ? w.status() : finished.get(workflowId);
            // An unknown status might be a new in-progress state: let ComfyControl decide those.
            if (status != null && status.isKnown() && !status.isCancellable()) {
                result.completeExceptionally(new CannotCancelException(status));
                return;
            }
            send(RequestLog.Kind.CANCEL, () -> api.cancel(workflowId)).whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                    return;
                }
                result.complete(null);
                if (tracked.containsKey(workflowId) && !streams.containsKey(workflowId)) {
                    refresh(workflowId);
                }
            });
        });
        if (!queued) {
            result.completeExceptionally(new IllegalStateException("Workflow tracking has stopped"));
        }
        return result;
    }

    @Override
    public void addListener(Consumer<TrackingEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(Consumer<TrackingEvent> listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        closed = true;
        if (!on(this::stopAll)) {
            stopAll();
        }
    }

    private void stopAll() {
        if (nextPoll != null) {
            nextPoll.cancel(false);
            nextPoll = null;
        }
        for (String id : List.copyOf(streams.keySet())) {
            closeStream(id);
        }
    }

    // ---- polling ----------------------------------------------------------------------------------------

    private void schedulePoll(Duration delay) {
        if (closed) {
            return;
        }
        if (nextPoll != null) {
            nextPoll.cancel(false);
        }
        try {
            nextPoll = scheduler.schedule(() -> on(this::poll), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            nextPoll = null;
        }
    }

    /** Something new to follow: make sure the next poll is no further away than the active interval. */
    private void pollSoon() {
        if (!started || polling || closed) {
            return;
        }
        if (nextPoll == null || nextPoll.getDelay(TimeUnit.NANOSECONDS) > settings.activeInterval().toNanos()) {
            schedulePoll(Duration.ZERO);
        }
    }

    private void poll() {
        nextPoll = null;
        if (closed || polling) {
            return;
        }
        if (budget.isCoolingDown()) {
            // Nothing may reach ComfyControl now; look again once the cooldown is surely over.
            schedulePoll(budget.cooldown());
            return;
        }
        polling = true;
        CompletableFuture<Void> run;
        try {
            run = new Poll().run();
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        run.whenComplete((v, e) -> on(() -> afterPoll(e)));
    }

    private void afterPoll(Throwable error) {
        polling = false;
        if (closed) {
            return;
        }
        if (error == null) {
            failuresInARow = 0;
            schedulePoll(hasPolledWork() ? settings.activeInterval() : settings.idleInterval());
            return;
        }
        Throwable cause = Futures.unwrap(error);
        failuresInARow++;
        long nanos = settings.activeInterval().toNanos() << Math.min(failuresInARow, 20);
        Duration wait = Duration.ofNanos(Math.min(nanos, settings.maxBackoff().toNanos()));
        if ((cause instanceof RateLimitedException || budget.isCoolingDown()) && wait.compareTo(budget.cooldown()) < 0) {
            wait = budget.cooldown();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        LOG.log(System.Logger.Level.DEBUG, "Workflow refresh failed ({0} in a row): {1}", failuresInARow, message);
        emit(new TrackingEvent.RefreshProblem(message, wait));
        schedulePoll(wait);
    }

    private boolean hasPolledWork() {
        for (String id : tracked.keySet()) {
            if (!streams.containsKey(id)) {
                return true;
            }
        }
        return false;
    }

    /** One round of refreshing, request after request. Runs on the tracker thread between requests. */
    private final class Poll {

        private final Set<String> seen = new HashSet<>();
        private int nextPlainPage = 2;

        CompletableFuture<Void> run() {
            return send(RequestLog.Kind.LIST, () -> api.workflows(1, PER_PAGE, null))
                    .thenCompose(page -> {
                        applyTop(page);
                        List<Workflow> other = new ArrayList<>();
                        List<Workflow> queued = new ArrayList<>();
                        List<Workflow> running = new ArrayList<>();
                        for (Workflow w : missing()) {
                            switch (w.status().phase()) {
                                case QUEUED -> queued.add(w);
                                case RUNNING -> running.add(w);
                                default -> other.add(w);
                            }
                        }
                        CompletableFuture<Void> f = DONE;
                        if (!other.isEmpty()) {
                            f = f.thenCompose(x -> scan(null, nextPlainPage, other, settings.maxPagesPerScan()));
                        }
                        // Queued before running: a workflow that started meanwhile turns up on the running pages.
                        if (!queued.isEmpty()) {
                            f = f.thenCompose(x -> scan(WorkflowStatus.QUEUED, 1, queued, settings.maxPagesPerScan()));
                        }
                        if (!running.isEmpty()) {
                            f = f.thenCompose(x -> scan(WorkflowStatus.RUNNING, 1, running, settings.maxPagesPerScan()));
                        }
                        return f.thenCompose(x -> confirmMissing());
                    });
        }

        /** Tracked, polled workflows this round has not seen yet. */
        private List<Workflow> missing() {
            List<Workflow> out = new ArrayList<>();
            for (Workflow w : tracked.values()) {
                if (!seen.contains(w.id()) && !streams.containsKey(w.id())) {
                    out.add(w);
                }
            }
            return out;
        }

        private List<Workflow> stillMissing(List<Workflow> wanted) {
            List<Workflow> out = new ArrayList<>();
            for (Workflow w : wanted) {
                if (!seen.contains(w.id()) && tracked.containsKey(w.id()) && !streams.containsKey(w.id())) {
                    out.add(w);
                }
            }
            return out;
        }

        private CompletableFuture<Void> scan(WorkflowStatus filter, int page, List<Workflow> wanted, int pagesLeft) {
            List<Workflow> missing = stillMissing(wanted);
            if (missing.isEmpty() || pagesLeft <= 0) {
                return DONE;
            }
            Instant oldest = oldest(missing);
            RequestLog.Kind kind = filter == null ? RequestLog.Kind.LIST
                    : filter.phase() == WorkflowStatus.Phase.RUNNING ? RequestLog.Kind.LIST_RUNNING
                    : RequestLog.Kind.LIST_QUEUED;
            if (filter == null) {
                nextPlainPage = page + 1;
            }
            return send(kind, () -> api.workflows(page, PER_PAGE, filter)).thenCompose(p -> {
                apply(p);
                List<Workflow> items = p.workflows();
                if (!p.hasMore() || items.isEmpty()) {
                    return DONE;
                }
                Instant last = items.get(items.size() - 1).createdAt();
                if (oldest != null && last != null && last.isBefore(oldest)) {
                    return DONE;
                }
                return scan(filter, page + 1, wanted, pagesLeft - 1);
            });
        }

        /** Tracked workflows that left their filter (or could not be found): a plain scan if many, else one by one. */
        private CompletableFuture<Void> confirmMissing() {
            List<Workflow> missing = missing();
            CompletableFuture<Void> f = DONE;
            if (missing.size() > settings.maxDetailsPerPoll()) {
                f = scan(null, nextPlainPage, missing, settings.maxPagesPerScan());
            }
            return f.thenCompose(x -> details(missing(), settings.maxDetailsPerPoll()));
        }

        private CompletableFuture<Void> details(List<Workflow> missing, int left) {
            if (missing.isEmpty() || left <= 0) {
                return DONE;
            }
            Workflow w = missing.get(0);
            List<Workflow> rest = missing.subList(1, missing.size());
            return send(RequestLog.Kind.WORKFLOW, () -> api.workflow(w.id())).handle((fresh, e) -> {
                if (e == null) {
                    seen.add(fresh.id());
                    update(fresh, null);
                    return DONE;
                }
                if (Futures.unwrap(e) instanceof NotFoundException nf) {
                    forget(w.id(), nf.getMessage());
                    return DONE;
                }
                return CompletableFuture.<Void>failedFuture(Futures.unwrap(e));
            }).thenCompose(x -> x).thenCompose(x -> details(rest, left - 1));
        }

        /** Page 1 of the plain list: the first one sets the baseline, later ones reveal new workflows. */
        private void applyTop(WorkflowPage page) {
            List<Workflow> items = page.workflows();
            if (lastTop == null) {
                for (Workflow w : items) {
                    if (!w.status().isTerminal() && !tracked.containsKey(w.id()) && !finished.containsKey(w.id())) {
                        tracked.put(w.id(), w);
                    }
                }
            } else {
                // Newest first: everything above the first workflow we saw last time is new.
                List<Workflow> fresh = new ArrayList<>();
                for (Workflow w : items) {
                    if (lastTop.contains(w.id())) {
                        break;
                    }
                    if (!tracked.containsKey(w.id()) && !finished.containsKey(w.id())) {
                        fresh.add(w);
                    }
                }
                for (Workflow w : fresh) {
                    if (!w.status().isTerminal()) {
                        tracked.put(w.id(), w);
                    }
                }
                if (!fresh.isEmpty()) {
                    emit(new TrackingEvent.NewWorkflows(fresh));
                }
            }
            Set<String> top = new HashSet<>();
            for (Workflow w : items) {
                top.add(w.id());
            }
            lastTop = top;
            apply(page);
            openStreams();
        }

        private void apply(WorkflowPage page) {
            for (Workflow w : page.workflows()) {
                seen.add(w.id());
                if (tracked.containsKey(w.id())) {
                    update(w, null);
                }
            }
        }
    }

    private static Instant oldest(List<Workflow> workflows) {
        Instant oldest = null;
        for (Workflow w : workflows) {
            if (w.createdAt() == null) {
                return null;
            }
            if (oldest == null || w.createdAt().isBefore(oldest)) {
                oldest = w.createdAt();
            }
        }
        return oldest;
    }

    private void refresh(String workflowId) {
        send(RequestLog.Kind.WORKFLOW, () -> api.workflow(workflowId)).whenComplete((w, e) -> {
            if (w != null) {
                update(w, null);
            }
        });
    }

    private void forget(String workflowId, String message) {
        Workflow last = tracked.remove(workflowId);
        closeStream(workflowId);
        if (last != null) {
            emit(new TrackingEvent.Untracked(last, message));
        }
    }

    // ---- applying what was learned ------------------------------------------------------------------------

    /**
     * Folds a fresh view of a tracked workflow in and emits what changed.
     *
     * @param streamOutputs the outputs a stream event carried, or null when the view came from a poll
     */
    private void update(Workflow fresh, List<Output> streamOutputs) {
        Workflow before = tracked.get(fresh.id());
        if (before == null) {
            return;
        }
        if (streamOutputs == null && streams.containsKey(fresh.id())) {
            // The stream is fresher than any page that may have been answered before its last event.
            return;
        }
        Workflow after = merge(before, fresh);
        tracked.put(after.id(), after);
        boolean statusChanged = !before.status().equals(after.status());
        if (statusChanged) {
            emit(new TrackingEvent.StatusChanged(before, after));
        }
        WorkflowStatus.Phase phase = after.status().phase();
        if ((phase == WorkflowStatus.Phase.QUEUED || phase == WorkflowStatus.Phase.RUNNING)
                && (statusChanged || !Objects.equals(before.queueNumber(), after.queueNumber())
                || !Objects.equals(before.startedAt(), after.startedAt()))) {
            emit(new TrackingEvent.Progress(after.id(), after.queueNumber(), after.startedAt()));
        }
        if (!statusChanged) {
            return;
        }
        if (after.status().isTerminal()) {
            finish(after, streamOutputs);
        } else if (!after.status().isKnown()) {
            emit(new TrackingEvent.UnknownStatus(after));
        }
    }

    private void finish(Workflow w, List<Output> streamOutputs) {
        String id = w.id();
        tracked.remove(id);
        finished.put(id, w.status());
        closeStream(id);
        openStreams();
        switch (w.status().phase()) {
            case COMPLETED -> {
                if (streamOutputs != null && !streamOutputs.isEmpty()) {
                    emit(new TrackingEvent.Completed(w, streamOutputs));
                    return;
                }
                send(RequestLog.Kind.OUTPUTS, () -> api.outputs(id)).whenComplete((outputs, e) -> {
                    if (e != null) {
                        emit(new TrackingEvent.OutputsUnavailable(w, message(e)));
                    } else {
                        emit(new TrackingEvent.Completed(w, outputs));
                    }
                });
            }
            case FAILED, INVALID -> {
                if (w.failure() != null) {
                    emit(new TrackingEvent.Failed(w));
                    return;
                }
                // List items carry no error fields; the workflow itself names the node and the exception.
                send(RequestLog.Kind.WORKFLOW, () -> api.workflow(id)).whenComplete((full, e) -> {
                    if (e != null) {
                        LOG.log(System.Logger.Level.DEBUG, "No error details for workflow {0}: {1}", id, message(e));
                    }
                    emit(new TrackingEvent.Failed(full != null ? merge(w, full) : w));
                });
            }
            case CANCELLED -> emit(new TrackingEvent.Cancelled(w));
            default -> throw new IllegalStateException("not terminal: " + w.status());
        }
    }

    /** The fresh view, with what it lacks (list items are summaries) kept from before where still true. */
    private static Workflow merge(Workflow before, Workflow fresh) {
        boolean sameStatus = before.status().equals(fresh.status());
        return new Workflow(
                before.id(),
                fresh.name() != null ? fresh.name() : before.name(),
                fresh.status(),
                fresh.tags().isEmpty() ? before.tags() : fresh.tags(),
                or(fresh.createdAt(), before.createdAt()),
                or(fresh.updatedAt(), before.updatedAt()),
                or(fresh.startedAt(), before.startedAt()),
                fresh.completedAt() != null || !sameStatus ? fresh.completedAt() : before.completedAt(),
                fresh.queueNumber() != null || !sameStatus ? fresh.queueNumber() : before.queueNumber(),
                or(fresh.runnerId(), before.runnerId()),
                fresh.params().isEmpty() ? before.params() : fresh.params(),
                fresh.failure() != null || !sameStatus ? fresh.failure() : before.failure());
    }

    private static <T> T or(T a, T b) {
        return a != null ? a : b;
    }

    // ---- status streams ---------------------------------------------------------------------------------

    private final class Stream {
        WorkflowSubscription subscription;
        int connectionsLogged;
        boolean stopped;
    }

    /** Gives free stream slots to looked-at workflows, in the order they were first looked at. */
    private void openStreams() {
        if (!started || closed) {
            return;
        }
        for (String id : watched) {
            if (streams.size() >= settings.maxStreams()) {
                return;
            }
            if (!streams.containsKey(id) && !streamless.contains(id) && tracked.containsKey(id)) {
                openStream(id);
            }
        }
    }

    private void openStream(String id) {
        Stream s = new Stream();
        streams.put(id, s);
        allowance.acquire(scheduler).whenComplete((slot, err) -> on(() -> {
            if (streams.get(id) != s || s.stopped || closed) {
                return;
            }
            if (err != null) {
                streams.remove(id);
                return;
            }
            log.record(RequestLog.Kind.SUBSCRIBE);
            s.connectionsLogged = 1;
            s.subscription = api.subscribe(id, u -> on(() -> onStreamUpdate(id, s, u)));
            s.subscription.done().whenComplete((u, e) -> on(() -> onStreamEnded(id, s, e)));
        }));
    }

    private void onStreamUpdate(String id, Stream s, WorkflowUpdate u) {
        if (streams.get(id) != s) {
            return;
        }
        // The client reconnects on its own when the server closes a stream; count those connections too.
        int connections = s.subscription.connections();
        while (s.connectionsLogged < connections) {
            log.record(RequestLog.Kind.SUBSCRIBE);
            s.connectionsLogged++;
        }
        Workflow before = tracked.get(id);
        if (before == null) {
            return;
        }
        Workflow fresh = new Workflow(id, before.name(), u.status(), before.tags(), before.createdAt(),
                before.updatedAt(), u.startedAt(), u.completedAt(), u.queueNumber(), before.runnerId(),
                before.params(), u.failure());
        update(fresh, u.outputs());
    }

    private void onStreamEnded(String id, Stream s, Throwable error) {
        if (streams.get(id) == s) {
            streams.remove(id);
            Throwable cause = error == null ? null : Futures.unwrap(error);
            if (cause != null && !(cause instanceof CancellationException)) {
                // Polling still covers it; a stream that failed once is not retried in a loop.
                streamless.add(id);
                LOG.log(System.Logger.Level.DEBUG, "Status stream of {0} ended: {1}", id, message(cause));
            }
            if (tracked.containsKey(id)) {
                pollSoon();
            }
        }
        openStreams();
    }

    private void closeStream(String id) {
        Stream s = streams.remove(id);
        if (s != null) {
            s.stopped = true;
            if (s.subscription != null) {
                s.subscription.close();
            }
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------------

    /**
     * Sends one request once the allowance has a slot, logs it, and completes on the tracker thread.
     */
    private <T> CompletableFuture<T> send(RequestLog.Kind kind, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        allowance.acquire(scheduler).thenCompose(slot -> {
            if (closed) {
                throw new CancellationException("tracking stopped");
            }
            log.record(kind);
            return call.get();
        }).whenComplete((v, e) -> {
            Throwable cause = e == null ? null : Futures.unwrap(e);
            if (cause instanceof RateLimitedException) {
                log.recordRateLimited();
            }
            boolean queued = on(() -> {
                if (cause != null) {
                    result.completeExceptionally(cause);
                } else {
                    result.complete(v);
                }
            });
            if (!queued) {
                result.completeExceptionally(new CancellationException("tracking stopped"));
            }
        });
        return result;
    }

    private void emit(TrackingEvent event) {
        for (Consumer<TrackingEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "A tracking listener failed on " + event.getClass().getSimpleName(), e);
            }
        }
    }

    /** Runs {@code task} on the tracker thread; false if the tracker's executor no longer takes work. */
    private boolean on(Runnable task) {
        try {
            serial.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }


    private static String message(Throwable t) {
        Throwable c = Futures.unwrap(t);
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    /** Runs tasks one at a time, in order, on a shared executor. */
    private static final class SerialExecutor implements Executor {

        private final Executor target;
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private boolean draining;

        SerialExecutor(Executor target) {
            this.target = target;
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                tasks.addLast(task);
                if (draining) {
                    return;
                }
                draining = true;
            }
            try {
                target.execute(this::drain);
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    draining = false;
                    tasks.clear();
                }
                throw e;
            }
        }

        private void drain() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = tasks.pollFirst();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "A workflow tracker task failed", e);
                }
            }
        }
    }
}
