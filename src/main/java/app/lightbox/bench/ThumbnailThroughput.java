package app.lightbox.bench;

import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.core.media.OutputCache;
import app.lightbox.core.media.ThumbnailService;
import app.lightbox.model.Output;
import app.lightbox.model.SignedUrl;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Cold thumbnails of a folder of large images on one core: the app's path (the original found in the
 * {@link OutputCache}, decoded and scaled to 256 by the ThumbnailDecoder, the thumbnail written to the disk
 * cache by {@link ThumbnailService}) against {@code vipsthumbnail} on the same files.
 */
public final class ThumbnailThroughput {

    public record Result(int images, long sourceBytes, double appPerSecond, Double vipsPerSecond, String vipsNote) {
    }

    private ThumbnailThroughput() {
    }

    /** {@code count} opaque PNGs and JPEGs, 1024–2048 px a side, with gradients, shapes and grain. */
    public static List<Path> generate(Path dir, int count, ExecutorService pool) throws Exception {
        Files.createDirectories(dir);
        List<CompletableFuture<Path>> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            made.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return image(dir, n);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, pool));
        }
        List<Path> files = new ArrayList<>();
        for (CompletableFuture<Path> f : made) {
            files.add(f.get(5, TimeUnit.MINUTES));
        }
        return files;
    }

    private static Path image(Path dir, int n) throws IOException {
        Random r = new Random(0xB16B00B5L + n);
        int w = 1024 + r.nextInt(1025);
        int h = 1024 + r.nextInt(1025);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(r.nextInt()), w, h, new Color(r.nextInt())));
        g.fillRect(0, 0, w, h);
        for (int s = 0; s < 40; s++) {
            g.setColor(new Color(r.nextInt(), true));
            int sw = 50 + r.nextInt(w / 2);
            int sh = 50 + r.nextInt(h / 2);
            if (r.nextBoolean()) {
                g.fillOval(r.nextInt(w), r.nextInt(h), sw, sh);
            } else {
                g.fillRect(r.nextInt(w), r.nextInt(h), sw, sh);
            }
        }
        g.dispose();
        // Grain, so the files compress like renders rather than like flat art.
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int d = r.nextInt(9) - 4;
                int p = row[x];
                row[x] = (clamp((p >> 16 & 0xFF) + d) << 16) | (clamp((p >> 8 & 0xFF) + d) << 8) | clamp((p & 0xFF) + d);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        boolean jpeg = n % 2 == 1;
        Path file = dir.resolve(String.format(Locale.ROOT, "img-%03d.%s", n, jpeg ? "jpg" : "png"));
        if (jpeg) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(0.9f);
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
        } else {
            ImageIO.write(img, "png", file.toFile());
        }
        return file;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * Thumbnails of {@code files} through the app's pipeline with one decode thread, every original already
     * in the original cache (so no network), every thumbnail cold.
     */
    public static double appImagesPerSecond(BenchMedia stack, List<Path> files, Path work) throws Exception {
        Path originals = work.resolve("originals");
        Files.createDirectories(originals);
        List<Output> outputs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String id = "output-bench-" + i;
            String name = files.get(i).getFileName().toString();
            String ext = name.endsWith(".jpg") ? "jpg" : "png";
            Files.copy(files.get(i), originals.resolve(sha256(id) + "." + ext));
            outputs.add(new Output(id, "bench", SignedUrl.parse(
                    "http://127.0.0.1:9/outputs/bench/" + id + "/" + name + "?expires=0&signature=none")));
        }
        ExecutorService oneCore = Executors.newSingleThreadExecutor(AppExecutors.named("bench-decode"));
        try {
            OutputCache cache = stack.cache(work);
            ThumbnailService thumbnails = stack.thumbnails(cache, work, oneCore);
            cache.sizeBytes(); // the folder scan happens once at start-up, not per image
            long start = System.nanoTime();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (Output o : outputs) {
                all.add(thumbnails.thumbnail(o, 256, ThumbnailService.PRIORITY_VISIBLE));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            long written;
            try (var s = Files.list(work.resolve("thumbnails"))) {
                written = s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
            }
            if (written != files.size()) {
                throw new IllegalStateException("only " + written + " of " + files.size() + " thumbnails were written");
            }
            return files.size() / seconds;
        } finally {
            oneCore.shutdownNow();
        }
    }

    /** {@code vipsthumbnail} on the same files in one process with one worker thread; null when not installed. */
    public static Double vipsImagesPerSecond(List<Path> files, Path out) throws IOException, InterruptedException {
        Path vips = findOnPath("vipsthumbnail");
        if (vips == null) {
            return null;
        }
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of(vips.toString(), "--size", "256",
                "-o", out.toAbsolutePath() + "/%s.jpg"));
        files.forEach(f -> cmd.add(f.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("VIPS_CONCURRENCY", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != 0) {
            throw new IOException("vipsthumbnail exited with " + code + ": " + output.strip());
        }
        return files.size() / seconds;
    }

    static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
