package app.lightbox.core.auth;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Files and folders only their owner may read: POSIX {@code rw-------}/{@code rwx------} where the file
 * system has POSIX permissions, an owner-only ACL where it has ACLs (Windows), and an honest "not
 * protected" otherwise. Writes go to an owner-only temporary file that then replaces the target in one
 * atomic move, so a crash never leaves half a file behind.
 */
final class OwnerOnlyFiles {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private OwnerOnlyFiles() {
    }

    static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the folder (and missing parents); the folders it creates are owner-only. */
    static void createFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        if (isPosix(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        } else {
            Files.createDirectories(folder);
            restrictAcl(folder);
        }
    }

    /** Replaces {@code target} with {@code content} atomically; the result is owner-only. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        createFolder(folder);
        Path temp = isPosix(folder)
                ? Files.createTempFile(folder, target.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(folder, target.getFileName() + ".", ".tmp", new FileAttribute<?>[0]);
        try {
            if (!isPosix(folder)) {
                restrictAcl(temp);
            }
            Files.write(temp, content);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so this only happens on exotic file systems; a plain replace is the best left.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Takes group and other permissions away from an existing file or folder. */
    static void restrict(Path path) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
        } else {
            restrictAcl(path);
        }
    }

    /** True when group or others may read or write the file (POSIX only; false elsewhere). */
    static boolean isLooserThanOwnerOnly(Path path) throws IOException {
        if (!isPosix(path)) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        return perms.stream().anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
    }

    /** In words: how a file in this folder is protected from other users of the machine. */
    static String protection(Path folder) {
        if (isPosix(folder)) {
            return "owner-only (POSIX rw-------)";
        }
        if (hasAcl(folder)) {
            return "owner-only (access control list)";
        }
        return "not protected by file permissions: this file system has none, anyone who can open the folder"
                + " can copy the files";
    }

    /** Renames a file aside as {@code name.corrupt-<UTC timestamp>} (never overwriting), returns the new path. */
    static Path moveAside(Path file, Clock clock) throws IOException {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(clock.instant());
        Path aside = file.resolveSibling(base);
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(base + "-" + n);
        }
        Files.move(file, aside);
        return aside;
    }

    private static boolean hasAcl(Path path) {
        try {
            FileStore store = Files.getFileStore(Files.exists(path) ? path : path.toAbsolutePath().getParent());
            return store.supportsFileAttributeView(AclFileAttributeView.class);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void restrictAcl(Path path) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(path, AclFileAttributeView.class);
        if (view == null) {
            return;
        }
        UserPrincipal owner = view.getOwner();
        AclEntry ownerOnly = AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build();
        view.setAcl(List.of(ownerOnly));
    }
}
