package app.lightbox.core.concurrent;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers for CompletableFuture chains. */
public final class Futures {

    private Futures() {
    }

    /** The failure a future chain wrapped in CompletionException/ExecutionException layers. */
    public static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
