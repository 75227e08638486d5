package io.hazelray.examples.bench;

import picocli.CommandLine.Mixin;
import io.hazelray.cli.ClusterOptions;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.examples.fibonacci.Fibonacci;
import io.hazelray.core.ObjectRef;
import io.hazelray.examples.bench.BenchReport.Spread;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * {@code ./hazelray bench tasks}: Hazelray tasks and the object store against raw Hazelcast on
 * the same embedded member, in one run: executor round trips one at a time and pipelined (also
 * against Apache Ignite's {@code IgniteCompute.call}/{@code callAsync}, run first in a JVM of its
 * own by {@link IgniteBaselineRun}), {@code put}/{@code get} of 1 KB and 8 MB values against raw
 * {@code IMap.set}/{@code get}, and the Fibonacci speedup of remote over local. With
 * {@code --members 2} a second member runs in a JVM of its own ({@link MemberProcess}).
 */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = {"Hazelray tasks and object store against raw Hazelcast and Apache Ignite's compute grid, on one embedded"
                + " member (--members 2: and a second member JVM; --address: from a client driver of a running cluster).",
            "Every figure is the median of --rounds timed rounds after a warm-up, with its range."})
public final class TasksBenchmark implements Callable<Integer> {
    @Mixin
    ReportOutput output;

    @Option(names = "--sync-calls", paramLabel = "N", defaultValue = "20000",
            description = "Round trips one at a time (default: ${DEFAULT-VALUE}).")
    int syncCalls;

