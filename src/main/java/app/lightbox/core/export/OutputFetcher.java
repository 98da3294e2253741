package app.lightbox.core.export;

import app.lightbox.core.concurrent.Futures;
import app.lightbox.core.api.ApiException;
import app.lightbox.core.api.ComfyControlApi;
import app.lightbox.core.api.ForbiddenException;
import app.lightbox.core.api.NotFoundException;
import app.lightbox.core.api.UnauthorizedException;
import app.lightbox.core.api.WorkflowNotCompletedException;
import app.lightbox.core.media.BrokenOffException;
import app.lightbox.core.media.ExpiredLinkException;
import app.lightbox.core.media.MediaDownload;
import app.lightbox.core.media.MediaException;
import app.lightbox.core.media.SignedMediaClient;
import app.lightbox.model.Failure;
import app.lightbox.model.Output;
import app.lightbox.model.Workflow;
import app.lightbox.model.WorkflowStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Downloads every output of a completed workflow into a directory. Files are written atomically (a temp
 * file in the directory, then an atomic move), never overwrite an existing file, and never land outside
 * the directory. Signed links that expire mid-run are re-resolved once per expiry, matched by output id.
 *
 * <p>Failures complete the future with a {@link FetchException} whose reason and message say what went
 * wrong.
 */
public final class OutputFetcher {

    static final String TEMP_PREFIX = ".lightbox-";
    private static final int MAX_NUMBERED = 10_000;

    private final ComfyControlApi api;
    private final SignedMediaClient media;
    /** This fetcher's own temporary names, so cleaning up never touches another run's files. */
    private final String tempPrefix = TEMP_PREFIX + Long.toHexString(new java.security.SecureRandom().nextLong()) + "-";

    public OutputFetcher(ComfyControlApi api, SignedMediaClient media) {
        this.api = Objects.requireNonNull(api, "api");
        this.media = Objects.requireNonNull(media, "media");
    }

