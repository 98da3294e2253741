package app.lightbox.ui.workflows;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.workflow.TrackingEvent;
import app.lightbox.core.workflow.WorkflowTracker;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.ui.common.Errors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The account's workflows, newest first, one page at a time, kept current by the tracker: rows change
 * as statuses change, workflows submitted elsewhere appear at the top, and finished ones raise a notice.
 */
public final class WorkflowListViewModel implements AutoCloseable {

    static final int PAGE_SIZE = 50;

    /** Statuses the list endpoint can filter by (the others are not accepted by the API). */
    public static final List<WorkflowStatus> FILTERABLE = List.of(WorkflowStatus.RUNNING, WorkflowStatus.QUEUED,
            WorkflowStatus.COMPLETED, WorkflowStatus.FAILED, WorkflowStatus.CANCELLED);

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final ObservableList<Workflow> workflows = FXCollections.observableArrayList();
    /** Held once: an unmodifiable view listens weakly, so a fresh one per call could stop updating. */
    private final ObservableList<Workflow> workflowsView = FXCollections.unmodifiableObservableList(workflows);
    private final FilteredList<Workflow> shown = new FilteredList<>(workflows);
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty hasMore = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ObjectProperty<Workflow> selected = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");
    private final ObjectProperty<WorkflowStatus> statusFilter = new SimpleObjectProperty<>();
    private final StringProperty search = new SimpleStringProperty("");
    private final StringProperty openByIdError = new SimpleStringProperty();
    private final StringProperty trackingProblem = new SimpleStringProperty();
    private final ObjectProperty<Notice> notice = new SimpleObjectProperty<>();

    private final ComfyControlApi api;
    private final WorkflowTracker tracker;
    private final Executor fx;
    private final Consumer<TrackingEvent> onEvent;
    private int loadedPages;
    private int total;
    private long generation;

    public WorkflowListViewModel(ComfyControlApi api, WorkflowTracker tracker, Executor fx) {
        this.api = api;
        this.tracker = tracker;
        this.fx = fx;
        this.onEvent = e -> fx.execute(() -> apply(e));
        tracker.addListener(onEvent);
        search.addListener((obs, old, now) -> shown.setPredicate(matcher(now)));
        selected.addListener((obs, old, now) -> {
            if (old != null && (now == null || !old.id().equals(now.id()))) {
                tracker.unwatch(old.id());
            }
            if (now != null && !now.status().isTerminal()) {
                tracker.watch(now.id());
            }
        });
    }

    // ---- properties

    /** Every loaded workflow, newest first. */
    public ObservableList<Workflow> workflows() {
        return workflowsView;
    }

    /** The loaded workflows that match the search. */
    public ObservableList<Workflow> shownWorkflows() {
        return shown;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyObjectProperty<Workflow> selectedProperty() {
        return selected;
    }

    /** "12 of 45 workflows". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary;
    }

    /** Null for all statuses; otherwise one of {@link #FILTERABLE}. Changing it reloads the list. */
    public ObjectProperty<WorkflowStatus> statusFilterProperty() {
        return statusFilter;
    }

    /** Matches names (any case) and tags among the loaded workflows. */
    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyStringProperty openByIdErrorProperty() {
        return openByIdError;
    }

    /** Non-null while statuses cannot be refreshed ("statuses may be out of date"). */
    public ReadOnlyStringProperty trackingProblemProperty() {
        return trackingProblem;
    }

    /** The latest notice; each one is a new value, so listeners see every one. */
    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice;
    }

    // ---- commands

    /** Reloads from the first page. */
    public void refresh() {
        long gen = ++generation;
        loading.set(true);
        error.set(null);
        api.workflows(1, PAGE_SIZE, statusFilter.get()).whenCompleteAsync((page, failure) -> {
            if (gen != generation) {
                return;
            }
            loading.set(false);
            if (failure != null) {
                error.set("Could not load workflows: " + Errors.describe(failure));
                return;
            }
            Workflow keep = selected.get();
            mergeInPlace(page.workflows());
            loadedPages = 1;
            applyTotals(page);
            startTracking(page.workflows());
            if (keep != null) {
                workflows.stream().filter(w -> w.id().equals(keep.id())).findFirst().ifPresent(selected::set);
            }
        }, fx);
    }

