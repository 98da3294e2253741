package app.lightbox.ui.common;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns a failure into the sentence a person reads. */
public final class Errors {

    private Errors() {
    }

    public static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    public static String describe(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof CancellationException) {
            return "Cancelled";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "Something went wrong (" + e.getClass().getSimpleName() + ")" : m;
    }
}
