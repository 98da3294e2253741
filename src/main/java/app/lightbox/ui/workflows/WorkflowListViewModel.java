package app.lightbox.ui.workflows;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
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

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/** The account's workflows, newest first, one page at a time. */
public final class WorkflowListViewModel {

    static final int PAGE_SIZE = 50;

    private final ObservableList<Workflow> workflows = FXCollections.observableArrayList();
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty hasMore = new SimpleBooleanProperty();
    private final StringProperty error = new SimpleStringProperty();
    private final ObjectProperty<Workflow> selected = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");

    private final ComfyControlApi api;
    private final Executor fx;
    private int loadedPages;
    private int total;
    private long generation;

    public WorkflowListViewModel(ComfyControlApi api, Executor fx) {
        this.api = api;
        this.fx = fx;
    }

    // ---- properties

    public ObservableList<Workflow> workflows() {
        return FXCollections.unmodifiableObservableList(workflows);
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

    // ---- commands

    /** Reloads from the first page. */
    public void refresh() {
        long gen = ++generation;
        loading.set(true);
        error.set(null);
        api.workflows(1, PAGE_SIZE, null).whenCompleteAsync((page, failure) -> {
            if (gen != generation) {
                return;
            }
            loading.set(false);
            if (failure != null) {
                error.set("Could not load workflows: " + Errors.describe(failure));
                return;
            }
            Workflow keep = selected.get();
            workflows.setAll(page.workflows());
            loadedPages = 1;
            applyTotals(page);
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
        api.workflows(loadedPages + 1, PAGE_SIZE, null).whenCompleteAsync((page, failure) -> {
            if (gen != generation) {
                return;
            }
            loading.set(false);
            if (failure != null) {
                error.set("Could not load more workflows: " + Errors.describe(failure));
                return;
            }
            Set<String> shown = new HashSet<>();
            workflows.forEach(w -> shown.add(w.id()));
            List<Workflow> fresh = page.workflows().stream().filter(w -> shown.add(w.id())).toList();
            workflows.addAll(fresh);
            loadedPages++;
            applyTotals(page);
        }, fx);
    }

    public void select(Workflow workflow) {
        selected.set(workflow);
    }

    private void applyTotals(WorkflowPage page) {
        total = page.total();
        hasMore.set(workflows.size() < total && !page.workflows().isEmpty());
        summary.set(total == 0 ? "No workflows yet" : workflows.size() + " of " + total + " workflows");
    }
}