    /**
     * Deletes this fetcher's unfinished temporary files in {@code dir}: for a run that is being stopped (say,
     * by Ctrl-C) before its downloads end. Saved files are never touched. Returns how many were deleted.
     */
    public int discardUnfinished(Path dir) {
        int deleted = 0;
        try (var files = Files.newDirectoryStream(dir, tempPrefix + "*.part")) {
            for (Path p : files) {
                if (Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            System.getLogger(OutputFetcher.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not clear unfinished downloads in {0}: {1}", dir, e.toString());
        }
        return deleted;
    }

    /** @param onSaved called once per file as soon as it is in place (on an HTTP thread) */
    public CompletableFuture<FetchReport> fetch(String workflowId, Path directory, Consumer<SavedFile> onSaved) {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new FetchException(FetchException.Reason.LOCAL_FILES,
                    "Cannot use " + dir + " as the output directory (" + reason(e) + ")", e));
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            return CompletableFuture.failedFuture(new FetchException(FetchException.Reason.LOCAL_FILES,
                    "Cannot write into " + dir));
        }
        Run run = new Run(workflowId, dir, onSaved);
        return api.workflow(workflowId)
                .thenCompose(wf -> {
                    requireCompleted(wf);
                    return api.outputs(workflowId);
                })
                .thenCompose(outputs -> {
                    run.outputs.addAll(outputs);
                    return run.downloadFrom(0);
                })
                .handle((report, err) -> {
                    if (err != null) {
                        throw explain(workflowId, Futures.unwrap(err));
                    }
                    return report;
                });
    }

    private static void requireCompleted(Workflow wf) {
        requireCompleted(wf.id(), wf.status(), wf.failure());
    }

    private static void requireCompleted(String id, WorkflowStatus s, Failure failure) {
        switch (s.phase()) {
            case COMPLETED -> {
            }
            case FAILED -> throw new FetchException(FetchException.Reason.FAILED, "Workflow " + id + " failed: "
                    + (failure != null ? failure.summary() : "no error details given"));
            case INVALID -> throw new FetchException(FetchException.Reason.FAILED, "Workflow " + id + " is invalid"
                    + (failure != null ? ": " + failure.summary() : " (ComfyControl gave no details)"));
            case CANCELLED -> throw new FetchException(FetchException.Reason.CANCELLED,
                    "Workflow " + id + " was cancelled, so it has no outputs to fetch");
            case UNKNOWN -> throw new FetchException(FetchException.Reason.UNKNOWN_STATUS,
                    "Workflow " + id + " has a status Lightbox does not know: \"" + s.raw() + "\"");
            default -> throw new FetchException(FetchException.Reason.NOT_COMPLETED,
                    "Workflow " + id + " is not completed yet (status: " + s.raw() + ")");
        }
    }

    private static FetchException explain(String workflowId, Throwable t) {
        if (t instanceof FetchException f) {
            return f;
        }
        if (t instanceof UnauthorizedException e) {
            return new FetchException(FetchException.Reason.BAD_TOKEN, e.getMessage(), e);
        }
        if (t instanceof ForbiddenException e) {
            return new FetchException(FetchException.Reason.FORBIDDEN, e.getMessage(), e);
        }
        if (t instanceof WorkflowNotCompletedException e) {
            // The workflow changed between the status check and the outputs call; report what it is now.
            try {
                requireCompleted(workflowId, e.status(), null);
            } catch (FetchException f) {
                return f;
            }
            return new FetchException(FetchException.Reason.SERVER_TROUBLE, e.getMessage(), e);
        }
        if (t instanceof NotFoundException e) {
            return new FetchException(FetchException.Reason.UNKNOWN_WORKFLOW, "ComfyControl has no workflow with id "
                    + workflowId + " (404: " + (e.serverMessage() != null ? e.serverMessage() : "no message") + ")", e);
        }
        if (t instanceof ApiException e) {
            return new FetchException(FetchException.Reason.SERVER_TROUBLE, e.getMessage(), e);
        }
        if (t instanceof MediaException e) {
            return new FetchException(FetchException.Reason.STORAGE_TROUBLE, e.getMessage(), e);
        }
        if (t instanceof UncheckedIOException e) {
            return new FetchException(FetchException.Reason.LOCAL_FILES, "Could not save a file: " + reason(e.getCause()), e);
        }
        return new FetchException(FetchException.Reason.SERVER_TROUBLE, "Fetch failed: " + reason(t), t);
    }

    /** The state of one fetch; downloads run one after another, so no two threads touch it at once. */
    private final class Run {
        final String workflowId;
        final Path dir;
        final Consumer<SavedFile> onSaved;
        final List<Output> outputs = new ArrayList<>();
        final List<SavedFile> saved = new ArrayList<>();
        final Set<String> claimed = new HashSet<>();
        int refreshes;
        boolean refreshedSinceLastSave;

        Run(String workflowId, Path dir, Consumer<SavedFile> onSaved) {
            this.workflowId = workflowId;
            this.dir = dir;
            this.onSaved = onSaved;
        }

        CompletableFuture<FetchReport> downloadFrom(int index) {
            return downloadFrom(index, true);
        }

        /** {@code mayRetryBrokenOff}: a body cut short is tried once more; a link that ran out meanwhile is renewed then. */
        private CompletableFuture<FetchReport> downloadFrom(int index, boolean mayRetryBrokenOff) {
            if (index >= outputs.size()) {
                return CompletableFuture.completedFuture(new FetchReport(workflowId, dir, saved, refreshes));
            }
            Output output = outputs.get(index);
            return media.download(output.src(), dir, tempPrefix)
                    .handle((download, err) -> {
                        if (err == null) {
                            SavedFile file = place(output, download);
                            refreshedSinceLastSave = false;
                            saved.add(file);
                            if (onSaved != null) {
                                onSaved.accept(file);
                            }
                            return downloadFrom(index + 1);
                        }
                        Throwable cause = Futures.unwrap(err);
                        if (cause instanceof BrokenOffException && mayRetryBrokenOff) {
                            return downloadFrom(index, false);
                        }
                        if (cause instanceof ExpiredLinkException && !refreshedSinceLastSave) {
                            return refreshLinks().thenCompose(v -> downloadFrom(index, mayRetryBrokenOff));
                        }
                        if (cause instanceof ExpiredLinkException) {
                            throw new FetchException(FetchException.Reason.STORAGE_TROUBLE, "Storage refused even a fresh link for "
                                    + output.src().redacted() + " (403)", cause);
                        }
                        throw asRuntime(cause);
                    })
                    .thenCompose(next -> next);
        }

        /** Fresh signed links for the outputs still to come, matched by output id. */
        private CompletableFuture<Void> refreshLinks() {
            refreshedSinceLastSave = true;
            refreshes++;
            return api.outputs(workflowId).thenAccept(fresh -> {
                Map<String, Output> byId = new HashMap<>();
                for (Output o : fresh) {
                    byId.put(o.id(), o);
                }
                for (int i = 0; i < outputs.size(); i++) {
                    Output renewed = byId.get(outputs.get(i).id());
                    if (renewed != null) {
                        outputs.set(i, renewed);
                    }
                }
            });
        }

        private SavedFile place(Output output, MediaDownload download) {
            Path temp = download.tempFile();
            try {
                String base = SafeFileName.fromUrl(output.src());
                for (int n = 1; n <= MAX_NUMBERED; n++) {
                    String name = n == 1 ? base : SafeFileName.numbered(base, n);
                    // Case-insensitive file systems (Windows, macOS) would make "A.png" and "a.png" one file.
                    String key = name.toLowerCase(Locale.ROOT);
                    if (claimed.contains(key)) {
                        continue;
                    }
                    Path target = dir.resolve(name).normalize();
                    if (!dir.equals(target.getParent())) {
                        throw new FetchException(FetchException.Reason.LOCAL_FILES,
                                "Refusing to write outside " + dir + ": " + name);
                    }
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        if (isSameContent(target, temp, download.size())) {
                            Files.deleteIfExists(temp);
                            claimed.add(key);
                            return new SavedFile(output.id(), target, download.size(), true);
                        }
                        continue;
                    }
                    try {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException raced) {
                        continue;
                    } catch (AtomicMoveNotSupportedException e) {
                        throw new FetchException(FetchException.Reason.LOCAL_FILES,
                                "The file system of " + dir + " cannot move files atomically", e);
                    }
                    claimed.add(key);
                    return new SavedFile(output.id(), target, download.size(), false);
                }
                throw new FetchException(FetchException.Reason.LOCAL_FILES, "Too many files named like " + base + " in " + dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // nothing more we can do; the name starts with a dot and ends in .part
                }
            }
        }

        private boolean isSameContent(Path existing, Path temp, long size) throws IOException {
            return Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)
                    && Files.size(existing) == size
                    && Files.mismatch(existing, temp) == -1L;
        }
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException r ? r : new CompletionException(t);
    }


    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
