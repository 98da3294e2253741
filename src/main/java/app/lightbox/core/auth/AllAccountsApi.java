package app.lightbox.core.auth;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.api.NotFoundException;
import app.lightbox.core.api.WorkflowSubscription;
import app.lightbox.model.Output;
import app.lightbox.model.User;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.model.WorkflowUpdate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Several signed-in accounts seen as one: the workflow list merges theirs, newest first, and every other
 * call goes to the account a workflow belongs to. Workflow and output ids are prefixed with the account's
 * place in the list ({@code "2~<uuid>"}) so they stay unique and route back; each workflow carries its
 * account's name as its first tag so the artist sees where it came from. Each account keeps its own token
 * and request budget.
 */
public final class AllAccountsApi implements ComfyControlApi {

    /** One account of the merged view. */
    public record Member(String name, ComfyControlApi api) {
    }

    private static final String SEPARATOR = "~";

    private final List<Member> members;

    public AllAccountsApi(List<Member> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("at least one account");
        }
        this.members = List.copyOf(members);
    }

    @Override
    public CompletableFuture<User> user() {
        return CompletableFuture.completedFuture(new User("all", members.size() + " accounts", null, "all", null));
    }

    /**
     * Page {@code page} of every account, merged newest first. A merged page can hold up to one page per
     * account; the total is the sum, so "more" stays true until every account has run out.
     */
    @Override
    public CompletableFuture<WorkflowPage> workflows(int page, int perPage, WorkflowStatus status) {
        List<CompletableFuture<WorkflowPage>> pages = new ArrayList<>();
        for (Member m : members) {
            pages.add(m.api().workflows(page, perPage, status));
        }
        return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Workflow> merged = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < members.size(); i++) {
                WorkflowPage p = pages.get(i).join();
                total += p.total();
                for (Workflow w : p.workflows()) {
                    merged.add(tagged(i, w));
                }
            }
            merged.sort(Comparator.comparing(Workflow::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
            return new WorkflowPage(merged, total, page, perPage * members.size());
        });
    }

    @Override
    public CompletableFuture<Workflow> workflow(String id) {
        return route(id, (i, raw) -> members.get(i).api().workflow(raw).thenApply(w -> tagged(i, w)));
    }

    @Override
    public CompletableFuture<List<Output>> outputs(String workflowId) {
        return route(workflowId, (i, raw) -> members.get(i).api().outputs(raw)
                .thenApply(list -> list.stream().map(o -> tagged(i, o)).toList()));
    }

    @Override
    public CompletableFuture<Void> cancel(String workflowId) {
        return route(workflowId, (i, raw) -> members.get(i).api().cancel(raw));
    }

    @Override
    public WorkflowSubscription subscribe(String workflowId, Consumer<WorkflowUpdate> onUpdate) {
        int i = memberOf(workflowId);
        String raw = rawId(workflowId);
        return members.get(i).api().subscribe(raw, u -> onUpdate.accept(new WorkflowUpdate(prefix(i, u.workflowId()),
                u.status(), u.queueNumber(), u.outputs().stream().map(o -> tagged(i, o)).toList(), u.failure(),
                u.startedAt(), u.completedAt())));
    }

    /** The id as its own account knows it. */
    public static String rawId(String id) {
        int at = id.indexOf(SEPARATOR);
        return at < 0 ? id : id.substring(at + 1);
    }

    private interface Call<T> {
        CompletableFuture<T> on(int member, String rawId);
    }

    private <T> CompletableFuture<T> route(String id, Call<T> call) {
        int i;
        try {
            i = memberOf(id);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new NotFoundException(null, e.getMessage()));
        }
        return call.on(i, rawId(id));
    }

    private int memberOf(String id) {
        int at = id == null ? -1 : id.indexOf(SEPARATOR);
        if (at > 0) {
            try {
                int i = Integer.parseInt(id.substring(0, at));
                if (i >= 0 && i < members.size()) {
                    return i;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("“" + id + "” belongs to none of the signed-in accounts");
    }

    private static String prefix(int member, String id) {
        return id == null ? null : member + SEPARATOR + id;
    }

    private Workflow tagged(int member, Workflow w) {
        List<String> tags = new ArrayList<>();
        tags.add(members.get(member).name());
        tags.addAll(w.tags());
        return new Workflow(prefix(member, w.id()), w.name(), w.status(), tags, w.createdAt(), w.updatedAt(),
                w.startedAt(), w.completedAt(), w.queueNumber(), w.runnerId(), w.params(), w.failure());
    }

    private static Output tagged(int member, Output o) {
        return new Output(prefix(member, o.id()), prefix(member, o.workflowId()), o.src());
    }
}