    @Option(names = "--pipelined-calls", paramLabel = "N", defaultValue = "100000",
            description = "Calls in flight at once (default: ${DEFAULT-VALUE}).")
    int pipelinedCalls;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Timed rounds of each measure; the median and range are reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--members", paramLabel = "1|2", defaultValue = "1",
            description = "1: one embedded member; 2: and a second member in a JVM of its own (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--no-ignite", description = "Do not run the Apache Ignite baseline.")
    boolean noIgnite;

    @Option(names = "--skip-objects", description = "Do not measure put/get.")
    boolean skipObjects;

    @Option(names = "--skip-fib", description = "Do not run the Fibonacci comparison.")
    boolean skipFib;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots of the member (default: the machine's cores).")
    Integer cpus;

    @Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (members != 1 && members != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--members takes 1 or 2, got " + members);
        }
        if (members == 2 && cluster.connects()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--members 2 starts a second member next to an embedded one; with --address the cluster is yours");
        }
        for (int n : new int[] {syncCalls, pipelinedCalls, rounds}) {
            if (n < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--sync-calls, --pipelined-calls and --rounds take at least 1, got " + n);
            }
        }
        int slots = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchReport("tasks").context("cpuSlots", slots)
                .context("syncCalls", syncCalls).context("pipelinedCalls", pipelinedCalls).context("rounds", rounds)
                .context("members", members == 2 ? "2: this JVM's embedded member and a 'hazelray member' JVM" : members);
        PrintStream out = System.out;
        report.context("driver", cluster.connects() ? "client of " + cluster.address() : "embedded member");
        Map<String, Spread> ignite = IgniteBaselineRun.addTo(report, noIgnite, List.of("--sync", Integer.toString(syncCalls),
                "--pipelined", Integer.toString(pipelinedCalls), "--rounds", Integer.toString(rounds), "--workloads", "compute"));
        String clusterName = "hazelray-bench-" + UUID.randomUUID();
        try (Hazelray ray = cluster.open(() -> HazelrayOptions.builder().cpus(slots).clusterName(clusterName));
             MemberProcess second = members == 2 ? MemberProcess.join(ray.hazelcast(), clusterName, slots) : null) {
            IExecutorService raw = ray.hazelcast().getExecutorService("bench.raw");
            // Warm-up: JIT, connections, thread pools
            rawSync(raw, Math.min(syncCalls, 2_000));
            rawPipelined(raw, Math.min(pipelinedCalls, 10_000));
            tasksSync(ray, Math.min(syncCalls, 2_000));
            tasksPipelined(ray, Math.min(pipelinedCalls, 10_000));
            List<Double> rawSyncs = new ArrayList<>();
            List<Double> taskSyncs = new ArrayList<>();
            List<Double> rawPipelineds = new ArrayList<>();
            List<Double> taskPipelineds = new ArrayList<>();
            List<Double> rawCpu = new ArrayList<>();
            List<Double> taskCpu = new ArrayList<>();
            for (int r = 0; r < rounds; r++) { // interleaved, so a slower minute of the machine hits both alike
                rawSyncs.add(syncCalls / rawSync(raw, syncCalls));
                taskSyncs.add(syncCalls / tasksSync(ray, syncCalls));
                long cpu = CpuTime.processNanos();
                rawPipelineds.add(pipelinedCalls / rawPipelined(raw, pipelinedCalls));
                rawCpu.add((CpuTime.processNanos() - cpu) / 1e3 / pipelinedCalls);
                cpu = CpuTime.processNanos();
                taskPipelineds.add(pipelinedCalls / tasksPipelined(ray, pipelinedCalls));
                taskCpu.add((CpuTime.processNanos() - cpu) / 1e3 / pipelinedCalls);
            }
            report.add(RAW_SYNC, Spread.of(rawSyncs), "ops/s", null);
            report.add(TASK_SYNC, Spread.of(taskSyncs), "ops/s", RAW_SYNC);
            if (ignite.containsKey(IGNITE_SYNC)) {
                report.compare(TASK_SYNC, IGNITE_SYNC);
            }
            report.add(RAW_PIPELINED, Spread.of(rawPipelineds), "ops/s", null);
            report.add(TASK_PIPELINED, Spread.of(taskPipelineds), "ops/s", RAW_PIPELINED);
            if (ignite.containsKey(IGNITE_PIPELINED)) {
                report.compare(TASK_PIPELINED, IGNITE_PIPELINED);
            }
            // CPU time of this process per call: what a loaded, shared machine disturbs least
            report.add(RAW_PIPELINED + ", CPU per call", Spread.of(rawCpu), "us", null);
            report.add(TASK_PIPELINED + ", CPU per call", Spread.of(taskCpu), "us", RAW_PIPELINED + ", CPU per call");
            if (!skipObjects) {
                measureObjects(ray, report);
            }
            if (!skipFib) {
                Fibonacci.runLocal(100_000, slots, out); // warm-up
                Fibonacci.runRemote(ray, 100_000, slots, out);
                double local = Fibonacci.runLocal(100_000, slots, out);
                double remote = Fibonacci.runRemote(ray, 100_000, slots, out);
                report.add("fibonacci 100000 x " + slots + ", local", local, "s", null);
                report.add("fibonacci 100000 x " + slots + ", remote", remote, "s", "fibonacci 100000 x " + slots + ", local");
                report.add("fibonacci 100000 x " + slots + ", remote speedup over local", local / remote, "x", null);
            }
        }
        out.println();
        output.emit(report, out);
        return 0;
    }

    private static final String RAW_SYNC = "raw executor submit, sync";
    private static final String TASK_SYNC = "hazelray task, sync";
    private static final String RAW_PIPELINED = "raw executor submit, pipelined";
    private static final String TASK_PIPELINED = "hazelray task, pipelined";
    private static final String IGNITE_SYNC = "ignite compute call, sync";
    private static final String IGNITE_PIPELINED = "ignite compute callAsync, pipelined";

    private void measureObjects(Hazelray ray, BenchReport report) {
        IMap<String, byte[]> map = ray.hazelcast().getMap("bench.raw");
        for (int size : new int[] {1024, 8 << 20}) {
            // 8 MB: few enough that a round's garbage (about 24 MB a set or put, serializing included)
            // fits in the young generation, so no collection pause lands on one op of a pair
            int count = size > 1 << 20 ? 16 : 5_000;
            String label = size > 1 << 20 ? "8 MB" : "1 KB";
            byte[] value = new byte[size];
            putGet(map, ray, value, count, 0); // warm-up
            double mb = (double) size * count / (1 << 20);
            List<Double> rawSets = new ArrayList<>();
            List<Double> rawGets = new ArrayList<>();
            List<Double> puts = new ArrayList<>();
            List<Double> gets = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double[] times = putGet(map, ray, value, count, r);
                rawSets.add(mb / times[0]);
                puts.add(mb / times[1]);
                rawGets.add(mb / times[2]);
                gets.add(mb / times[3]);
            }
            report.add("raw IMap.set " + label, Spread.of(rawSets), "MB/s", null);
            report.add("hazelray put " + label, Spread.of(puts), "MB/s", "raw IMap.set " + label);
            report.add("raw IMap.get " + label, Spread.of(rawGets), "MB/s", null);
            report.add("hazelray get " + label, Spread.of(gets), "MB/s", "raw IMap.get " + label);
        }
    }

    /**
     * {@code count} raw {@code IMap.set} and {@code count} {@code put}, one of each in turn (who goes
     * first alternates), then as many {@code get}s the same way: a slower moment of a shared machine
     * falls on both alike, which blocks of thousands of each do not ensure; a full collection first.
     *
     * @return seconds of raw set, put, raw get, get
     */
    private static double[] putGet(IMap<String, byte[]> map, Hazelray ray, byte[] value, int count, int round) {
        long[] nanos = new long[4];
        List<ObjectRef<byte[]>> refs = new ArrayList<>(count);
        System.gc(); // what earlier rounds left is collected before, not during, this one
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 2; k++) {
                boolean raw = ((i + k + round) & 1) == 0;
                long start = System.nanoTime();
                if (raw) {
                    map.set("k" + i, value);
                } else {
                    refs.add(ray.put(value));
                }
                nanos[raw ? 0 : 1] += System.nanoTime() - start;
            }
        }
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < 2; k++) {
                boolean raw = ((i + k + round) & 1) == 0;
                long start = System.nanoTime();
                if (raw) {
                    map.get("k" + i);
                } else {
                    ray.get(refs.get(i));
                }
                nanos[raw ? 2 : 3] += System.nanoTime() - start;
            }
        }
        map.clear();
        ray.free(refs);
        return new double[] {nanos[0] / 1e9, nanos[1] / 1e9, nanos[2] / 1e9, nanos[3] / 1e9};
    }

    /** A task that does nothing, as a Serializable Callable for the raw executor. */
    static final class Noop implements Callable<Integer>, Serializable {
        @Override
        public Integer call() {
            return 1;
        }
    }

    static int noop() {
        return 1;
    }

    private static double rawSync(IExecutorService executor, int n) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            executor.submit(new Noop()).get();
        }
        return seconds(start);
    }

    private static double rawPipelined(IExecutorService executor, int n) throws Exception {
        long start = System.nanoTime();
        List<Future<Integer>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(executor.submit(new Noop()));
        }
        for (Future<Integer> f : futures) {
            f.get();
        }
        return seconds(start);
    }

    private static double tasksSync(Hazelray ray, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            ray.get(ray.task(TasksBenchmark::noop).remote());
        }
        return seconds(start);
    }

    private static double tasksPipelined(Hazelray ray, int n) {
        long start = System.nanoTime();
        List<ObjectRef<Integer>> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            refs.add(ray.task(TasksBenchmark::noop).remote());
        }
        ray.get(refs);
        return seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
