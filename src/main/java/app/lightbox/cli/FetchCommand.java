package app.lightbox.cli;

import app.lightbox.core.api.ComfyControlClient;
import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.api.HttpStack;
import app.lightbox.core.api.RequestBudget;
import app.lightbox.core.api.RetryPolicy;
import app.lightbox.core.export.FetchException;
import app.lightbox.core.export.FetchReport;
import app.lightbox.core.export.OutputFetcher;
import app.lightbox.core.export.SavedFile;
import app.lightbox.core.media.SignedMediaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import app.lightbox.core.auth.AccountException;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.TokenValidator;
import app.lightbox.model.Account;

/** {@code lightbox fetch WORKFLOW_ID --out DIR}: downloads every output of a completed workflow. */
@Command(name = "fetch",
        mixinStandardHelpOptions = true,
        description = {
                "Downloads every output of a completed ComfyControl workflow into DIR.",
                "The API token comes from a saved account (--account) or the COMFYCONTROL_TOKEN environment",
                "variable, never from the command line.",
                "Existing files are never overwritten: a clash gets a numbered name such as \"image (2).png\"."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " 0:Done (also when the workflow completed with no outputs)",
                " 1:Unexpected internal error",
                " 2:Invalid command line",
                " 3:No token: COMFYCONTROL_TOKEN is not set, or the --account is unknown or has none",
                " 4:ComfyControl rejected the token (401) or refused access (403)",
                " 5:No workflow with that id",
                " 6:The workflow has not completed yet",
                " 7:The workflow failed or is invalid",
                " 8:The workflow was cancelled",
                " 9:The workflow has a status Lightbox does not know",
                "10:ComfyControl unreachable, server error or rate limited",
                "11:The storage host refused or broke off a download",
                "12:The output directory cannot be written"})
public final class FetchCommand implements Callable<Integer> {

    public static final String TOKEN_ENV = "COMFYCONTROL_TOKEN";
    public static final String DEFAULT_SERVER = "https://api.comfycontrol.app";

    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int MISSING_TOKEN = 3;
    public static final int BAD_TOKEN = 4;
    public static final int UNKNOWN_WORKFLOW = 5;
    public static final int NOT_COMPLETED = 6;
    public static final int FAILED = 7;
    public static final int CANCELLED = 8;
    public static final int UNKNOWN_STATUS = 9;
    public static final int SERVER_TROUBLE = 10;
    public static final int STORAGE_TROUBLE = 11;
    public static final int LOCAL_FILES = 12;

