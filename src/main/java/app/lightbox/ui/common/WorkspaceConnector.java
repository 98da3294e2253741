package app.lightbox.ui.common;

import app.lightbox.core.workflow.WorkflowTracker;
import app.lightbox.model.Account;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Opens workspaces and keeps the saved accounts; the composition root decides how. */
public interface WorkspaceConnector {

    /** The saved accounts, where their tokens are kept, and which one was used last. */
    record SavedAccounts(List<Account> accounts, Optional<Account> lastUsed, String tokenStoreName) {
    }

    /** Opens the account list and token store (slow the first time: the OS keychain is asked). */
    CompletableFuture<SavedAccounts> savedAccounts();

    /** Starts the local sandbox and signs in to it. */
    CompletableFuture<Workspace> openDemo();

    /** Checks the token with the server, stores it only if accepted, saves the account and signs in. */
    CompletableFuture<Workspace> addAccount(String displayName, URI apiOrigin, String token);

    /**
     * Signs in to a saved account with its stored token (GET /v1/user).
     *
     * @param lastUsed whether it becomes the account Lightbox opens with next time
     */
    CompletableFuture<Workspace> signIn(Account account, boolean lastUsed);

    /** Makes a signed-in account the one Lightbox opens with next time. */
    CompletableFuture<Void> markUsed(Account account);

    CompletableFuture<Account> rename(Account account, String newName);

    /**
     * The live status tracker of a signed-in workspace (one per workspace, sharing the request budget of its
     * API origin with every other workspace there). Not started yet.
     */
    WorkflowTracker trackerFor(Workspace workspace);

    /**
     * One workspace over several signed-in accounts: their workflows in one list, each call routed to the
     * account the workflow belongs to.
     */
    Workspace allAccounts(List<Workspace> accounts);

    /** Forgets the account and deletes its token. */
    CompletableFuture<Void> remove(Account account);
}
