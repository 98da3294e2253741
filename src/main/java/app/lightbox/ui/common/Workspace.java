package app.lightbox.ui.common;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.auth.AccountSession;
import app.lightbox.model.Account;
import app.lightbox.model.User;

/**
 * What a signed-in window works with: the API, its media (links renewed before
 * they expire, the download and thumbnail caches in the workspace's own folder), and who is signed in.
 * {@code account} and {@code session} are null for the demo workspace, which is not a saved account.
 * {@code close} releases what the connection started (for the demo, the in-process sandbox).
 */
public record Workspace(String label, User user, ComfyControlApi api,
                        WorkspaceMedia media, Account account, AccountSession session, AutoCloseable resources)
        implements AutoCloseable {

    public boolean isDemo() {
        return account == null;
    }

    @Override
    public void close() {
        if (resources == null) {
            return;
        }
        try {
            resources.close();
        } catch (Exception e) {
            System.getLogger(Workspace.class.getName())
                    .log(System.Logger.Level.WARNING, "Closing " + label + " failed: " + e.getMessage());
        }
    }
}
