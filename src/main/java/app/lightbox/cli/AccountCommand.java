package app.lightbox.cli;

import app.lightbox.core.auth.AccountException;
import app.lightbox.core.auth.AccountSettings;
import app.lightbox.core.auth.Accounts;
import app.lightbox.core.auth.DataFolder;
import app.lightbox.core.auth.SettingsException;
import app.lightbox.core.auth.TokenRejectedException;
import app.lightbox.core.auth.TokenStore;
import app.lightbox.core.auth.TokenStoreException;
import app.lightbox.core.auth.TokenStores;
import app.lightbox.core.auth.TokenValidator;
import app.lightbox.model.Account;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code lightbox account add|ls|use|rename|rm}: the artist's ComfyControl accounts from a terminal.
 * Tokens are only ever read from standard input (hidden when it is a terminal), never from arguments,
 * where they would end up in shell history and process lists.
 * <p>
 * Exit codes: 0 done; 1 the server did not accept the token (or could not be reached); 2 usage error;
 * 3 something the user can fix (no such account, name taken, not a token, no token given); 4 the account
 * list or the token store could not be read or written.
 */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = "Manage ComfyControl accounts and their API tokens.",
        subcommands = {AccountCommand.Add.class, AccountCommand.Ls.class, AccountCommand.Use.class,
                AccountCommand.Rename.class, AccountCommand.Rm.class})