    @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "The workflow whose outputs to download.")
    String workflowId;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to save into (created if missing).")
    Path out;

    @Option(names = "--server", paramLabel = "URL",
            description = "ComfyControl API origin (default: the account's, else " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--account", paramLabel = "NAME",
            description = "Use the token of this saved account (see 'lightbox account ls').")
    String account;

    private final Map<String, String> env;
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private final RetryPolicy retry;
    private final Supplier<RequestBudget> budget;
    private final AccountsOpener accounts;

    /** Opens the saved accounts (only when --account is given). */
    @FunctionalInterface
    public interface AccountsOpener {
        Accounts open() throws AccountException;
    }

    public FetchCommand() {
        this(System.getenv(),
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    }

    public FetchCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this(env, out, err, RetryPolicy.defaults(), RequestBudget::comfyControlDefault,
                () -> AccountCommand.openAccounts(env, AccountCommand.systemProperties(), noValidation()));
    }

    /** For tests: shorter retry waits, or a budget shared with the test. */
    public FetchCommand(Map<String, String> env, PrintWriter out, PrintWriter err, RetryPolicy retry,
                        Supplier<RequestBudget> budget) {
        this(env, out, err, retry, budget,
                () -> AccountCommand.openAccounts(env, AccountCommand.systemProperties(), noValidation()));
    }

    /** For tests: saved accounts from a given place. */
    public FetchCommand(Map<String, String> env, PrintWriter out, PrintWriter err, RetryPolicy retry,
                        Supplier<RequestBudget> budget, AccountsOpener accounts) {
        this.env = Map.copyOf(env);
        this.stdout = out;
        this.stderr = err;
        this.retry = retry;
        this.budget = budget;
        this.accounts = accounts;
    }

    /** fetch only reads accounts; adding one (which checks the token) is the account command's job. */
    private static TokenValidator noValidation() {
        return (origin, token) -> CompletableFuture.failedFuture(
                new IllegalStateException("fetch does not add accounts"));
    }

    @Override
    public Integer call() {
        try {
            return run();
        } catch (RuntimeException e) {
            return fail(INTERNAL_ERROR, "Unexpected error: " + e.getClass().getSimpleName());
        } finally {
            stdout.flush();
            stderr.flush();
        }
    }

    private int run() {
        if (workflowId == null || workflowId.isBlank()) {
            return fail(USAGE, "WORKFLOW_ID must not be empty");
        }
        URI origin = server == null ? URI.create(DEFAULT_SERVER) : parseServer(server);
        if (origin == null) {
            return fail(USAGE, "--server must be an http(s) URL such as " + DEFAULT_SERVER + ", was: " + oneLine(server));
        }
        String token;
        Accounts saved = null;
        Account chosen = null;
        if (account != null) {
            try {
                saved = accounts.open();
                chosen = saved.findByName(account).orElse(null);
                if (chosen == null) {
                    return fail(MISSING_TOKEN, "There is no account named \"" + oneLine(account)
                            + "\" (see 'lightbox account ls')");
                }
                if (server != null && !sameOrigin(origin, chosen.apiOrigin())) {
                    return fail(USAGE, "Account \"" + chosen.displayName() + "\" belongs to "
                            + chosen.apiOrigin() + ", not " + origin);
                }
                origin = chosen.apiOrigin();
                token = saved.token(chosen.id()).orElse(null);
            } catch (AccountException e) {
                return fail(MISSING_TOKEN, e.getMessage());
            }
            if (token == null) {
                return fail(MISSING_TOKEN, "No token is stored for account \"" + chosen.displayName()
                        + "\": add it again with 'lightbox account add'");
            }
        } else {
            token = env.get(TOKEN_ENV);
            if (token == null || token.isBlank()) {
                return fail(MISSING_TOKEN, TOKEN_ENV + " is not set: export your ComfyControl API token in it, "
                        + "or use --account (a token is never taken from the command line)");
            }
        }
        int code = download(origin, token);
        if (code == BAD_TOKEN && chosen != null) {
            try {
                saved.markNeedsToken(chosen.id());
            } catch (AccountException e) {
                stderr.println("lightbox fetch: could not note that the account needs a new token: "
                        + oneLine(e.getMessage()));
            }
        }
        return code;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private int download(URI origin, String token) {
        try (HttpStack http = HttpStack.create()) {
            ComfyControlClient api = new ComfyControlClient(origin, () -> token, http, budget.get(), retry);
            OutputFetcher fetcher = new OutputFetcher(api, new SignedMediaClient(http));
            // Ctrl-C or a kill ends the JVM mid-download: its half-written temporary files go with it.
            Thread cleanup = AppExecutors.named("fetch-cleanup").newThread(() -> fetcher.discardUnfinished(out));
            Runtime.getRuntime().addShutdownHook(cleanup);
            FetchReport report;
            try {
                report = fetcher.fetch(workflowId, out, this::printSaved).join();
            } finally {
                removeHook(cleanup);
            }
            if (report.files().isEmpty()) {
                stdout.println("Workflow " + workflowId + " completed with no outputs; nothing to download.");
                return OK;
            }
            long bytes = report.files().stream().mapToLong(SavedFile::size).sum();
            stdout.println("Saved " + report.files().size() + (report.files().size() == 1 ? " file" : " files")
                    + " (" + humanSize(bytes) + ") to " + report.directory());
            return OK;
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof FetchException f) {
                return fail(exitCode(f.reason()), f.getMessage());
            }
            return fail(INTERNAL_ERROR, "Unexpected error: " + cause.getClass().getSimpleName());
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: it clears up on its own.
        }
    }

    private void printSaved(SavedFile f) {
        String name = f.path().getFileName().toString();
        if (f.reused()) {
            stdout.println("kept " + name + " (" + humanSize(f.size()) + ", identical file already there)");
        } else {
            stdout.println("saved " + name + " (" + humanSize(f.size()) + ")");
        }
        stdout.flush();
    }

    static int exitCode(FetchException.Reason reason) {
        return switch (reason) {
            case BAD_TOKEN, FORBIDDEN -> BAD_TOKEN;
            case UNKNOWN_WORKFLOW -> UNKNOWN_WORKFLOW;
            case NOT_COMPLETED -> NOT_COMPLETED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
            case UNKNOWN_STATUS -> UNKNOWN_STATUS;
            case SERVER_TROUBLE -> SERVER_TROUBLE;
            case STORAGE_TROUBLE -> STORAGE_TROUBLE;
            case LOCAL_FILES -> LOCAL_FILES;
        };
    }

    private int fail(int code, String message) {
        stderr.println("lightbox fetch: " + oneLine(message));
        return code;
    }

    private static URI parseServer(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null) {
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        String[] units = {"KB", "MB", "GB", "TB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
