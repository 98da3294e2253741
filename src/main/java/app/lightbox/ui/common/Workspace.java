package app.lightbox.ui.common;

import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.media.OutputBytes;
import app.lightbox.model.User;

/**
 * What a signed-in window works with: the API, a way to get output bytes, and who is signed in.
 * {@code close} releases what the connection started (for the demo, the in-process sandbox).
 */
public record Workspace(String label, User user, ComfyControlApi api, OutputBytes outputBytes, AutoCloseable resources)
        implements AutoCloseable {

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
