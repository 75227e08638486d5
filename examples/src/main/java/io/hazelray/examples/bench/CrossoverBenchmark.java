package io.hazelray.examples.bench;

import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.dashboard.DashboardOptions;
import io.hazelray.examples.bench.BenchReport.Spread;
import io.hazelray.examples.fibonacci.Fibonacci;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code ./hazelray bench crossover}: the seed's exercise done for the user. The seed's Fibonacci
 * (one sequence per CPU slot, locally one after the other, remotely as tasks all at once) at sizes
 * 1, 2, 4, ... up to {@code --max-size}, each the median of repeated, warmed runs; the smallest
 * size at which remote beats local, found by bisection between the last grid size where it did
 * not and the first where it did (and did at every larger size); the per-task overhead, the
 * remote time at size 1 (the tasks run at once, so it is one task's round trip); and the curve,
 * speedup against size, as a plot in the terminal.
 */
@Command(name = "crossover", mixinStandardHelpOptions = true,
        description = {"The smallest Fibonacci size at which remote tasks beat local calls on this machine, found by search,"
                + " with the per-task overhead and the speedup curve plotted in the terminal; one embedded member."})
public final class CrossoverBenchmark implements Callable<Integer> {
    @Option(names = "--max-size", paramLabel = "N", defaultValue = "32768",
            description = "The largest sequence size of the curve (default: ${DEFAULT-VALUE}).")
    int maxSize;

    @Option(names = "--min-seconds", paramLabel = "S", defaultValue = "0.3",
            description = "Repeat each measure until it took this long in all, at least 3 and at most 50 times"
                    + " (default: ${DEFAULT-VALUE}).")
    double minSeconds;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots, and sequences per run (default: the machine's cores).")
    Integer cpus;

    @Mixin
    ReportOutput output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** One size's medians, in seconds. */
    record Point(int size, double local, double remote) {
        double speedup() {
            return local / remote;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (maxSize < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-size takes 2 or more, got " + maxSize);
        }
        if (!(minSeconds >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--min-seconds takes 0 or more, got " + minSeconds);
        }
        int slots = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchReport("crossover").context("cpuSlots", slots).context("sequences", slots)
                .context("maxSize", maxSize).context("minSecondsPerMeasure", minSeconds);
        TreeMap<Integer, Point> curve = new TreeMap<>();
        HazelrayOptions options = HazelrayOptions.builder().cpus(slots).clusterName("hazelray-bench-" + UUID.randomUUID())
                .dashboard(DashboardOptions.off()).build();
        try (Hazelray ray = Hazelray.init(options)) {
            for (int i = 0; i < 3; i++) { // warm-up: JIT of both paths, pools, connections
                Fibonacci.runLocal(Math.min(maxSize, 20_000), slots, QUIET);
                Fibonacci.runRemote(ray, Math.min(maxSize, 20_000), slots, QUIET);
            }
            for (int size = 1; size <= maxSize; size *= 2) {
                curve.put(size, measure(ray, size, slots));
            }
            Spread overhead = remoteSpread(ray, 1, slots);
            Integer crossover = search(ray, slots, curve);
            print(curve, crossover, System.out);
            report.add("per-task overhead (remote time at size 1, " + slots + " tasks at once)", overhead.median() * 1e6, "us", null);
            if (crossover != null) {
                Point at = curve.get(crossover);
                report.add("crossover: smallest size where remote beats local", crossover, "terms", null);
                report.add("  local at the crossover", at.local() * 1e3, "ms", null);
                report.add("  remote at the crossover", at.remote() * 1e3, "ms", "  local at the crossover");
            } else {
                report.context("crossover", "none up to " + maxSize + ": remote never beat local for good");
            }
            Point last = curve.lastEntry().getValue();
            report.add("speedup at " + last.size(), last.speedup(), "x", null);
        }
        System.out.println();
        output.emit(report, System.out);
        return 0;
    }

    /**
     * The smallest size from which remote beats local at every measured size above: bisection
     * between the last grid size where it did not and the next one; {@code null} if it never does
     * for good.
     */
    private Integer search(Hazelray ray, int slots, TreeMap<Integer, Point> curve) {
        Integer firstGood = null;
        for (Point p : curve.descendingMap().values()) {
            if (p.speedup() <= 1) {
                break;
            }
            firstGood = p.size();
        }
        if (firstGood == null) {
            return null;
        }
        Integer below = curve.lowerKey(firstGood);
        if (below == null) {
            return firstGood;
        }
        int lo = below;
        int hi = firstGood;
        while (hi - lo > Math.max(1, lo / 16)) { // to within about 6%
            int mid = (lo + hi) >>> 1;
            Point p = measure(ray, mid, slots);
            curve.put(mid, p);
            if (p.speedup() > 1) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private Point measure(Hazelray ray, int size, int slots) {
        List<Double> local = new ArrayList<>();
        List<Double> remote = new ArrayList<>();
        double spent = 0;
        while (local.size() < 3 || spent < minSeconds && local.size() < 50) {
            double l = Fibonacci.runLocal(size, slots, QUIET);
            double r = Fibonacci.runRemote(ray, size, slots, QUIET);
            local.add(l);
            remote.add(r);
            spent += l + r;
        }
        return new Point(size, Spread.of(local).median(), Spread.of(remote).median());
    }

    private Spread remoteSpread(Hazelray ray, int size, int slots) {
        List<Double> remote = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            remote.add(Fibonacci.runRemote(ray, size, slots, QUIET));
        }
        return Spread.of(remote);
    }

    /** The curve: one line per size, the speedup on a log scale, {@code |} at 1x (left of it, local wins). */
    static void print(TreeMap<Integer, Point> curve, Integer crossover, PrintStream out) {
        int width = 48;
        double lo = -3;
        double hi = 1; // 0.001x .. 10x
        int one = (int) Math.round((0 - lo) / (hi - lo) * width);
        out.println();
        out.printf(Locale.ROOT, "%8s %11s %11s %9s  %-" + width + "s%n", "size", "local ms", "remote ms", "speedup",
                "0.001x" + " ".repeat(Math.max(1, one - 7)) + "1x" + " ".repeat(Math.max(1, width - one - 5)) + "10x");
        for (Point p : curve.values()) {
            double x = Math.log10(Math.max(1e-3, Math.min(10, p.speedup())));
            int col = (int) Math.round((x - lo) / (hi - lo) * width);
            char[] line = " ".repeat(width + 1).toCharArray();
            for (int c = Math.min(col, one); c <= Math.max(col, one); c++) {
                line[c] = '-';
            }
            line[one] = '|';
            line[Math.min(width, col)] = '*';
            out.printf(Locale.ROOT, "%8d %11.3f %11.3f %8.2fx  %s%s%n", p.size(), p.local() * 1e3, p.remote() * 1e3, p.speedup(),
                    new String(line), crossover != null && p.size() == crossover ? "  <- crossover" : "");
        }
    }
}
