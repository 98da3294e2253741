package app.lightbox.ui.common;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Opens workspaces; the composition root decides how. */
public interface WorkspaceConnector {

    /** Starts the local sandbox and signs in to it. */
    CompletableFuture<Workspace> openDemo();

    /** Signs in to a ComfyControl origin with a token (checked with GET /v1/user). */
    CompletableFuture<Workspace> connect(URI apiOrigin, String token);
}
