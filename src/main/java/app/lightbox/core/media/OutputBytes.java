package app.lightbox.core.media;

import app.lightbox.model.Output;

import java.util.concurrent.CompletableFuture;

/** The bytes of one output, wherever they come from (signed link, refreshed link, cache). */
public interface OutputBytes {

    CompletableFuture<byte[]> fetch(Output output);
}
