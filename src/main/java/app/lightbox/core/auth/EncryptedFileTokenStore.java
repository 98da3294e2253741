package app.lightbox.core.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tokens in one AES-256-GCM encrypted file, {@code tokens.enc}, with the key in a separate file,
 * {@code tokens.key}; both owner-only. Used when the OS keychain cannot be reached.
 *
 * <pre>
 * tokens.key  "LBKY" | version (1 byte) = 1 | key (32 bytes)
 * tokens.enc  "LBTK" | version (1 byte) = 1 | key id (8 bytes) | IV (12 bytes) | ciphertext + GCM tag (16 bytes)
 *             AAD = the first 13 bytes; key id = HMAC-SHA256(key, "lightbox tokens.key id")[0..8);
 *             plaintext = UTF-8 JSON object {"&lt;account id&gt;": "&lt;token&gt;", ...}
 * </pre>
 *
 * Every write re-encrypts the whole file with a fresh random IV and replaces it atomically. A file that
 * fails any check is never overwritten: every operation fails with a {@link TokenStoreException} naming
 * the file and the problem until the user restores the file or calls {@link #resetAfterCorruption()}.
 */
public final class EncryptedFileTokenStore implements TokenStore {

    public static final String TOKENS_FILE = "tokens.enc";
    public static final String KEY_FILE = "tokens.key";

    private static final System.Logger LOG = System.getLogger(EncryptedFileTokenStore.class.getName());
    private static final byte[] TOKENS_MAGIC = {'L', 'B', 'T', 'K'};
    private static final byte[] KEY_MAGIC = {'L', 'B', 'K', 'Y'};
    private static final int VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int KEY_ID_BYTES = 8;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = TOKENS_MAGIC.length + 1 + KEY_ID_BYTES;
    private static final int KEY_FILE_BYTES = KEY_MAGIC.length + 1 + KEY_BYTES;
    /** Loaded only when there are tokens to read or write, so a first start does without Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path tokensFile;
    private final Path keyFile;
    private final Clock clock;

    public EncryptedFileTokenStore(DataFolder folder) {
        this(folder.path(), Clock.systemUTC());
    }

    /** A store in {@code folder}; the clock only names files that are moved aside. */
    public EncryptedFileTokenStore(Path folder, Clock clock) {
        Path absolute = folder.toAbsolutePath();
        this.tokensFile = absolute.resolve(TOKENS_FILE);
        this.keyFile = absolute.resolve(KEY_FILE);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path tokensFile() {
        return tokensFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** How the two files are protected from other users of this machine, in words. */
    public String protection() {
        return OwnerOnlyFiles.protection(tokensFile.getParent());
    }

    @Override
    public String displayName() {
        return "Encrypted file (" + tokensFile + ")";
    }

    @Override
    public synchronized void save(String accountId, String token) throws TokenStoreException {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(token, "token");
        Map<String, String> tokens = readAll();
        tokens.put(accountId, token);
        writeAll(tokens);
    }

    @Override
    public synchronized Optional<String> load(String accountId) throws TokenStoreException {
        return Optional.ofNullable(readAll().get(accountId));
    }

    @Override
    public synchronized void delete(String accountId) throws TokenStoreException {
        Map<String, String> tokens = readAll();
        if (tokens.remove(accountId) != null) {
            writeAll(tokens);
        }
    }

    /**
     * For when the user chose to start over after a {@link TokenStoreException} about a damaged, tampered
     * or undecryptable token file: moves the token file and its key aside (as
     * {@code tokens.enc.corrupt-<timestamp>} and {@code tokens.key.corrupt-<timestamp>}, so they can still
     * be recovered) and leaves an empty store. Does nothing when the store reads fine.
     *
     * @return the files that were moved aside, empty when there was nothing to reset
     */
    public synchronized List<Path> resetAfterCorruption() throws TokenStoreException {
        try {
            readAll();
            return List.of();
        } catch (TokenStoreException expected) {
            // the store is unreadable: that is what the user asked to start over from
        }
        List<Path> movedAside = new ArrayList<>();
        try {
            for (Path file : List.of(tokensFile, keyFile)) {
                if (Files.exists(file)) {
                    movedAside.add(OwnerOnlyFiles.moveAside(file, clock));
                }
            }
        } catch (IOException e) {
            throw new TokenStoreException("Could not move the unreadable token file aside in "
                    + tokensFile.getParent() + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.WARNING, "Started a new token file; the old one was kept as {0}", movedAside);
        return List.copyOf(movedAside);
    }

    private Map<String, String> readAll() throws TokenStoreException {
        byte[] file;
        try {
            file = Files.readAllBytes(tokensFile);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new TokenStoreException("Could not read the token file " + tokensFile + ": " + e.getMessage(), e);
        }
        if (file.length < HEADER_BYTES + IV_BYTES + TAG_BITS / 8
                || !Arrays.equals(file, 0, TOKENS_MAGIC.length, TOKENS_MAGIC, 0, TOKENS_MAGIC.length)) {
            throw damaged("is not a Lightbox token file or is damaged (its header is wrong)");
        }
        int version = file[TOKENS_MAGIC.length] & 0xff;
        if (version != VERSION) {
            throw damaged(version > VERSION
                    ? "was written by a newer version of Lightbox (format " + version + "; this one reads "
                            + VERSION + "). Update Lightbox to use it"
                    : "has an unknown format version " + version);
        }
        if (!Files.exists(keyFile)) {
            throw new TokenStoreException("The key file " + keyFile + " is missing, so the tokens in " + tokensFile
                    + " cannot be decrypted. Restore the key file from a backup, or start over (the token file"
                    + " is kept aside) and add the tokens again.");
        }
        byte[] key = readKey();
        try {
            byte[] header = Arrays.copyOfRange(file, 0, HEADER_BYTES);
            if (!MessageDigest.isEqual(Arrays.copyOfRange(header, TOKENS_MAGIC.length + 1, HEADER_BYTES), keyId(key))) {
                throw new TokenStoreException("The key file " + keyFile + " does not belong to the token file "
                        + tokensFile + " (it was replaced, or comes from another installation), so the tokens"
                        + " cannot be decrypted. Restore the matching key file, or start over and add the"
                        + " tokens again.");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, file, HEADER_BYTES, IV_BYTES));
            cipher.updateAAD(header);
            byte[] plain = cipher.doFinal(file, HEADER_BYTES + IV_BYTES, file.length - HEADER_BYTES - IV_BYTES);
            try {
                return new TreeMap<>(Json.MAPPER.readValue(plain, new TypeReference<Map<String, String>>() { }));
            } catch (IOException e) {
                // Authenticated but unreadable: written by a broken build, not tampered with. Say so without
                // echoing the content, which holds tokens.
                throw damaged("decrypts, but its content is not a token list");
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw damaged("was modified or damaged: its authentication check failed");
        } catch (GeneralSecurityException e) {
            throw new TokenStoreException("Could not decrypt the token file " + tokensFile + ": " + e, e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private void writeAll(Map<String, String> tokens) throws TokenStoreException {
        byte[] key = existingOrNewKey();
        byte[] plain = null;
        try {
            plain = Json.MAPPER.writeValueAsBytes(tokens);
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            byte[] header = new byte[HEADER_BYTES];
            System.arraycopy(TOKENS_MAGIC, 0, header, 0, TOKENS_MAGIC.length);
            header[TOKENS_MAGIC.length] = VERSION;
            System.arraycopy(keyId(key), 0, header, TOKENS_MAGIC.length + 1, KEY_ID_BYTES);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(header);
            byte[] sealed = cipher.doFinal(plain);
            byte[] file = new byte[HEADER_BYTES + IV_BYTES + sealed.length];
            System.arraycopy(header, 0, file, 0, HEADER_BYTES);
            System.arraycopy(iv, 0, file, HEADER_BYTES, IV_BYTES);
            System.arraycopy(sealed, 0, file, HEADER_BYTES + IV_BYTES, sealed.length);
            OwnerOnlyFiles.writeAtomically(tokensFile, file);
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new TokenStoreException("Could not encrypt the tokens for " + tokensFile + ": "
                    + e.getClass().getSimpleName(), e);
        } catch (IOException e) {
            throw new TokenStoreException("Could not write the token file " + tokensFile + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private byte[] existingOrNewKey() throws TokenStoreException {
        if (Files.exists(keyFile)) {
            return readKey();
        }
        if (Files.exists(tokensFile)) {
            // readAll() has already refused this case; never pair existing tokens with a new key.
            throw new TokenStoreException("The key file " + keyFile + " is missing; not replacing it while "
                    + tokensFile + " exists");
        }
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        byte[] file = new byte[KEY_FILE_BYTES];
        System.arraycopy(KEY_MAGIC, 0, file, 0, KEY_MAGIC.length);
        file[KEY_MAGIC.length] = VERSION;
        System.arraycopy(key, 0, file, KEY_MAGIC.length + 1, KEY_BYTES);
        try {
            OwnerOnlyFiles.writeAtomically(keyFile, file);
        } catch (IOException e) {
            throw new TokenStoreException("Could not create the key file " + keyFile + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(file, (byte) 0);
        }
        LOG.log(System.Logger.Level.DEBUG, "Created a new key for the token file in {0}; files are {1}",
                keyFile.getParent(), protection());
        return key;
    }

    private byte[] readKey() throws TokenStoreException {
        byte[] file;
        try {
            if (OwnerOnlyFiles.isLooserThanOwnerOnly(keyFile)) {
                OwnerOnlyFiles.restrict(keyFile);
                LOG.log(System.Logger.Level.WARNING, "The key file {0} could be read by other users; it is"
                        + " owner-only again", keyFile);
            }
            file = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw new TokenStoreException("Could not read the key file " + keyFile + ": " + e.getMessage(), e);
        }
        try {
            if (file.length != KEY_FILE_BYTES
                    || !Arrays.equals(file, 0, KEY_MAGIC.length, KEY_MAGIC, 0, KEY_MAGIC.length)
                    || file[KEY_MAGIC.length] != VERSION) {
                throw new TokenStoreException("The key file " + keyFile + " is damaged, so the tokens in "
                        + tokensFile + " cannot be decrypted. Restore it from a backup, or start over and add"
                        + " the tokens again.");
            }
            return Arrays.copyOfRange(file, KEY_MAGIC.length + 1, KEY_FILE_BYTES);
        } finally {
            Arrays.fill(file, (byte) 0);
        }
    }

    private static byte[] keyId(byte[] key) throws TokenStoreException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal("lightbox tokens.key id".getBytes(StandardCharsets.US_ASCII)),
                    KEY_ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new TokenStoreException("HMAC-SHA256 is not available in this Java runtime", e);
        }
    }

    private TokenStoreException damaged(String what) {
        return new TokenStoreException("The token file " + tokensFile + " " + what + ". Its tokens cannot be"
                + " read; restore it from a backup, or start over (the file is kept aside) and add the tokens"
                + " again.");
    }

    @Override
    public String toString() {
        return "EncryptedFileTokenStore[" + tokensFile + "]";
    }
}