public final class AccountCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int REJECTED = 1;
    public static final int USAGE = 2;
    public static final int USER_ERROR = 3;
    public static final int STORAGE_ERROR = 4;

    static final Duration KEYCHAIN_PROBE_TIMEOUT = Duration.ofSeconds(2);

    /** Reads a secret without echoing it; null when there is no terminal. */
    @FunctionalInterface
    public interface PasswordPrompt {
        char[] read(String prompt);
    }

    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final PasswordPrompt prompt;
    private final AccountsSource source;
    private Accounts accounts;

    @Spec
    CommandSpec spec;

    @FunctionalInterface
    private interface AccountsSource {
        Accounts open() throws AccountException;
    }

    /** For picocli: the process's streams, environment and data folder; tokens cannot be checked yet. */
    public AccountCommand() {
        this(notWired());
    }

    /** The process's streams, environment and data folder, checking tokens with GET /v1/user. */
    public static AccountCommand withServerCheck() {
        return new AccountCommand(new ApiTokenValidator());
    }

    /** The process's streams, environment and data folder, checking tokens with {@code validator}. */
    public AccountCommand(TokenValidator validator) {
        this(System.in, System.out, System.err, System.getenv(), systemProperties(), validator, consolePrompt());
    }

    /**
     * Given streams and environment: the data folder and token store are chosen from {@code env} and
     * {@code properties} as the app would ({@code LIGHTBOX_DATA_DIR}, {@code lightbox.dataDir},
     * {@code lightbox.tokenStore}, {@code os.name}, {@code user.home}).
     */
    public AccountCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                          Map<String, String> properties, TokenValidator validator) {
        this(in, out, err, env, properties, validator, null);
    }

    /** Given streams and an open {@link Accounts}. */
    public AccountCommand(InputStream in, PrintStream out, PrintStream err, Accounts accounts) {
        this(in, writer(out), writer(err), null, () -> accounts);
        Objects.requireNonNull(accounts, "accounts");
    }

    /** As above, reading the token through {@code prompt} (hidden input) instead of from {@code in}. */
    public AccountCommand(InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                          Map<String, String> properties, TokenValidator validator, PasswordPrompt prompt) {
        this(in, writer(out), writer(err), prompt, () -> openAccounts(env, properties, validator));
    }

    private AccountCommand(InputStream in, PrintWriter out, PrintWriter err, PasswordPrompt prompt,
                           AccountsSource source) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = out;
        this.err = err;
        this.prompt = prompt;
        this.source = source;
    }

    /** Runs {@code lightbox account ARGS} with this command's streams; returns the exit code. */
    public int execute(String... args) {
        return commandLine().execute(args);
    }

    /** A picocli command line over this command, writing to its streams. */
    public CommandLine commandLine() {
        CommandLine cl = new CommandLine(this);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(AccountCommand::usageError);
        return cl;
    }

    // picocli quotes unmatched arguments; a token typed as an argument must not be echoed back.
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(redact(e.getMessage()));
        err.println("Tokens are read from standard input, never from arguments.");
        cl.usage(err);
        err.flush();
        return USAGE;
    }

    static String redact(String text) {
        return text == null ? "" : text.replaceAll("cfc_[^\\s'\",]*", "cfc_…");
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(out);
        out.flush();
        return USAGE;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add an account. The token is read from standard input: typed without echo at a"
                    + " terminal, or piped (one line), e.g. `lightbox account add Studio < token.txt`."})
    static final class Add implements Callable<Integer> {
        @ParentCommand
        AccountCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "Your name for the account, e.g. Studio")
        String name;

        @Option(names = "--server", paramLabel = "URL", description = "API origin (default: ${DEFAULT-VALUE})",
                defaultValue = "https://api.comfycontrol.app")
        String server;

        @Override
        public Integer call() {
            return parent.run("add", accounts -> {
                URI origin;
                try {
                    origin = new URI(server.strip());
                } catch (URISyntaxException e) {
                    throw new AccountException("That is not a server address: " + server);
                }
                if (accounts.findByName(name).isPresent()) {
                    throw new AccountException("There is already an account named \""
                            + accounts.findByName(name).get().displayName() + "\"");
                }
                String token = parent.readToken("ComfyControl API token for " + name.strip() + " (typing is hidden): ");
                Account added = await(accounts.add(name, origin, token));
                parent.out.println("Added account \"" + added.displayName() + "\" for " + added.apiOrigin() + ".");
                parent.out.println("Its token is kept in: " + accounts.tokenStoreName());
                return OK;
            });
        }
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
            description = "List accounts (never their tokens); * marks the one used last.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        AccountCommand parent;

        @Override
        public Integer call() {
            return parent.run("ls", accounts -> {
                List<Account> all = accounts.list();
                if (all.isEmpty()) {
                    parent.out.println("No accounts yet. Add one with: lightbox account add NAME");
                    return OK;
                }
                String lastUsed = accounts.lastUsed().map(Account::id).orElse("");
                int nameWidth = Math.max(4, all.stream().mapToInt(a -> a.displayName().length()).max().orElse(0));
                int serverWidth = Math.max(6, all.stream().mapToInt(a -> a.apiOrigin().toString().length()).max()
                        .orElse(0));
                String format = "%s %-" + nameWidth + "s  %-" + serverWidth + "s  %s%n";
                parent.out.printf(format, " ", "NAME", "SERVER", "STATUS");
                for (Account a : all) {
                    parent.out.printf(format, a.id().equals(lastUsed) ? "*" : " ", a.displayName(), a.apiOrigin(),
                            accounts.needsNewToken(a.id()) ? "needs new token" : "ok");
                }
                parent.out.println();
                parent.out.println("Tokens are kept in: " + accounts.tokenStoreName());
                return OK;
            });
        }
    }

    @Command(name = "use", mixinStandardHelpOptions = true, description = "Make NAME the account Lightbox opens with.")
    static final class Use implements Callable<Integer> {
        @ParentCommand
        AccountCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return parent.run("use", accounts -> {
                Account account = parent.named(accounts, name);
                accounts.markUsed(account.id());
                parent.out.println("Lightbox now opens with \"" + account.displayName() + "\".");
                return OK;
            });
        }
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename an account.")
    static final class Rename implements Callable<Integer> {
        @ParentCommand
        AccountCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "NEW_NAME")
        String newName;

        @Override
        public Integer call() {
            return parent.run("rename", accounts -> {
                Account renamed = accounts.rename(parent.named(accounts, name).id(), newName);
                parent.out.println("Renamed \"" + name.strip() + "\" to \"" + renamed.displayName() + "\".");
                return OK;
            });
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
            description = "Remove an account and delete its token.")
    static final class Rm implements Callable<Integer> {
        @ParentCommand
        AccountCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return parent.run("rm", accounts -> {
                Account account = parent.named(accounts, name);
                accounts.remove(account.id());
                parent.out.println("Removed account \"" + account.displayName() + "\" and deleted its token.");
                return OK;
            });
        }
    }

    @FunctionalInterface
    private interface Action {
        int run(Accounts accounts) throws AccountException;
    }

    private int run(String subcommand, Action action) {
        try {
            if (accounts == null) {
                accounts = source.open();
            }
            return action.run(accounts);
        } catch (TokenRejectedException e) {
            return fail(subcommand, e.getMessage(), REJECTED);
        } catch (SettingsException | TokenStoreException e) {
            return fail(subcommand, e.getMessage(), STORAGE_ERROR);
        } catch (AccountException e) {
            return fail(subcommand, e.getMessage(), USER_ERROR);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int fail(String subcommand, String message, int code) {
        err.println("lightbox account " + subcommand + ": " + message);
        return code;
    }

    private Account named(Accounts all, String name) throws AccountException {
        return all.findByName(name).orElseThrow(() -> new AccountException("There is no account named \""
                + name.strip() + "\". See: lightbox account ls"));
    }

    private String readToken(String promptText) throws AccountException {
        if (prompt != null) {
            char[] chars = prompt.read(promptText);
            if (chars == null) {
                throw new AccountException("No token was given");
            }
            try {
                return new String(chars);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, inputCharset()));
            String line = reader.readLine();
            if (line == null || line.isBlank()) {
                throw new AccountException("No token was given: pipe it in, e.g. lightbox account add NAME"
                        + " < token.txt");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws AccountException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AccountException ae) {
                throw ae;
            }
            throw new AccountException("Could not add the account: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountException("Interrupted");
        }
    }

    static Accounts openAccounts(Map<String, String> env, Map<String, String> properties,
                                         TokenValidator validator) throws AccountException {
        DataFolder folder = DataFolder.resolve(env, properties, properties.getOrDefault("os.name", ""));
        try {
            folder.create();
        } catch (IOException e) {
            throw new SettingsException("Could not create the data folder " + folder.path() + ": " + e.getMessage(), e);
        }
        TokenStore store = TokenStores.choose(folder, KEYCHAIN_PROBE_TIMEOUT, env, properties);
        return Accounts.open(new AccountSettings(folder), store, validator);
    }

    private static TokenValidator notWired() {
        return (origin, token) -> CompletableFuture.failedFuture(
                new IllegalStateException("this build cannot check tokens with the server yet"));
    }

    private static PasswordPrompt consolePrompt() {
        Console console = System.console();
        return console == null ? null : text -> console.readPassword("%s", text);
    }

    static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(String.valueOf(k), String.valueOf(v)));
        return properties;
    }

    private static Charset inputCharset() {
        return Optional.ofNullable(System.getProperty("stdin.encoding")).map(Charset::forName)
                .orElse(StandardCharsets.UTF_8);
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(stream, true);
    }
}