    /** Appends the next page, skipping workflows already shown (new ones shift the pages). */
    public void loadMore() {
        if (loading.get() || !hasMore.get()) {
            return;
        }
        long gen = generation;
        loading.set(true);
        error.set(null);
        api.workflows(loadedPages + 1, PAGE_SIZE, statusFilter.get()).whenCompleteAsync((page, failure) -> {
            if (gen != generation) {
                return;
            }
            loading.set(false);
            if (failure != null) {
                error.set("Could not load more workflows: " + Errors.describe(failure));
                return;
            }
            Set<String> known = new HashSet<>();
            workflows.forEach(w -> known.add(w.id()));
            List<Workflow> fresh = page.workflows().stream().filter(w -> known.add(w.id())).toList();
            workflows.addAll(fresh);
            loadedPages++;
            applyTotals(page);
            startTracking(fresh);
        }, fx);
    }

    public void filterByStatus(WorkflowStatus status) {
        if (status != null && !FILTERABLE.contains(status)) {
            throw new IllegalArgumentException("ComfyControl cannot filter by " + status);
        }
        statusFilter.set(status);
        refresh();
    }

    public void select(Workflow workflow) {
        selected.set(workflow);
    }

    /** Opens a workflow by its ID (pasted from elsewhere); the text is checked before anything is sent. */
    public void openById(String text) {
        String id = text == null ? "" : text.strip();
        if (!UUID.matcher(id).matches()) {
            openByIdError.set("That is not a workflow ID. IDs look like a1b2c3d4-e5f6-7890-abcd-ef1234567890.");
            return;
        }
        openByIdError.set(null);
        workflows.stream().filter(w -> w.id().equalsIgnoreCase(id)).findFirst().ifPresentOrElse(w -> {
            search.set("");
            selected.set(w);
        }, () ->
                api.workflow(id.toLowerCase(Locale.ROOT)).whenCompleteAsync((wf, failure) -> {
                    if (failure != null) {
                        openByIdError.set(Errors.describe(failure));
                        return;
                    }
                    if (workflows.stream().noneMatch(w -> w.id().equals(wf.id()))) {
                        workflows.add(0, wf);
                        startTracking(List.of(wf));
                    }
                    search.set("");
                    selected.set(wf);
                }, fx));
    }

    @Override
    public void close() {
        tracker.removeListener(onEvent);
        Workflow s = selected.get();
        if (s != null) {
            tracker.unwatch(s.id());
        }
    }

    // ---- tracking

    private void startTracking(List<Workflow> loaded) {
        tracker.track(loaded);
        tracker.start();
    }

    private void apply(TrackingEvent event) {
        if (event instanceof TrackingEvent.StatusChanged c) {
            replace(c.after());
            trackingProblem.set(null);
        } else if (event instanceof TrackingEvent.Progress p) {
            find(p.workflowId()).ifPresent(w -> replace(new Workflow(w.id(), w.name(), w.status(), w.tags(),
                    w.createdAt(), w.updatedAt(), p.startedAt(), w.completedAt(), p.queueNumber(), w.runnerId(),
                    w.params(), w.failure())));
        } else if (event instanceof TrackingEvent.Completed c) {
            replace(c.workflow());
            int n = c.outputs().size();
            notice.set(new Notice(Notice.Kind.COMPLETED, name(c.workflow()) + " is ready",
                    n == 0 ? "Completed without outputs" : n + (n == 1 ? " output" : " outputs")));
        } else if (event instanceof TrackingEvent.Failed f) {
            replace(f.workflow());
            notice.set(new Notice(Notice.Kind.FAILED, name(f.workflow()) + " failed",
                    f.workflow().failure() == null ? f.workflow().status().raw() : f.workflow().failure().summary()));
        } else if (event instanceof TrackingEvent.Cancelled c) {
            replace(c.workflow());
            notice.set(new Notice(Notice.Kind.CANCELLED, name(c.workflow()) + " was cancelled", ""));
        } else if (event instanceof TrackingEvent.UnknownStatus u) {
            replace(u.workflow());
        } else if (event instanceof TrackingEvent.NewWorkflows n) {
            Set<String> known = new HashSet<>();
            workflows.forEach(w -> known.add(w.id()));
            List<Workflow> fresh = n.workflows().stream()
                    .filter(w -> statusFilter.get() == null || statusFilter.get().equals(w.status()))
                    .filter(w -> known.add(w.id())).toList();
            workflows.addAll(0, fresh);
            total += fresh.size();
            summary.set(workflows.size() + " of " + total + " workflows");
        } else if (event instanceof TrackingEvent.RefreshProblem p) {
            trackingProblem.set("Statuses may be out of date: " + p.message());
        }
    }

