package app.lightbox.ui.workflows;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.workflow.WorkflowTracker;
import app.lightbox.model.Workflow;
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

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.concurrent.Executor;

/**
 * Everything known about the selected workflow: times, queue position, runner, parameters and, for a
 * failure, where and why it failed. Running workflows show their elapsed time, advanced by {@link #tick}.
 */
public final class WorkflowDetailsViewModel {

    /** One line of the details: a label and its value. */
    public record Field(String label, String value) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM);

    private final ObjectProperty<Workflow> workflow = new SimpleObjectProperty<>();
    private final ObservableList<Field> fields = FXCollections.observableArrayList();
    /** Held once: an unmodifiable view listens weakly, so a fresh one per call could stop updating. */
    private final ObservableList<Field> fieldsView = FXCollections.unmodifiableObservableList(fields);
    private final ObservableList<Field> params = FXCollections.observableArrayList();
    /** Held once: an unmodifiable view listens weakly, so a fresh one per call could stop updating. */
    private final ObservableList<Field> paramsView = FXCollections.unmodifiableObservableList(params);
    private final StringProperty failure = new SimpleStringProperty();
    private final StringProperty elapsed = new SimpleStringProperty();
    private final BooleanProperty cancellable = new SimpleBooleanProperty();
    private final StringProperty cancelMessage = new SimpleStringProperty();

    private final ComfyControlApi api;
    private final WorkflowTracker tracker;
    private final Executor fx;
    private final ZoneId zone;
    private Workflow full;
    private long generation;

    public WorkflowDetailsViewModel(ComfyControlApi api, WorkflowTracker tracker, Executor fx, ZoneId zone) {
        this.api = api;
        this.tracker = tracker;
        this.fx = fx;
        this.zone = zone;
    }

    // ---- properties

    public ReadOnlyObjectProperty<Workflow> workflowProperty() {
        return workflow;
    }

    public ObservableList<Field> fields() {
        return fieldsView;
    }

    /** The workflow's parameters ($prompt, #sampler …) as sent. */
    public ObservableList<Field> params() {
        return paramsView;
    }

    /** "KSampler: torch.cuda.OutOfMemoryError: CUDA out of memory…" for failures, else null. */
    public ReadOnlyStringProperty failureProperty() {
        return failure;
    }

    /** "Running for 2 min 05 s" while running, "Queued (position 3)" while queued; else null. */
    public ReadOnlyStringProperty elapsedProperty() {
        return elapsed;
    }

    public ReadOnlyBooleanProperty cancellableProperty() {
        return cancellable;
    }

    public ReadOnlyStringProperty cancelMessageProperty() {
        return cancelMessage;
    }

    // ---- commands

    /** Shows a workflow (a newer copy of the same one keeps what the full fetch found). */
    public void show(Workflow w) {
        boolean same = w != null && workflow.get() != null && workflow.get().id().equals(w.id());
        boolean statusChanged = same && !workflow.get().status().equals(w.status());
        workflow.set(w);
        if (!same) {
            full = null;
            cancelMessage.set(null);
        }
        render(Instant.now());
        if (w != null && (!same || statusChanged)) {
            long gen = ++generation;
            api.workflow(w.id()).whenCompleteAsync((fetched, error) -> {
                if (gen != generation || error != null) {
                    return;
                }
                full = fetched;
                render(Instant.now());
            }, fx);
        }
    }

    /** Advances the elapsed time of a running workflow (the view calls it every second). */
    public void tick(Instant now) {
        Workflow w = workflow.get();
        if (w != null && !w.status().isTerminal()) {
            elapsed.set(elapsedText(w, now));
        }
    }

    public void cancel() {
        Workflow w = workflow.get();
        if (w == null) {
            return;
        }
        if (!w.status().isCancellable() && w.status().isKnown()) {
            cancelMessage.set("Only queued or running workflows can be cancelled; this one is " + w.status().raw() + ".");
            return;
        }
        cancelMessage.set("Asking ComfyControl to cancel…");
        tracker.cancel(w.id()).whenCompleteAsync((ok, error) -> cancelMessage.set(error == null
                ? "Cancel requested; it takes a few seconds, and a workflow that finishes first stays completed."
                : Errors.describe(error)), fx);
    }

    private void render(Instant now) {
        Workflow w = workflow.get();
        fields.clear();
        params.clear();
        if (w == null) {
            failure.set(null);
            elapsed.set(null);
            cancellable.set(false);
            return;
        }
        Workflow f = full != null && full.id().equals(w.id()) ? full : w;
        WorkflowStatus s = w.status();
        fields.add(new Field("Status", s.isKnown() ? s.raw() : "“" + s.raw() + "” (not a status Lightbox knows)"));
        if (!w.tags().isEmpty()) {
            fields.add(new Field("Tags", String.join(", ", w.tags())));
        }
        add("Created", w.createdAt());
        add("Started", w.startedAt() != null ? w.startedAt() : f.startedAt());
        add("Completed", w.completedAt() != null ? w.completedAt() : f.completedAt());
        Instant started = w.startedAt() != null ? w.startedAt() : f.startedAt();
        Instant completed = w.completedAt() != null ? w.completedAt() : f.completedAt();
        if (started != null && completed != null) {
            fields.add(new Field("Duration", duration(Duration.between(started, completed))));
        }
        Integer queue = w.queueNumber() != null ? w.queueNumber() : f.queueNumber();
        if (queue != null && !s.isTerminal()) {
            fields.add(new Field("Queue position", queue.toString()));
        }
        if (f.runnerId() != null) {
            fields.add(new Field("Runner", f.runnerId()));
        }
        fields.add(new Field("ID", app.lightbox.core.auth.AllAccountsApi.rawId(w.id())));
        f.params().forEach(p -> params.add(new Field(p.name(), p.value())));
        failure.set(s.isFailure() && f.failure() != null ? f.failure().summary()
                : s.phase() == WorkflowStatus.Phase.INVALID ? "ComfyControl marked this workflow invalid." : null);
        cancellable.set(s.isCancellable());
        elapsed.set(s.isTerminal() ? null : elapsedText(w, now));
    }

    private void add(String label, Instant t) {
        if (t != null) {
            fields.add(new Field(label, TIME.format(t.atZone(zone))));
        }
    }

    private static String elapsedText(Workflow w, Instant now) {
        return switch (w.status().phase()) {
            case RUNNING -> w.startedAt() == null ? "Running"
                    : "Running for " + duration(Duration.between(w.startedAt(), now));
            case QUEUED -> w.queueNumber() == null ? "Queued" : "Queued (position " + w.queueNumber() + ")";
            case ACCEPTED, UPLOADED -> "Waiting for a runner (" + w.status().raw() + ")";
            default -> null;
        };
    }

    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + String.format("%02d", s % 60) + " s";
        }
        return (s / 3600) + " h " + String.format("%02d", (s % 3600) / 60) + " min";
    }
}
