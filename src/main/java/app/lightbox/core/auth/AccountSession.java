package app.lightbox.core.auth;

import app.lightbox.core.concurrent.Futures;
import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.api.UnauthorizedException;
import app.lightbox.core.api.WorkflowSubscription;
import app.lightbox.model.Account;
import app.lightbox.model.Output;
import app.lightbox.model.User;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowPage;
import app.lightbox.model.WorkflowStatus;
import app.lightbox.model.WorkflowUpdate;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A signed-in account's API. When ComfyControl answers 401 (expired or revoked token) the account is marked
 * as needing a new token, listeners are told once, and every call that hit the 401 waits; when the artist
 * supplies a token that the server accepts, the waiting calls are sent again and complete as if nothing had
 * happened. Calls that were sent with an older token than the current one are simply retried.
 */
public final class AccountSession implements ComfyControlApi {

    /** Builds the API for a token supplier (the session reads the current token at send time). */
    @FunctionalInterface
    public interface ApiFactory {
        ComfyControlApi create(Account account, Supplier<String> token);
    }

    private final Account account;
    private final Accounts accounts;
    private final ComfyControlApi api;
    private final List<Consumer<UnauthorizedException>> needsTokenListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile String token;
    private int tokenGeneration;
    private CompletableFuture<Void> waitingForToken;

    public AccountSession(Account account, Accounts accounts, String token, ApiFactory apis) {
        this.account = Objects.requireNonNull(account, "account");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.token = Objects.requireNonNull(token, "token");
        this.api = apis.create(account, () -> this.token);
    }

    public Account account() {
        return account;
    }

    /** Called (on an HTTP thread) the first time a 401 arrives after the token last worked. */
    public void onNeedsToken(Consumer<UnauthorizedException> listener) {
        needsTokenListeners.add(listener);
    }

    public boolean needsToken() {
        synchronized (lock) {
            return waitingForToken != null;
        }
    }

    /**
     * Checks the new token with the server, stores it, and lets the calls that were waiting go again.
     * Fails (and keeps them waiting) when the server does not accept it.
     */
    public CompletableFuture<Void> replaceToken(String newToken) {
        return accounts.replaceToken(account.id(), newToken).thenAccept(a -> {
            CompletableFuture<Void> release;
            synchronized (lock) {
                token = newToken.strip();
                tokenGeneration++;
                release = waitingForToken;
                waitingForToken = null;
            }
            if (release != null) {
                release.complete(null);
            }
        });
    }

    /** Gives up on the waiting calls (the artist signed out or closed the prompt): they fail with the 401. */
    public void abandonWaiting(UnauthorizedException why) {
        CompletableFuture<Void> release;
        synchronized (lock) {
            release = waitingForToken;
            waitingForToken = null;
        }
        if (release != null) {
            release.completeExceptionally(why);
        }
    }

    // ---- the API, with the 401 handling around every call

    @Override
    public CompletableFuture<User> user() {
        return call(ComfyControlApi::user);
    }

    @Override
    public CompletableFuture<WorkflowPage> workflows(int page, int perPage, WorkflowStatus status) {
        return call(a -> a.workflows(page, perPage, status));
    }

    @Override
    public CompletableFuture<Workflow> workflow(String id) {
        return call(a -> a.workflow(id));
    }

    @Override
    public CompletableFuture<List<Output>> outputs(String workflowId) {
        return call(a -> a.outputs(workflowId));
    }

    @Override
    public CompletableFuture<Void> cancel(String workflowId) {
        return call(a -> a.cancel(workflowId));
    }

    @Override
    public WorkflowSubscription subscribe(String workflowId, Consumer<WorkflowUpdate> onUpdate) {
        return api.subscribe(workflowId, onUpdate);
    }

    private <T> CompletableFuture<T> call(Function<ComfyControlApi, CompletableFuture<T>> request) {
        int generation;
        synchronized (lock) {
            generation = tokenGeneration;
        }
        return request.apply(api).exceptionallyCompose(failure -> {
            if (!(Futures.unwrap(failure) instanceof UnauthorizedException unauthorized)) {
                return CompletableFuture.failedFuture(failure);
            }
            return tokenAfter(generation, unauthorized).thenCompose(ignored -> call(request));
        });
    }

    /** Completes when a token newer than {@code generation} is in place. */
    private CompletableFuture<Void> tokenAfter(int generation, UnauthorizedException why) {
        CompletableFuture<Void> wait;
        boolean first = false;
        synchronized (lock) {
            if (tokenGeneration != generation) {
                return CompletableFuture.completedFuture(null);
            }
            if (waitingForToken == null) {
                waitingForToken = new CompletableFuture<>();
                first = true;
            }
            wait = waitingForToken;
        }
        if (first) {
            try {
                accounts.markNeedsToken(account.id());
            } catch (AccountException e) {
                System.getLogger(AccountSession.class.getName()).log(System.Logger.Level.WARNING,
                        "Could not note that " + account.displayName() + " needs a new token: " + e.getMessage());
            }
            needsTokenListeners.forEach(l -> l.accept(why));
        }
        return wait;
    }

}
