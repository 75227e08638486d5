package io.hazelray.examples.bench;

import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.dashboard.DashboardOptions;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ObjectRef;
import io.hazelray.examples.actors.Counter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

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
        }
        System.out.println();
        report.print(System.out);
        if (json != null) {
            report.writeJson(json);
        }
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
