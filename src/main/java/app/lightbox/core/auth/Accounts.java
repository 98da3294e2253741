package app.lightbox.core.auth;

import app.lightbox.model.Account;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The artist's ComfyControl accounts: metadata in {@link AccountSettings}, tokens in a {@link TokenStore}.
 * A token is only stored after the server accepted it. Thread-safe; every change is saved before the
 * method returns (or its future completes).
 * <p>
 * Failures are {@link AccountException}s (a future completes exceptionally with one): the subclasses
 * {@link TokenRejectedException}, {@link TokenStoreException} and {@link SettingsException} tell the
 * server's "no", a token store problem and a settings file problem apart. No message contains a token.
 */
public final class Accounts {

    private static final String TOKEN_PREFIX = "cfc_";

    private final AccountSettings settings;
    private final TokenStore tokens;
    private final TokenValidator validator;
    private final Object lock = new Object();
    private List<Account> accounts;
    private Set<String> needsNewToken;
    private Optional<String> lastUsed;

    private Accounts(AccountSettings settings, TokenStore tokens, TokenValidator validator,
                     AccountSettings.Contents contents) {
        this.settings = settings;
        this.tokens = tokens;
        this.validator = validator;
        this.accounts = new ArrayList<>(contents.accounts());
        this.needsNewToken = new HashSet<>(contents.needsNewToken());
        this.lastUsed = contents.lastUsedAccountId();
    }

