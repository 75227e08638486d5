package io.hazelray.examples.bench;

import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.examples.fibonacci.Fibonacci;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./hazelray bench fib}: the seed's Fibonacci, one sequence per CPU, locally (one after the
 * other) and as remote tasks (all at once), both warmed first, repeated; the medians, and where
 * {@code python3} is on the PATH, the seed's Python doing the same sequentially and with
 * {@code multiprocessing} ({@code examples/src/main/python/seed_fib.py}).
 */
@Command(name = "fib", mixinStandardHelpOptions = true,
        description = "The seed's Fibonacci: local vs remote tasks (warmed, median of N), and Python's multiprocessing.")
public final class FibBenchmark implements Callable<Integer> {
    @Option(names = "--size", defaultValue = "100000", description = "Sequence size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds of each (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--skip-python", description = "Do not run the seed's Python code.")
    boolean skipPython;

    @Mixin
    ReportOutput output;

    @Override
    public Integer call() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchReport("fib").context("size", size).context("sequences", cpus).context("rounds", rounds);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<Double> local = new ArrayList<>();
        List<Double> remote = new ArrayList<>();
        try (Hazelray ray = Hazelray.init(HazelrayOptions.builder().cpus(cpus).clusterName("hazelray-bench").build())) {
            Fibonacci.runLocal(size, cpus, quiet);
            Fibonacci.runRemote(ray, size, cpus, quiet);
            for (int i = 0; i < rounds; i++) {
                System.gc();
                local.add(Fibonacci.runLocal(size, cpus, quiet));
                System.gc();
                remote.add(Fibonacci.runRemote(ray, size, cpus, quiet));
                System.out.printf(Locale.ROOT, "round %d: local %.3f s, remote %.3f s, %.2fx%n", i + 1, local.get(i), remote.get(i),
                        local.get(i) / remote.get(i));
            }
        }
        report.add("java local (median)", median(local), "s", null);
        report.add("java remote tasks (median)", median(remote), "s", "java local (median)");
        report.add("java remote tasks (slowest)", remote.stream().mapToDouble(d -> d).max().orElse(0), "s", null);
        Path seed = Path.of(System.getProperty("hazelray.root", "."), "examples/src/main/python/seed_fib.py");
        if (!skipPython && onPath("python3") && Files.isRegularFile(seed)) {
            List<Double> pyLocal = new ArrayList<>();
            List<Double> pyPool = new ArrayList<>();
            Process p = new ProcessBuilder("python3", seed.toString(), Integer.toString(size), Integer.toString(cpus),
                    Integer.toString(rounds)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    String[] f = line.split(" ");
                    (f[0].equals("local") ? pyLocal : pyPool).add(Double.parseDouble(f[1]));
                }
            }
            if (p.waitFor() != 0) {
                throw new IllegalStateException("python3 " + seed + " failed");
            }
            report.add("python local (median)", median(pyLocal), "s", null);
            report.add("python multiprocessing (median)", median(pyPool), "s", "python local (median)");
            report.add("java remote tasks vs python multiprocessing", median(pyPool) / median(remote), "x faster", null);
        }
        System.out.println();
        output.emit(report, System.out);
        return 0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
