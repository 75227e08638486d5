package io.hazelray.examples.bench;

import picocli.CommandLine.Mixin;
import io.hazelray.cli.ClusterOptions;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.examples.fibonacci.Fibonacci;
import io.hazelray.core.ObjectRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * {@code ./hazelray bench tasks}: Hazelray tasks and the object store against raw Hazelcast on
 * the same embedded member, in one run: executor round trips one at a time and pipelined,
 * {@code put}/{@code get} of 1 KB and 8 MB values against raw {@code IMap.set}/{@code get}, and
 * the Fibonacci speedup of remote over local.
 */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Hazelray tasks and object store against raw Hazelcast, on one embedded member"
                + " (or, with --address, from a client driver of a running cluster).")
public final class TasksBenchmark implements Callable<Integer> {
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--sync-calls", paramLabel = "N", defaultValue = "20000",
            description = "Round trips one at a time (default: ${DEFAULT-VALUE}).")
    int syncCalls;

    @Option(names = "--pipelined-calls", paramLabel = "N", defaultValue = "100000",
            description = "Calls in flight at once (default: ${DEFAULT-VALUE}).")
    int pipelinedCalls;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots of the member (default: the machine's cores).")
    Integer cpus;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        int slots = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchReport("tasks").context("cpuSlots", slots)
                .context("syncCalls", syncCalls).context("pipelinedCalls", pipelinedCalls);
        PrintStream out = System.out;
        report.context("driver", cluster.connects() ? "client of " + cluster.address() : "embedded member");
        try (Hazelray ray = cluster.open(() -> HazelrayOptions.builder().cpus(slots).clusterName("hazelray-bench"))) {
            IExecutorService raw = ray.hazelcast().getExecutorService("bench.raw");
            // Warm-up: JIT, connections, thread pools
            rawSync(raw, 2_000);
            rawPipelined(raw, 10_000);
            tasksSync(ray, 2_000);
            tasksPipelined(ray, 10_000);

            report.add("raw executor submit, sync", syncCalls / rawSync(raw, syncCalls), "ops/s", null);
            report.add("hazelray task, sync", syncCalls / tasksSync(ray, syncCalls), "ops/s", "raw executor submit, sync");
            report.add("raw executor submit, pipelined", pipelinedCalls / rawPipelined(raw, pipelinedCalls), "ops/s", null);
            report.add("hazelray task, pipelined", pipelinedCalls / tasksPipelined(ray, pipelinedCalls), "ops/s",
                    "raw executor submit, pipelined");

            IMap<String, byte[]> map = ray.hazelcast().getMap("bench.raw");
            for (int size : new int[] {1024, 8 << 20}) {
                int rounds = size > 1 << 20 ? 20 : 5_000;
                String label = size > 1 << 20 ? "8 MB" : "1 KB";
                byte[] value = new byte[size];
                rawPutGet(map, value, rounds); // warm-up
                putGet(ray, value, rounds);
                double[] rawTimes = rawPutGet(map, value, rounds);
                double[] rayTimes = putGet(ray, value, rounds);
                double mb = (double) size * rounds / (1 << 20);
                report.add("raw IMap.set " + label, mb / rawTimes[0], "MB/s", null);
                report.add("hazelray put " + label, mb / rayTimes[0], "MB/s", "raw IMap.set " + label);
                report.add("raw IMap.get " + label, mb / rawTimes[1], "MB/s", null);
                report.add("hazelray get " + label, mb / rayTimes[1], "MB/s", "raw IMap.get " + label);
            }

            Fibonacci.runLocal(100_000, slots, out); // warm-up
            Fibonacci.runRemote(ray, 100_000, slots, out);
            double local = Fibonacci.runLocal(100_000, slots, out);
            double remote = Fibonacci.runRemote(ray, 100_000, slots, out);
            report.add("fibonacci 100000 x " + slots + ", local", local, "s", null);
            report.add("fibonacci 100000 x " + slots + ", remote", remote, "s", "fibonacci 100000 x " + slots + ", local");
        }
        out.println();
        report.print(out);
        if (json != null) {
            report.writeJson(json);
        }
        return 0;
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

    private static double[] rawPutGet(IMap<String, byte[]> map, byte[] value, int rounds) {
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            map.set("k" + i, value);
        }
        double put = seconds(start);
        start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            map.get("k" + i);
        }
        double get = seconds(start);
        map.clear();
        return new double[] {put, get};
    }

    private static double[] putGet(Hazelray ray, byte[] value, int rounds) {
        List<ObjectRef<byte[]>> refs = new ArrayList<>(rounds);
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            refs.add(ray.put(value));
        }
        double put = seconds(start);
        start = System.nanoTime();
        for (ObjectRef<byte[]> ref : refs) {
            ray.get(ref);
        }
        double get = seconds(start);
        ray.free(refs);
        return new double[] {put, get};
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
