package app.lightbox.core.auth;

import app.lightbox.model.Account;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Account metadata in {@code accounts.json} in the data folder: the accounts in order, the one used
 * last, and which ones need a new token. Holds no secrets.
 *
 * <pre>
 * { "version": 1,
 *   "lastUsedAccountId": "6f1c...",
 *   "accounts": [ { "id": "6f1c...", "displayName": "Studio",
 *                   "apiOrigin": "https://api.comfycontrol.app", "needsNewToken": false } ] }
 * </pre>
 *
 * A file that cannot be understood is never overwritten: {@link #read()} fails with a
 * {@link SettingsException} until the user restores it or chooses {@link #moveAsideAndStartFresh()}.
 */
public final class AccountSettings {

    public static final String FILE_NAME = "accounts.json";
    static final int VERSION = 1;

    /** Loaded only when there is a file to read or write, so a first start does without Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final Path file;
    private final Clock clock;

    public AccountSettings(DataFolder folder) {
        this(folder.resolve(FILE_NAME), Clock.systemUTC());
    }

    /** Settings in {@code file}; the clock only names a broken file that is moved aside. */
    public AccountSettings(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What the file holds. */
    public record Contents(List<Account> accounts, Set<String> needsNewToken, Optional<String> lastUsedAccountId) {

        public static final Contents EMPTY = new Contents(List.of(), Set.of(), Optional.empty());

        public Contents {
            accounts = List.copyOf(accounts);
            needsNewToken = Set.copyOf(needsNewToken);
            Objects.requireNonNull(lastUsedAccountId, "lastUsedAccountId");
        }
    }

    public Path file() {
        return file;
    }

    /** The saved accounts; {@link Contents#EMPTY} when there is no file yet. */
    public synchronized Contents read() throws SettingsException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Contents.EMPTY;
        } catch (IOException e) {
            throw new SettingsException("Could not read the account list " + file + ": " + e.getMessage(), e);
        }
        AccountsFileDto dto;
        try {
            dto = Json.MAPPER.readValue(bytes, AccountsFileDto.class);
        } catch (IOException e) {
            throw broken("is not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        if (dto == null || dto.version == null) {
            throw broken("has no format version", null);
        }
        if (dto.version > VERSION) {
            throw new SettingsException("The account list " + file + " was written by a newer version of Lightbox"
                    + " (format " + dto.version + "; this one reads " + VERSION + "). Update Lightbox, or move the"
                    + " file aside and start with an empty list.");
        }
        if (dto.version < 1) {
            throw broken("has an unknown format version " + dto.version, null);
        }
        List<Account> accounts = new ArrayList<>();
        Set<String> needsToken = new HashSet<>();
        Set<String> ids = new HashSet<>();
        List<AccountsFileDto.AccountDto> entries = dto.accounts == null ? List.of() : dto.accounts;
        for (int i = 0; i < entries.size(); i++) {
            AccountsFileDto.AccountDto a = entries.get(i);
            if (a == null || isBlank(a.id) || isBlank(a.displayName) || isBlank(a.apiOrigin)) {
                throw broken("has an incomplete account entry (number " + (i + 1) + ")", null);
            }
            if (!ids.add(a.id)) {
                throw broken("lists the account id " + a.id + " twice", null);
            }
            URI origin;
            try {
                origin = new URI(a.apiOrigin);
            } catch (URISyntaxException e) {
                throw broken("has an unreadable server address for account \"" + a.displayName + "\"", e);
            }
            accounts.add(new Account(a.id, a.displayName, origin));
            if (a.needsNewToken) {
                needsToken.add(a.id);
            }
        }
        Optional<String> lastUsed = Optional.ofNullable(dto.lastUsedAccountId).filter(ids::contains);
        return new Contents(accounts, needsToken, lastUsed);
    }

    /** Replaces the file atomically. */
    public synchronized void write(Contents contents) throws SettingsException {
        AccountsFileDto dto = new AccountsFileDto();
        dto.version = VERSION;
        dto.lastUsedAccountId = contents.lastUsedAccountId().orElse(null);
        for (Account account : contents.accounts()) {
            AccountsFileDto.AccountDto a = new AccountsFileDto.AccountDto();
            a.id = account.id();
            a.displayName = account.displayName();
            a.apiOrigin = account.apiOrigin().toString();
            a.needsNewToken = contents.needsNewToken().contains(account.id());
            dto.accounts.add(a);
        }
        try {
            OwnerOnlyFiles.writeAtomically(file, Json.MAPPER.writeValueAsBytes(dto));
        } catch (JsonProcessingException e) {
            throw new SettingsException("Could not write the account list: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SettingsException("Could not save the account list " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * For when the user chose to start over after a {@link SettingsException}: keeps the broken file as
     * {@code accounts.json.corrupt-<timestamp>} and leaves no file, so {@link #read()} gives an empty list.
     * Tokens of the lost accounts stay in the token store until they are added again.
     *
     * @return where the old file now is, or empty if there was no file
     */
    public synchronized Optional<Path> moveAsideAndStartFresh() throws SettingsException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(OwnerOnlyFiles.moveAside(file, clock));
        } catch (IOException e) {
            throw new SettingsException("Could not move the account list " + file + " aside: " + e.getMessage(), e);
        }
    }

    private SettingsException broken(String what, Exception cause) {
        return new SettingsException("The account list " + file + " " + what + ". Fix or restore the file, or move"
                + " it aside and start with an empty list (the file is kept).", cause);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String toString() {
        return "AccountSettings[" + file + "]";
    }
}
