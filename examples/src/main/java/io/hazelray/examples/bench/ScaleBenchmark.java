package io.hazelray.examples.bench;

import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.dashboard.DashboardOptions;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ObjectRef;
import io.hazelray.datasets.gsod.GsodGenerator;
import io.hazelray.examples.actors.Counter;
import io.hazelray.examples.gsod.GsodActorsJob;
import io.hazelray.examples.gsod.GsodAnswer;
import io.hazelray.examples.gsod.GsodJetPipeline;
import io.hazelray.examples.gsod.GsodQuestion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./hazelray bench scale}: how cost grows with the work in flight, on one embedded member.
 *
 * <p><b>Tasks.</b> For 10^3, 10^4, ... up to {@code --max-tasks}: every CPU slot is first taken
 * by a task that waits on a gate, then N no-op tasks are submitted, so all N are in flight at
 * once (sent, queued on the member behind the gate); the heap used after a full collection, less
 * the heap used before, over N, is the memory per task in flight (the driver's refs and
 * submissions and the member's queued calls: both are in this JVM). Then the gate opens and the
 * time until every result is back gives the tasks per second, submission included.
 *
 * <p><b>Actors.</b> {@code --actor-calls} pipelined {@code Counter.increment} calls spread round
 * robin over 1, 64 and 4,096 actors (the counts of {@code --actors}), calls per second.
 *
 * <p><b>The GSOD job</b>, with {@code --gsod-stations N}: both engines on generated pairs of years
 * of N, 2N and 4N stations (the real archives have about 12,000), written once into
 * {@code --gsod-dir} and reused; the median of three runs each, and the slope of a straight line
 * through the times (seconds per 1,000 stations), with how far the 4N time is from 4x the N time.
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"How cost grows: tasks/s and heap per task in flight at 10^3 .. --max-tasks tasks in flight,"
                + " and pipelined actor calls/s over 1, 64 and 4096 actors; one embedded member."})
public final class ScaleBenchmark implements Callable<Integer> {
    @Option(names = "--max-tasks", paramLabel = "N", defaultValue = "100000",
            description = "The largest number of tasks in flight, a power of ten from 1000 (default: ${DEFAULT-VALUE}).")
    int maxTasks;

    @Option(names = "--actors", split = ",", paramLabel = "N,N,...", defaultValue = "1,64,4096",
            description = "Actor counts (default: ${DEFAULT-VALUE}).")
    List<Integer> actorCounts;

    @Option(names = "--actor-calls", paramLabel = "N", defaultValue = "100000",
            description = "Pipelined calls per actor count (default: ${DEFAULT-VALUE}).")
    int actorCalls;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots of the member (default: the machine's cores).")
    Integer cpus;

    @Option(names = "--gsod-stations", paramLabel = "N",
            description = "Also time the GSOD job on generated years of N, 2N and 4N stations (the real archives have"
                    + " about 12,000; generated once into --gsod-dir, minutes for 12000).")
    Integer gsodStations;

    @Option(names = "--gsod-dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}/hazelray-gsod-scale",
            description = "Where the generated years are kept between runs (default: ${DEFAULT-VALUE}).")
    Path gsodDir;

    @Mixin
    ReportOutput output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The gate the holding tasks wait on (they run in this JVM: the member is embedded). */
    private static volatile CountDownLatch gate = new CountDownLatch(0);
    private static final AtomicInteger HOLDING = new AtomicInteger();

    static int hold() throws InterruptedException {
        HOLDING.incrementAndGet();
        try {
            if (!gate.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the gate was never opened");
            }
            return 1;
        } finally {
            HOLDING.decrementAndGet();
        }
    }

    static int noop() {
        return 1;
    }

    @Override
    public Integer call() throws Exception {
        if (maxTasks < 1000 || Math.round(Math.pow(10, Math.round(Math.log10(maxTasks)))) != maxTasks) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-tasks takes a power of ten from 1000, got " + maxTasks);
        }
        if (gsodStations != null && gsodStations < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--gsod-stations takes a positive number, got "
                    + gsodStations);
        }
        if (actorCalls < 1 || actorCounts.stream().anyMatch(n -> n < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--actors and --actor-calls take positive numbers");
        }
        int slots = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchReport("scale").context("cpuSlots", slots).context("maxTasks", maxTasks)
                .context("actorCalls", actorCalls);
        HazelrayOptions options = HazelrayOptions.builder().cpus(slots).clusterName("hazelray-bench-" + UUID.randomUUID())
                .dashboard(DashboardOptions.off()).build();
        try (Hazelray ray = Hazelray.init(options)) {
            inFlight(ray, slots, Math.min(maxTasks, 10_000), null); // warm-up
            for (int n = 1000; n <= maxTasks; n *= 10) {
                inFlight(ray, slots, n, report);
            }
            actors(ray, report);
            if (gsodStations != null) {
                gsod(ray, gsodStations, gsodDir, report);
            }
        }
        System.out.println();
        output.emit(report, System.out);
        return 0;
    }

