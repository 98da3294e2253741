package app.lightbox.cli;

import app.lightbox.core.concurrent.AppExecutors;
import app.lightbox.sandbox.SandboxConfig;
import app.lightbox.sandbox.SandboxServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Runs the local ComfyControl-compatible server in the foreground until interrupted. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Run a local server that behaves like ComfyControl, with demo workflows, "
                + "until Ctrl+C. Prints its base URL and a demo token.")
public final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", description = "Port for the API (default: any free port).")
    int port;

    @Option(names = "--url-ttl", paramLabel = "SECONDS",
            description = "Lifetime of signed output URLs in seconds (default: ${DEFAULT-VALUE}).", defaultValue = "300")
    long urlTtlSeconds;

    @Option(names = "--empty", description = "Start with no workflows instead of the demo set.")
    boolean empty;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        if (port < 0 || port > 65535) {
            err.println("--port must be between 0 and 65535");
            return 2;
        }
        if (urlTtlSeconds < 1) {
            err.println("--url-ttl must be at least 1 second");
            return 2;
        }
        SandboxConfig config = SandboxConfig.defaults()
                .withPort(port)
                .withUrlTtl(Duration.ofSeconds(urlTtlSeconds))
                .withSeedDemoWorkflows(!empty);
        SandboxServer server = SandboxServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(AppExecutors.named("lightbox-sandbox-shutdown").newThread(() -> {
            server.close();
            stopped.countDown();
        }));
        out.println("ComfyControl sandbox running");
        out.println("  base URL:   " + server.baseUrl());
        out.println("  storage:    " + server.storageOrigin());
        out.println("  demo token: " + server.demoToken());
        out.println("  URL TTL:    " + urlTtlSeconds + " s");
        out.println("Press Ctrl+C to stop.");
        stopped.await();
        return 0;
    }
}