    /**
     * Makes the rows equal to {@code target} with the fewest edits, so rows that did not change stay the
     * same objects and the list (and its selection) does not jump when a reload brings one new workflow.
     */
    private void mergeInPlace(List<Workflow> target) {
        if (workflows.isEmpty()) {
            workflows.setAll(target);
            return;
        }
        Set<String> wanted = new HashSet<>();
        target.forEach(w -> wanted.add(w.id()));
        workflows.removeIf(w -> !wanted.contains(w.id()));
        for (int i = 0; i < target.size(); i++) {
            Workflow t = target.get(i);
            if (i < workflows.size() && workflows.get(i).id().equals(t.id())) {
                Workflow merged = keepDetails(workflows.get(i), t);
                if (!merged.equals(workflows.get(i))) {
                    workflows.set(i, merged);
                }
                continue;
            }
            int j = -1;
            for (int k = i + 1; k < workflows.size(); k++) {
                if (workflows.get(k).id().equals(t.id())) {
                    j = k;
                    break;
                }
            }
            if (j >= 0) {
                workflows.add(i, keepDetails(workflows.remove(j), t));
            } else {
                workflows.add(i, t);
            }
        }
    }

    private java.util.Optional<Workflow> find(String id) {
        return workflows.stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** Puts the newer copy in place, keeping the selection on the same workflow. */
    private void replace(Workflow updated) {
        for (int i = 0; i < workflows.size(); i++) {
            Workflow w = workflows.get(i);
            if (w.id().equals(updated.id())) {
                Workflow merged = keepDetails(w, updated);
                workflows.set(i, merged);
                if (selected.get() != null && selected.get().id().equals(updated.id())) {
                    selected.set(merged);
                }
                return;
            }
        }
    }

    /** List pages carry no runner, params or failure; keep what an earlier full fetch knew. */
    private static Workflow keepDetails(Workflow old, Workflow now) {
        return new Workflow(now.id(), now.name() != null ? now.name() : old.name(), now.status(),
                now.tags().isEmpty() ? old.tags() : now.tags(), now.createdAt() != null ? now.createdAt() : old.createdAt(),
                now.updatedAt(), now.startedAt(), now.completedAt(), now.queueNumber(),
                now.runnerId() != null ? now.runnerId() : old.runnerId(),
                now.params().isEmpty() ? old.params() : now.params(),
                now.failure() != null ? now.failure() : old.failure());
    }

    private static java.util.function.Predicate<Workflow> matcher(String text) {
        String q = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return null;
        }
        return w -> (w.name() != null && w.name().toLowerCase(Locale.ROOT).contains(q))
                || w.tags().stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(q));
    }

    private static String name(Workflow w) {
        return w.name() == null || w.name().isBlank() ? "A workflow" : "“" + w.name() + "”";
    }

    private void applyTotals(WorkflowPage page) {
        total = page.total();
        hasMore.set(workflows.size() < total && !page.workflows().isEmpty());
        summary.set(total == 0 ? "No workflows yet" : workflows.size() + " of " + total + " workflows");
    }
}