    private static void inFlight(Hazelray ray, int slots, int n, BenchReport report) throws InterruptedException {
        gate = new CountDownLatch(1);
        List<ObjectRef<Integer>> holders = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            holders.add(ray.task(ScaleBenchmark::hold).remote());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (HOLDING.get() < slots) {
            if (System.nanoTime() > deadline) {
                gate.countDown();
                throw new IllegalStateException("the holding tasks did not start within 60 s");
            }
            Thread.sleep(5);
        }
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        List<ObjectRef<Integer>> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            refs.add(ray.task(ScaleBenchmark::noop).remote());
        }
        double submit = (System.nanoTime() - start) / 1e9;
        long heapInFlight = usedHeapAfterGc();
        long drainStart = System.nanoTime();
        gate.countDown();
        ray.get(refs);
        double drain = (System.nanoTime() - drainStart) / 1e9;
        ray.get(holders);
        if (report != null) {
            String label = String.format("%,d tasks in flight", n);
            report.add(label + ": tasks/s (submit + run)", n / (submit + drain), "ops/s", null);
            report.add(label + ": submitted/s", n / submit, "ops/s", null);
            report.add(label + ": heap per task in flight", Math.max(0, heapInFlight - heapBefore) / (double) n, "bytes", null);
            System.out.printf("%,d in flight: %.2f s to submit, %.2f s to run, %,d bytes each%n", n, submit, drain,
                    Math.max(0, heapInFlight - heapBefore) / n);
        }
    }

    private void actors(Hazelray ray, BenchReport report) {
        for (int count : actorCounts) {
            List<ActorHandle<Counter>> counters = new ArrayList<>(count);
            long created = System.nanoTime();
            for (int i = 0; i < count; i++) {
                counters.add(ray.actor(Counter::new, 0).remote());
            }
            List<ObjectRef<Integer>> ready = new ArrayList<>(count);
            for (ActorHandle<Counter> c : counters) {
                ready.add(c.task(Counter::value).remote());
            }
            ray.get(ready);
            double createSeconds = (System.nanoTime() - created) / 1e9;
            pipelined(ray, counters, Math.min(actorCalls, 20_000)); // warm-up
            double seconds = pipelined(ray, counters, actorCalls);
            String label = String.format("%,d actor%s", count, count == 1 ? "" : "s");
            report.add(label + ": pipelined calls/s", actorCalls / seconds, "ops/s",
                    count == actorCounts.get(0) ? null : String.format("%,d actor%s: pipelined calls/s", actorCounts.get(0),
                            actorCounts.get(0) == 1 ? "" : "s"));
            report.add(label + ": created and ready/s", count / createSeconds, "ops/s", null);
            System.out.printf("%,d actors: %.0f calls/s%n", count, actorCalls / seconds);
            for (ActorHandle<Counter> c : counters) {
                ray.kill(c);
            }
        }
    }

    /** Both GSOD engines on N, 2N and 4N stations; the slope of time over stations. */
    private static void gsod(Hazelray ray, int base, Path root, BenchReport report) throws IOException {
        int[] sizes = {base, 2 * base, 4 * base};
        Map<String, double[]> seconds = new LinkedHashMap<>();
        for (int k = 0; k < sizes.length; k++) {
            Path dir = root.resolve(Integer.toString(sizes[k]));
            for (int year : new int[] {GSOD_YEAR, GSOD_YEAR + 1}) {
                if (!Files.isRegularFile(dir.resolve(year + ".tar.gz"))) {
                    Files.createDirectories(dir);
                    System.out.printf("generating %d.tar.gz with %,d stations in %s ...%n", year, sizes[k], dir);
                    GsodGenerator.of(year, sizes[k], 7).writeTo(dir);
                }
            }
            GsodQuestion q = new GsodQuestion(GSOD_YEAR, GSOD_YEAR + 1, 90.0, dir);
            for (String engine : List.of("jet", "actors")) {
                List<Double> runs = new ArrayList<>();
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    GsodAnswer answer = engine.equals("jet") ? GsodJetPipeline.run(ray, q) : GsodActorsJob.run(ray, q);
                    runs.add((System.nanoTime() - start) / 1e9);
                    if (answer.commonStations() == 0) {
                        throw new IllegalStateException("no station in common in " + dir);
                    }
                }
                BenchReport.Spread spread = BenchReport.Spread.of(runs);
                seconds.computeIfAbsent(engine, e -> new double[sizes.length])[k] = spread.median();
                report.add(String.format("gsod %s, %,d stations a year", engine, sizes[k]), spread, "s", null);
                System.out.printf("gsod %s, %,d stations: %.2f s%n", engine, sizes[k], spread.median());
            }
        }
        for (Map.Entry<String, double[]> e : seconds.entrySet()) {
            double[] t = e.getValue();
            report.add("gsod " + e.getKey() + ": slope", 1000 * slope(sizes, t), "s per 1000 stations", null);
            report.add("gsod " + e.getKey() + ": time at 4N / time at N", t[2] / t[0], "x (4 is linear)", null);
        }
    }

    private static final int GSOD_YEAR = 2101; // generated years, never a real archive's

    /** Least squares slope of {@code y} over {@code x}. */
    private static double slope(int[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= x.length;
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return num / den;
    }

    private static double pipelined(Hazelray ray, List<ActorHandle<Counter>> counters, int calls) {
        List<ObjectRef<Integer>> refs = new ArrayList<>(calls);
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            refs.add(counters.get(i % counters.size()).task(Counter::increment).remote());
        }
        ray.get(refs);
        return (System.nanoTime() - start) / 1e9;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
