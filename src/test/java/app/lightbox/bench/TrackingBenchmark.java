package app.lightbox.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * Tracks 100 running workflows against the sandbox for N minutes of real time (first argument, default 10)
 * and prints one JSON line with the measured request rate.
 *
 * <pre>mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) app.lightbox.bench.TrackingBenchmark 10</pre>
 */
public final class TrackingBenchmark {

    private TrackingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        if (!(minutes > 0)) {
            throw new IllegalArgumentException("minutes must be positive: " + minutes);
        }
        TrackingScenario.Figures f = TrackingScenario.run(Duration.ofMillis((long) (minutes * 60_000)));
        System.out.println(String.format(Locale.ROOT,
                "{\"figure\":\"tracking\",\"workflows\":%d,\"minutes\":%.2f,\"requests_per_10s_mean\":%.2f,"
                        + "\"requests_per_10s_max\":%d,\"rate_limited\":%d}",
                f.workflows(), f.duration().toMillis() / 60_000.0, f.serverSide().meanPerWindow(),
                f.serverSide().maxPerWindow(), f.rateLimited()));
    }
}
