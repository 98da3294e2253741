package app.lightbox.ui.common;

import app.lightbox.core.concurrent.Futures;
import java.util.concurrent.CancellationException;

/** Turns a failure into the sentence a person reads. */
public final class Errors {

    private Errors() {
    }


    public static String describe(Throwable t) {
        Throwable e = Futures.unwrap(t);
        if (e instanceof CancellationException) {
            return "Cancelled";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "Something went wrong (" + e.getClass().getSimpleName() + ")" : m;
    }
}