    /** Reads the saved accounts; fails with a {@link SettingsException} when the file cannot be understood. */
    public static Accounts open(AccountSettings settings, TokenStore tokens, TokenValidator validator)
            throws SettingsException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(validator, "validator");
        return new Accounts(settings, tokens, validator, settings.read());
    }

    /** Where tokens are kept, for telling the user ("Windows Credential Manager", "Encrypted file (…)"). */
    public String tokenStoreName() {
        return tokens.displayName();
    }

    /**
     * Checks the token with the server first; only when it is accepted stores it and saves the account.
     * The first account added becomes the last used one.
     */
    public CompletableFuture<Account> add(String displayName, URI origin, String token) {
        String name;
        String cleanToken;
        try {
            name = checkName(displayName, null);
            checkOrigin(origin);
            cleanToken = checkToken(token);
        } catch (AccountException e) {
            return CompletableFuture.failedFuture(e);
        }
        Account account = Account.create(name, origin);
        return validated(origin, cleanToken).thenApply(ignored -> {
            try {
                synchronized (lock) {
                    checkName(name, null);
                    tokens.save(account.id(), cleanToken);
                    List<Account> next = new ArrayList<>(accounts);
                    next.add(account);
                    Optional<String> nextLastUsed = lastUsed.isPresent() ? lastUsed : Optional.of(account.id());
                    try {
                        save(next, needsNewToken, nextLastUsed);
                    } catch (SettingsException e) {
                        forgetQuietly(account.id());
                        throw e;
                    }
                    return account;
                }
            } catch (AccountException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Checks a new token for an existing account, stores it in place of the old one, clears "needs a new token". */
    public CompletableFuture<Account> replaceToken(String accountId, String newToken) {
        Account account;
        String cleanToken;
        try {
            account = require(accountId);
            cleanToken = checkToken(newToken);
        } catch (AccountException e) {
            return CompletableFuture.failedFuture(e);
        }
        return validated(account.apiOrigin(), cleanToken).thenApply(ignored -> {
            try {
                synchronized (lock) {
                    Account current = require(accountId);
                    tokens.save(accountId, cleanToken);
                    Set<String> next = new HashSet<>(needsNewToken);
                    next.remove(accountId);
                    save(accounts, next, lastUsed);
                    return current;
                }
            } catch (AccountException e) {
                throw new CompletionException(e);
            }
        });
    }

    public Account rename(String accountId, String newName) throws AccountException {
        synchronized (lock) {
            Account account = require(accountId);
            String name = checkName(newName, accountId);
            Account renamed = account.withDisplayName(name);
            List<Account> next = new ArrayList<>(accounts);
            next.set(next.indexOf(account), renamed);
            save(next, needsNewToken, lastUsed);
            return renamed;
        }
    }

    /** Deletes the account and its token. If it was the last used one, no account is last used. */
    public void remove(String accountId) throws AccountException {
        synchronized (lock) {
            Account account = require(accountId);
            tokens.delete(accountId);
            List<Account> next = new ArrayList<>(accounts);
            next.remove(account);
            Set<String> nextNeeds = new HashSet<>(needsNewToken);
            nextNeeds.remove(accountId);
            save(next, nextNeeds, lastUsed.filter(id -> !id.equals(accountId)));
        }
    }

    /** The accounts in the order they were added. */
    public List<Account> list() {
        synchronized (lock) {
            return List.copyOf(accounts);
        }
    }

    public Optional<Account> find(String accountId) {
        synchronized (lock) {
            return accounts.stream().filter(a -> a.id().equals(accountId)).findFirst();
        }
    }

    /** Finds an account by display name, ignoring case and surrounding blanks. */
    public Optional<Account> findByName(String displayName) {
        if (displayName == null) {
            return Optional.empty();
        }
        String key = nameKey(displayName);
        synchronized (lock) {
            return accounts.stream().filter(a -> nameKey(a.displayName()).equals(key)).findFirst();
        }
    }

    public Optional<Account> lastUsed() {
        synchronized (lock) {
            return lastUsed.flatMap(this::find);
        }
    }

    /** Makes this the account the app opens with next time. */
    public void markUsed(String accountId) throws AccountException {
        synchronized (lock) {
            require(accountId);
            save(accounts, needsNewToken, Optional.of(accountId));
        }
    }

    /** Notes that the server no longer accepts the account's token (401), so the UI asks for a new one. */
    public void markNeedsToken(String accountId) throws AccountException {
        synchronized (lock) {
            require(accountId);
            if (!needsNewToken.contains(accountId)) {
                Set<String> next = new HashSet<>(needsNewToken);
                next.add(accountId);
                save(accounts, next, lastUsed);
            }
        }
    }

    public boolean needsNewToken(String accountId) {
        synchronized (lock) {
            return needsNewToken.contains(accountId);
        }
    }

    /** The account's token, or empty if the store has none for it (then it needs a new one). */
    public Optional<String> token(String accountId) throws AccountException {
        require(accountId);
        return tokens.load(accountId);
    }

    private CompletableFuture<Object> validated(URI origin, String token) {
        CompletableFuture<?> check;
        try {
            check = Objects.requireNonNull(validator.validate(origin, token), "validator returned null");
        } catch (RuntimeException e) {
            check = CompletableFuture.failedFuture(e);
        }
        return check.handle((ok, failure) -> {
            if (failure != null) {
                throw new CompletionException(rejected(origin, token, failure));
            }
            return ok;
        });
    }

    private static TokenRejectedException rejected(URI origin, String token, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason = cause.getMessage() == null || cause.getMessage().isBlank()
                ? cause.getClass().getSimpleName() : cause.getMessage();
        // The validator is someone else's code: make sure its words cannot leak the token.
        reason = reason.replace(token, "cfc_…");
        return new TokenRejectedException("The server at " + origin + " did not accept the token: " + reason);
    }

    private void save(List<Account> nextAccounts, Set<String> nextNeeds, Optional<String> nextLastUsed)
            throws SettingsException {
        settings.write(new AccountSettings.Contents(nextAccounts, nextNeeds, nextLastUsed));
        accounts = new ArrayList<>(nextAccounts);
        needsNewToken = new HashSet<>(nextNeeds);
        lastUsed = nextLastUsed;
    }

    private void forgetQuietly(String accountId) {
        try {
            tokens.delete(accountId);
        } catch (TokenStoreException ignored) {
            // The settings failure is what the user needs to hear; the stray entry holds a valid token
            // under an id nothing refers to.
        }
    }

    private Account require(String accountId) throws AccountException {
        return find(accountId).orElseThrow(() -> new AccountException("There is no account with id " + accountId));
    }

    private String checkName(String displayName, String exceptId) throws AccountException {
        if (displayName == null || displayName.isBlank()) {
            throw new AccountException("An account needs a name");
        }
        String name = displayName.strip();
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new AccountException("An account name cannot contain control characters");
        }
        Optional<Account> same = findByName(name);
        if (same.isPresent() && !same.get().id().equals(exceptId)) {
            throw new AccountException("There is already an account named \"" + same.get().displayName()
                    + "\"; names must differ (ignoring case)");
        }
        return name;
    }

    private static void checkOrigin(URI origin) throws AccountException {
        if (origin == null) {
            throw new AccountException("An account needs a server address");
        }
        String scheme = origin.getScheme() == null ? "" : origin.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || origin.getHost() == null
                || origin.getHost().isBlank()) {
            throw new AccountException("The server address must be an http(s) address with a host, like "
                    + Account.DEFAULT_ORIGIN + " (got " + origin + ")");
        }
        if (origin.getRawUserInfo() != null) {
            throw new AccountException("The server address must not contain a user name or password");
        }
    }

    private static String checkToken(String token) throws AccountException {
        String clean = token == null ? "" : token.strip();
        if (clean.isEmpty()) {
            throw new AccountException("No token was given");
        }
        if (!clean.startsWith(TOKEN_PREFIX) || clean.length() == TOKEN_PREFIX.length()) {
            throw new AccountException("That is not a ComfyControl token: tokens start with \"" + TOKEN_PREFIX
                    + "\" (create one in the ComfyControl dashboard under Account settings → API Tokens)");
        }
        if (clean.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new AccountException("That is not a ComfyControl token: it contains spaces or control characters");
        }
        return clean;
    }

    private static String nameKey(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "Accounts[" + accounts.size() + " accounts, tokens in " + tokens.displayName() + "]";
        }
    }
}
