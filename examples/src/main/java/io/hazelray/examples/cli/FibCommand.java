package io.hazelray.examples.cli;

import picocli.CommandLine.Mixin;
import io.hazelray.cli.ClusterOptions;
import io.hazelray.cli.OneLineErrors;
import picocli.CommandLine;
import io.hazelray.cli.HazelrayCommand;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.examples.fibonacci.Fibonacci;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;

/** {@code ./hazelray fib [SIZE]}: the seed's Fibonacci, locally and as remote tasks on an embedded member. */
@Command(name = "fib", mixinStandardHelpOptions = true,
        description = "The seed's Fibonacci example: one sequence per CPU, locally, then as remote tasks.")
public final class FibCommand implements HazelrayCommand, Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "100000", paramLabel = "SIZE",
            description = "Sequence size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots and sequences (default: the machine's cores).")
    Integer cpus;

    @Option(names = "--no-warmup",
            description = "Time each path cold, as the seed does, one pass each (the first run then pays the JIT's warm-up).")
    boolean noWarmup;

    // One timed pass of 0.15-0.3 s on a 2-core machine swings 1.3-2.4x with what else runs (the
    // JIT's late compilations, other processes): the median of a few alternating passes is steady.
    @Option(names = "--passes", paramLabel = "N",
            description = "Timed passes of each path, alternating; the speedup is the ratio of their medians"
                    + " (default: 3; 1 with --no-warmup).")
    Integer passes;

    @Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (size < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "SIZE must be 0 or more, was " + size);
        }
        int rounds = passes != null ? passes : noWarmup ? 1 : 3;
        if (rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--passes must be at least 1, was " + rounds);
        }
        if (cpus != null && cpus < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cpus must be at least 1, was " + cpus);
        }
        int n = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        double perSequence = bytesPerSequence(size);
        long heap = Runtime.getRuntime().maxMemory();
        if (perSequence * n > heap * 0.9) {
            // The seed keeps every term, and the remote run holds one sequence per CPU at once: fail
            // now, in words, rather than after a minute of work with an OutOfMemoryError.
            long fits = (long) Math.sqrt(heap * 0.9 / n / BYTES_PER_TERM_SQUARED);
            spec.commandLine().getErr().printf(Locale.ROOT, "error: fib %d needs about %.1f GB of memory (the seed keeps every term:"
                    + " %.1f GB per sequence, %d sequences at once), this JVM may use %.1f GB. Give a SIZE up to about %d,"
                    + " fewer --cpus, or more heap (HAZELRAY_JAVA_OPTS=-Xmx%dg ./hazelray fib %d)%n",
                    size, perSequence * n / 1e9, perSequence / 1e9, n, heap / 1e9, fits,
                    (long) Math.ceil(perSequence * n / 0.9 / (1L << 30)), size);
            spec.commandLine().getErr().flush();
            return 1;
        }
        return OneLineErrors.run(spec, () -> {
            try (Hazelray ray = cluster.open(() -> HazelrayOptions.builder().cpus(n))) {
                if (!noWarmup) {
                    // Unlike the seed, both paths run once untimed first: otherwise the local run,
                    // first on a cold JVM, pays the JIT's warm-up and the heap's growth alone.
                    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
                    double local = Fibonacci.runLocal(size, n, quiet);
                    double remote = Fibonacci.runRemote(ray, size, n, quiet);
                    System.out.printf(Locale.ROOT, "Warm-up (not in the seed; --no-warmup skips it): local %.2f s, remote %.2f s%n",
                            local, remote);
                }
                double[] local = new double[rounds];
                double[] remote = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    local[i] = timed(() -> Fibonacci.runLocal(size, n, System.out));
                    remote[i] = timed(() -> Fibonacci.runRemote(ray, size, n, System.out));
                }
                if (rounds == 1) {
                    System.out.printf(Locale.ROOT, "Remote is %.2fx faster than local (%d sequences on %d CPU slots)%n",
                            local[0] / remote[0], n, n);
                } else {
                    System.out.printf(Locale.ROOT, "Remote is %.2fx faster than local (%d sequences on %d CPU slots; median of %d passes"
                            + " each: local %.2f s, remote %.2f s)%n", median(local) / median(remote), n, n, rounds,
                            median(local), median(remote));
                }
            }
            return 0;
        }, e -> e instanceof OutOfMemoryError
                ? "out of memory after computing part of fib " + size + "; give a smaller SIZE or more heap (HAZELRAY_JAVA_OPTS=-Xmx...)"
                : OneLineErrors.message(e));
    }

    /**
     * Runs one timed path from an empty young generation (a collection first, outside the timing):
     * each path then pays only for its own garbage, not for what the one before left behind.
     */
    private double timed(DoubleSupplier path) {
        if (!noWarmup) {
            System.gc();
        }
        return path.getAsDouble();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** F(i) has about i·log2(φ) = 0.694·i bits: the first n terms hold 0.0434·n² bytes, plus an object per term. */
    private static final double BYTES_PER_TERM_SQUARED = 0.694 / 2 / 8;

    static double bytesPerSequence(int size) {
        return BYTES_PER_TERM_SQUARED * (double) size * size + 64.0 * size;
    }
}
