package app.lightbox.core.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EncryptedFileTokenStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private EncryptedFileTokenStore store() {
        return new EncryptedFileTokenStore(dir, CLOCK);
    }

    private Path tokens() {
        return dir.resolve(EncryptedFileTokenStore.TOKENS_FILE);
    }

    private Path key() {
        return dir.resolve(EncryptedFileTokenStore.KEY_FILE);
    }

    @Test
    void savesLoadsAndDeletesTokensAcrossInstances() throws Exception {
        EncryptedFileTokenStore store = store();
        assertEquals(Optional.empty(), store.load("a"));
        store.save("a", "cfc_first");
        store.save("b", "cfc_second");
        store.save("a", "cfc_replaced");

        EncryptedFileTokenStore again = store();
        assertEquals(Optional.of("cfc_replaced"), again.load("a"));
        assertEquals(Optional.of("cfc_second"), again.load("b"));
        again.delete("a");
        again.delete("never-there");
        assertEquals(Optional.empty(), store().load("a"));
        assertEquals(Optional.of("cfc_second"), store().load("b"));
        assertTrue(store.displayName().startsWith("Encrypted file ("), store.displayName());
        assertTrue(store.displayName().endsWith("tokens.enc)"), store.displayName());
    }

    @Test
    void fileHasAVersionedHeaderAndAFreshIvOnEveryWrite() throws Exception {
        EncryptedFileTokenStore store = store();
        store.save("a", "cfc_same");
        byte[] first = Files.readAllBytes(tokens());
        store.save("a", "cfc_same");
        byte[] second = Files.readAllBytes(tokens());

        assertArrayEquals("LBTK".getBytes(), Arrays.copyOf(first, 4));
        assertEquals(1, first[4]);
        assertArrayEquals(Arrays.copyOfRange(first, 0, 13), Arrays.copyOfRange(second, 0, 13), "same header and key id");
        assertNotEquals(Arrays.toString(Arrays.copyOfRange(first, 13, 25)),
                Arrays.toString(Arrays.copyOfRange(second, 13, 25)), "a new IV");
        assertEquals(4 + 1 + 32, Files.size(key()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("tokens.enc", "tokens.key"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void keyAndTokenFilesAreOwnerOnly() throws Exception {
        assumeTrue(OwnerOnlyFiles.isPosix(dir), "POSIX file system");
        EncryptedFileTokenStore store = store();
        store.save("a", "cfc_x");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens())));
        assertEquals("owner-only (POSIX rw-------)", store.protection());

        Files.setPosixFilePermissions(key(), PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.of("cfc_x"), store.load("a"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key())),
                "a loosened key file is made owner-only again");
    }

    @Test
    void tamperedFileIsReportedAndNeverOverwritten() throws Exception {
        EncryptedFileTokenStore store = store();
        store.save("a", "cfc_keepme");
        store.save("b", "cfc_metoo");
        byte[] bytes = Files.readAllBytes(tokens());
        bytes[bytes.length - 20] ^= 0x01;
        Files.write(tokens(), bytes);

        TokenStoreException e = assertThrows(TokenStoreException.class, () -> store.load("a"));
        assertTrue(e.getMessage().contains("was modified or damaged"), e.getMessage());
        assertTrue(e.getMessage().contains(tokens().toString()), "says where: " + e.getMessage());
        assertThrows(TokenStoreException.class, () -> store.save("c", "cfc_new"));
        assertThrows(TokenStoreException.class, () -> store.delete("a"));
        assertArrayEquals(bytes, Files.readAllBytes(tokens()), "the damaged file was left as it was");
    }

    @Test
    void tamperedHeaderIsCaughtToo() throws Exception {
        store().save("a", "cfc_x");
        byte[] bytes = Files.readAllBytes(tokens());
        bytes[5] ^= 0x01; // key id
        Files.write(tokens(), bytes);
        TokenStoreException e = assertThrows(TokenStoreException.class, () -> store().load("a"));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void garbageAndFutureVersionsAreNamed() throws Exception {
        Files.writeString(tokens(), "{\"a\": \"cfc_plain\"}");
        TokenStoreException garbage = assertThrows(TokenStoreException.class, () -> store().load("a"));
        assertTrue(garbage.getMessage().contains("header is wrong"), garbage.getMessage());
        assertFalse(garbage.getMessage().contains("cfc_plain"));

        Files.delete(tokens());
        store().save("a", "cfc_x");
        byte[] bytes = Files.readAllBytes(tokens());
        bytes[4] = 2;
        Files.write(tokens(), bytes);
        TokenStoreException future = assertThrows(TokenStoreException.class, () -> store().load("a"));
        assertTrue(future.getMessage().contains("newer version of Lightbox"), future.getMessage());
    }

    @Test
    void missingKeyIsReportedAndNeverReplacedSilently() throws Exception {
        store().save("a", "cfc_x");
        byte[] before = Files.readAllBytes(tokens());
        Files.delete(key());

        TokenStoreException e = assertThrows(TokenStoreException.class, () -> store().save("b", "cfc_y"));
        assertTrue(e.getMessage().contains("key file " + key() + " is missing"), e.getMessage());
        assertFalse(Files.exists(key()), "no new key was made for the old tokens");
        assertArrayEquals(before, Files.readAllBytes(tokens()));
    }

    @Test
    void keyFromAnotherInstallationIsNamedAsSuch() throws Exception {
        store().save("a", "cfc_x");
        Path other = Files.createDirectory(dir.resolve("other"));
        new EncryptedFileTokenStore(other, CLOCK).save("z", "cfc_z");
        Files.copy(other.resolve("tokens.key"), key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        TokenStoreException e = assertThrows(TokenStoreException.class, () -> store().load("a"));
        assertTrue(e.getMessage().contains("does not belong to the token file"), e.getMessage());
    }

    @Test
    void damagedKeyIsNamed() throws Exception {
        store().save("a", "cfc_x");
        Files.write(key(), new byte[] {1, 2, 3});
        TokenStoreException e = assertThrows(TokenStoreException.class, () -> store().load("a"));
        assertTrue(e.getMessage().contains("key file " + key() + " is damaged"), e.getMessage());
    }

    @Test
    void resetKeepsTheBadFilesAsideAndStartsEmpty() throws Exception {
        EncryptedFileTokenStore store = store();
        store.save("a", "cfc_x");
        assertEquals(List.of(), store.resetAfterCorruption(), "a healthy store is never reset");
        assertEquals(Optional.of("cfc_x"), store.load("a"));

        byte[] bytes = Files.readAllBytes(tokens());
        bytes[bytes.length - 1] ^= 0x7f;
        Files.write(tokens(), bytes);
        assertThrows(TokenStoreException.class, () -> store.load("a"));

        List<Path> aside = store.resetAfterCorruption();
        assertEquals(List.of(dir.resolve("tokens.enc.corrupt-20250301-120000"),
                dir.resolve("tokens.key.corrupt-20250301-120000")), aside);
        assertArrayEquals(bytes, Files.readAllBytes(aside.get(0)));
        assertEquals(Optional.empty(), store.load("a"));
        store.save("b", "cfc_y");
        assertEquals(Optional.of("cfc_y"), store().load("b"));
    }
}
