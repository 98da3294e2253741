package app.lightbox.robustness;

import app.lightbox.core.export.OutputFetcher;
import app.lightbox.model.Output;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A cache that cannot be written: a full disk (a 1 MB tmpfs where this machine lets the test mount one), a
 * folder that stops being writable mid-run, and a read-only folder. Each output fails on its own with a
 * reason, thumbnails that were made are still shown, and no partial file is left.
 */
class DiskTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskFailsTheOutputsThatDoNotFitAndLeavesNoPartialFiles() throws Exception {
        Path tiny = dir.resolve("tiny");
        Files.createDirectories(tiny);
        assumeTrue(mountTinyTmpfs(tiny), "needs permission to mount a 1 MB tmpfs");
        try (Rig rig = new Rig(tiny)) {
            byte[] noise = noisePng(320, 320);
            app.lightbox.sandbox.OutputSpec[] specs = new app.lightbox.sandbox.OutputSpec[10];
            for (int i = 0; i < specs.length; i++) {
                specs[i] = app.lightbox.sandbox.OutputSpec.bytes("noise_" + i + ".png", "image/png", noise);
            }
            List<Output> outputs = rig.workflow(specs);
            List<Rig.Outcome> outcomes = rig.thumbnailsOf(outputs);
            List<Rig.Outcome> failed = outcomes.stream().filter(o -> !o.ok()).toList();
            assertFalse(failed.isEmpty(), "10 × ~300 KB cannot all fit in 1 MB");
            failed.forEach(o -> assertFalse(o.error().contains("Exception"), "a sentence, not a class name: " + o.error()));
            Rig.assertNoPartialFiles(tiny);

            Path out = tiny.resolve("export");
            assertThrows(ExecutionException.class, () -> new OutputFetcher(rig.api, rig.media)
                    .fetch(outputs.get(0).workflowId(), out, f -> { }).get(30, TimeUnit.SECONDS));
            Rig.assertNoPartialFiles(out);
        } finally {
            run("umount", tiny.toString());
        }
    }

    @Test
    void aCacheFolderThatStopsBeingWritableMidRunFailsPerItem() throws Exception {
        try (Rig rig = new Rig(dir)) {
            List<Output> outputs = rig.workflow(Rig.pngs(6, 64));
            Rig.assertAllArrived(rig.thumbnailsOf(outputs.subList(0, 3)));

            // The folder disappears and a file takes its name: nothing can be created in it any more.
            Path originals = dir.resolve("originals");
            try (var s = Files.list(originals)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(originals);
            Files.writeString(originals, "not a folder", StandardCharsets.UTF_8);
            rig.reopen();

            List<Rig.Outcome> later = rig.thumbnailsOf(outputs.subList(3, 6));
            later.forEach(o -> assertFalse(o.ok(), "nothing can be cached"));
            later.forEach(o -> assertFalse(o.error().isBlank()));
            // Thumbnails made before are still served from their own folder.
            Rig.assertAllArrived(rig.thumbnailsOf(outputs.subList(0, 3)));
            Rig.assertNoPartialFiles(dir);
        }
    }

    @Test
    void aReadOnlyCacheFolderFailsPerItemAndThumbnailsAreStillShownWhenOnlyTheirFolderIsReadOnly() throws Exception {
        Path originals = dir.resolve("originals");
        Path thumbnails = dir.resolve("thumbnails");
        Files.createDirectories(originals);
        Files.createDirectories(thumbnails);
        try (ReadOnlyFolder roThumbnails = ReadOnlyFolder.prepare(thumbnails);
             ReadOnlyFolder roOriginals = ReadOnlyFolder.prepare(originals)) {
            assumeTrue(roThumbnails != null && roOriginals != null,
                    "needs folder permissions that bind (not root) or permission to mount a tmpfs");
            roThumbnails.makeReadOnly();
            try (Rig rig = new Rig(dir)) {
                List<Output> outputs = rig.workflow(Rig.pngs(4, 64));
                // A thumbnail that cannot be kept on disk is still shown; it is only made again next time.
                Rig.assertAllArrived(rig.thumbnailsOf(outputs));
                assertFalse(hasFiles(thumbnails), "nothing was written into the read-only folder");

                roOriginals.makeReadOnly();
                rig.reopen();
                List<Output> more = rig.workflow(Rig.pngs(3, 64));
                List<Rig.Outcome> outcomes = rig.thumbnailsOf(more);
                outcomes.forEach(o -> assertFalse(o.ok(), "nothing can be downloaded into a read-only folder"));
                outcomes.forEach(o -> assertFalse(o.error().contains("Exception"), "a sentence, not a class name: " + o.error()));
                // Originals cached before the folder turned read-only still make thumbnails.
                Rig.assertAllArrived(rig.thumbnailsOf(outputs));
                Rig.assertNoPartialFiles(dir);
            }
        }
    }

    private static boolean hasFiles(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.findAny().isPresent();
        }
    }

    /**
     * A folder that can be turned read-only mid-run: by its permissions where they bind, and where they do not
     * (root ignores them) by a small tmpfs mounted on it and remounted read-only. Null when neither works.
     */
    private static final class ReadOnlyFolder implements AutoCloseable {
        private final Path folder;
        private final boolean mounted;

        private ReadOnlyFolder(Path folder, boolean mounted) {
            this.folder = folder;
            this.mounted = mounted;
        }

        static ReadOnlyFolder prepare(Path folder) throws IOException {
            Path probe = Files.createTempDirectory(folder.getParent(), ".probe");
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r-xr-xr-x"));
            boolean permissionsBind = !Files.isWritable(probe);
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.delete(probe);
            if (permissionsBind) {
                return new ReadOnlyFolder(folder, false);
            }
            boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
            if (linux && run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", folder.toString()) == 0) {
                return new ReadOnlyFolder(folder, true);
            }
            return null;
        }

        void makeReadOnly() throws IOException {
            if (mounted) {
                if (run("mount", "-o", "remount,ro", folder.toString()) != 0) {
                    throw new IOException("could not remount " + folder + " read-only");
                }
            } else {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
            }
            assertFalse(canCreateIn(folder), "the folder really is read-only now");
        }

        private static boolean canCreateIn(Path folder) {
            try {
                Files.delete(Files.createTempFile(folder, ".check", null));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() throws IOException {
            if (mounted) {
                run("umount", folder.toString());
            } else {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    /** About 300 KB that no PNG encoder can shrink. */
    private static byte[] noisePng(int w, int h) throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static boolean mountTinyTmpfs(Path where) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        return run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", where.toString()) == 0;
    }

    private static int run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

}
