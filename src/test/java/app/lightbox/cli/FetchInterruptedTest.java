package app.lightbox.cli;

import app.lightbox.Launcher;
import app.lightbox.sandbox.OutputSpec;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import app.lightbox.sandbox.WorkflowSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lightbox fetch} in its own JVM, stopped (as by Ctrl-C or kill) while a download is half done. */
class FetchInterruptedTest {

    @TempDir
    Path root;

    @Test
    void stoppingAFetchMidDownloadLeavesNoPartialFile() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxConfig.defaults())) {
            String workflowId = sandbox.addWorkflow(WorkflowSpec.completed("stopped")
                    .outputs(OutputSpec.png("ComfyUI_00001_.png", 512, 512)));
            // The storage host sends headers, then nothing: the download sits half done with its temp file open.
            sandbox.faults().setStallMedia(Duration.ofMinutes(2));
            Path out = root.resolve("out");
            Files.createDirectories(out);

            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Launcher.class.getName(),
                    "fetch", workflowId, "--out", out.toString(), "--server", sandbox.baseUrl().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("fetch.log").toFile());
            pb.environment().put("COMFYCONTROL_TOKEN", sandbox.demoToken());
            Process fetch;
            try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                out.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                fetch = pb.start();
                awaitPartFile(watch, out, fetch);
            }
            fetch.destroy(); // SIGTERM, as kill or a closing terminal sends
            assertTrue(fetch.waitFor(30, TimeUnit.SECONDS), "fetch ended when told to");
            assertEquals(List.of(), list(out), "the half-written download was removed; log: "
                    + Files.readString(root.resolve("fetch.log")));
        }
    }

    private static void awaitPartFile(WatchService watch, Path out, Process fetch) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (list(out).stream().noneMatch(n -> n.endsWith(".part"))) {
            assertTrue(fetch.isAlive(), "fetch is still running");
            long left = deadline - System.nanoTime();
            assertTrue(left > 0, "a download started within 60 s");
            WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        }
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
