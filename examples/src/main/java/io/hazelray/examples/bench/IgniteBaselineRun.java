package io.hazelray.examples.bench;

import io.hazelray.examples.bench.BenchReport.Spread;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Apache Ignite baseline of {@code bench tasks} and {@code bench actors}: runs the
 * benchmark-only jar of the {@code benchmarks-ignite} module ({@code java -jar
 * benchmarks-ignite/target/hazelray-ignite-bench.jar}, built by the root {@code mvn package} and
 * so by the launcher) in a JVM of its own, with this JVM's flags, before the Hazelray figures are
 * measured, and reads its figures. Ignite is never on Hazelray's class path; its JVM is stopped
 * (and killed if need be) before this returns, and also if this JVM exits meanwhile.
 */
final class IgniteBaselineRun {
    static final String JAR = "benchmarks-ignite/target/hazelray-ignite-bench.jar";

    /** What the Ignite JVM measured: its figures by name, and its version. */
    record Figures(Map<String, Spread> figures, String version) {
    }

    private IgniteBaselineRun() {
    }

    /** The baseline's jar under the project root, if it was built. */
    static Optional<Path> jar() {
        Path jar = Path.of(System.getProperty("hazelray.root", "."), JAR);
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /**
     * Runs the baseline with {@code args} ({@code --sync N --pipelined N --keys N --rounds N
     * --workloads compute,invoke}); fails with the Ignite JVM's output if it does not end well
     * within {@code timeoutSeconds}.
     */
    static Figures run(Path jar, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the same flags and heap as this JVM; not this JVM's class-data archive, agents or recordings
            if (!arg.startsWith("-XX:SharedArchiveFile") && !arg.startsWith("-Xlog:cds") && !arg.startsWith("-agent")
                    && !arg.startsWith("-javaagent") && !arg.contains("FlightRecord")) {
                command.add(arg);
            }
        }
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread killer = new Thread(process::destroyForcibly, "ignite-baseline-kill");
        Runtime.getRuntime().addShutdownHook(killer);
        Map<String, Spread> figures = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        String version = "?";
        try {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (other) {
                            other.add(line);
                        }
                    }
                } catch (IOException ended) {
                    // the process ended
                }
            }, "ignite-baseline-output");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Ignite baseline did not finish within " + timeoutSeconds + " s");
            }
            reader.join(5_000);
            int exit = process.exitValue();
            synchronized (other) {
                if (exit != 0) {
                    throw new IllegalStateException("the Ignite baseline (" + String.join(" ", command) + ") exited with " + exit
                            + ":\n" + String.join("\n", other));
                }
                for (String line : other) {
                    String[] f = line.split("\t");
                    if (f.length == 5 && f[0].equals("result")) {
                        figures.put(f[1], new Spread(Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
                    } else if (f.length == 3 && f[0].equals("context")) {
                        version = f[2];
                    }
                }
            }
            return new Figures(figures, version);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it kills the process
            }
        }
    }

    /**
     * Runs the baseline and adds its figures to {@code report} as rows (operations per second), or
     * says why there are none: the jar was not built, or {@code skip}.
     */
    static Map<String, Spread> addTo(BenchReport report, boolean skip, List<String> args) throws IOException, InterruptedException {
        if (skip) {
            report.context("ignite", "skipped (--no-ignite)");
            return Map.of();
        }
        Optional<Path> jar = jar();
        if (jar.isEmpty()) {
            report.context("ignite", "skipped: no " + JAR + " (built by the root 'mvn package', which ./hazelray runs)");
            return Map.of();
        }
        System.out.println("running the Ignite baseline in its own JVM...");
        Figures figures = run(jar.get(), args, 900);
        report.context("ignite", "Apache Ignite " + figures.version() + ", one server node in its own JVM (same flags), measured first");
        figures.figures().forEach((name, spread) -> report.add(name, spread, "ops/s", null));
        return figures.figures();
    }
}
