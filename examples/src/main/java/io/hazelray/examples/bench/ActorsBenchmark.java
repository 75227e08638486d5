package io.hazelray.examples.bench;

import java.util.stream.Collectors;
import com.hazelcast.config.InMemoryFormat;
import io.hazelray.HazelrayOptions;
import io.hazelray.actors.Durability;
import io.hazelray.runtime.Members;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.Offloadable;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.ActorRuntime;
import io.hazelray.actors.Actors;
import io.hazelray.actors.ReadOnly;
import io.hazelray.examples.actors.Counter;
import io.hazelray.examples.bench.BenchReport.Spread;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./hazelray bench actors}: Hazelray actor calls against raw Hazelcast entry processors, in
 * one run, on one member and on a two-member cluster (both members in this JVM, over loopback
 * sockets): a trivial increment one call at a time and pipelined, on one actor (key) and spread
 * over many; then how the backup gets a new state, for a 1 KB and a large state: replaying the
 * call on the backup (Hazelcast's default backup processor) against shipping the serialized state
 * (what Hazelray does), and a read-only call on the large state.
 */
@Command(name = "actors", mixinStandardHelpOptions = true,
        description = "Hazelray actor calls against raw Hazelcast entry processors (on one and two members)"
                + " and Apache Ignite's invoke (one node).")
public final class ActorsBenchmark implements Callable<Integer> {
    private static final int FACTORY_ID = 7_399;
    private static final long WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(3);

    @Mixin
    ReportOutput output;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "20000",
            description = "Calls made one at a time, per measurement (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--pipelined-calls", paramLabel = "N", defaultValue = "100000",
            description = "Calls in flight at once, per measurement (default: ${DEFAULT-VALUE}).")
    int pipelinedCalls;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Timed rounds of each call measure, raw and actor interleaved; the median and range are"
                    + " reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--actors", paramLabel = "N", defaultValue = "64",
            description = "Actors (and raw keys) pipelined calls are spread over (default: ${DEFAULT-VALUE}).")
    int actorCount;

    @Option(names = "--large-state-mb", paramLabel = "MB", defaultValue = "50",
            description = "The large state of the backup comparison (default: ${DEFAULT-VALUE}).")
    int largeStateMb;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots of each member (default: the machine's cores).")
    Integer cpus;

    @Option(names = "--no-ignite", description = "Do not run the Apache Ignite baseline (IgniteCache.invoke on one node).")
    boolean noIgnite;

    @Option(names = "--skip-backups", description = "Do not run the backup comparison (the two-member state shipping).")
    boolean skipBackups;

    @Option(names = "--skip-durability", description = "Do not run the durability modes' comparison.")
    boolean skipDurability;

    /** The Ignite figures, by name, once measured. */
    private Map<String, BenchReport.Spread> ignite = Map.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ActorsBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int slots = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchReport("actors").context("cpuSlots", slots)
                .context("calls", calls).context("pipelinedCalls", pipelinedCalls).context("actors", actorCount)
                .context("twoMembers", "both in this JVM, loopback sockets; calls from one to actors owned by the other")
                .context("commonPoolParallelism", System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism"));
        PrintStream out = System.out;
        ignite = IgniteBaselineRun.addTo(report, noIgnite, List.of("--sync", Integer.toString(calls),
                "--pipelined", Integer.toString(pipelinedCalls), "--keys", Integer.toString(actorCount),
                "--rounds", Integer.toString(rounds), "--workloads", "invoke"));
        try (Cluster cluster = Cluster.start(1, slots)) {
            measureCalls(report, cluster, "1 member");
        }
        try (Cluster cluster = Cluster.start(2, slots)) {
            measureCalls(report, cluster, "2 members");
            if (!skipBackups) {
                measureBackups(report, cluster);
            }
            if (!skipDurability) {
                measureDurability(report, cluster);
            }
            report.context("actorMetrics", cluster.members.stream()
                    .map(hz -> Actors.metrics(hz).summary()).collect(Collectors.joining("; ")));
        }
        out.println();
        output.emit(report, out);
        return 0;
    }

    // ---- call round trips ----------------------------------------------------------------------

    private void measureCalls(BenchReport report, Cluster cluster, String label) {
        IMap<String, Integer> raw = cluster.caller.getMap("bench.raw");
        List<String> keys = cluster.keysOwnedByTarget(actorCount);
        try (TaskRuntime tasks = Tasks.driver(cluster.caller)) {
            ActorRuntime actors = Actors.runtime(tasks);
            List<ActorHandle<Counter>> counters = new ArrayList<>();
            while (counters.size() < actorCount) {
                ActorHandle<Counter> c = actors.actor(Counter::new, 0).remote();
                if (cluster.ownedByTarget(c.actorId())) {
                    counters.add(c);
                } else {
                    actors.kill(c);
                }
            }
            for (ActorHandle<Counter> c : counters) {
                tasks.get(c.task(Counter::value).remote());
            }
            // warm-up: JIT, connections, pools. By time, not by count: the actor path has more code
            // for the JIT to compile than the raw one, and 5,000 calls left it partly interpreted.
            for (long end = System.nanoTime() + WARM_UP_NANOS; System.nanoTime() < end; ) {
                rawSync(raw, keys.get(0), 5_000);
                actorSync(tasks, counters.get(0), 5_000);
                rawPipelined(raw, keys, 20_000);
                actorPipelined(tasks, counters, 20_000);
            }

            List<String> keyOne = keys.subList(0, 1);
            List<ActorHandle<Counter>> actorOne = counters.subList(0, 1);
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) { // interleaved, so a slower minute of the machine hits both alike
                long cpu = CpuTime.processNanos();
                long allocated = Allocation.liveThreadsBytes();
                sample(samples, "rawSync", calls / rawSync(raw, keys.get(0), calls));
                sample(samples, "rawSyncCpu", (CpuTime.processNanos() - cpu) / 1e3 / calls);
                sample(samples, "rawSyncBytes", (Allocation.liveThreadsBytes() - allocated) / (double) calls);
                cpu = CpuTime.processNanos();
                allocated = Allocation.liveThreadsBytes();
                sample(samples, "actorSync", calls / actorSync(tasks, counters.get(0), calls));
                sample(samples, "actorSyncCpu", (CpuTime.processNanos() - cpu) / 1e3 / calls);
                sample(samples, "actorSyncBytes", (Allocation.liveThreadsBytes() - allocated) / (double) calls);
                sample(samples, "rawOne", pipelinedCalls / rawPipelined(raw, keyOne, pipelinedCalls));
                sample(samples, "actorOne", pipelinedCalls / actorPipelined(tasks, actorOne, pipelinedCalls));
                sample(samples, "rawMany", pipelinedCalls / rawPipelined(raw, keys, pipelinedCalls));
                sample(samples, "actorMany", pipelinedCalls / actorPipelined(tasks, counters, pipelinedCalls));
            }
            String rawSync = "raw executeOnKey, sync, " + label;
            report.add(rawSync, Spread.of(samples.get("rawSync")), "ops/s", null);
            report.add("actor call, sync, " + label, Spread.of(samples.get("actorSync")), "ops/s", rawSync);
            compareIgnite(report, "actor call, sync, " + label, "ignite invoke, sync", label);
            // CPU time of this process per call (both members' threads, when two): where a call's cost goes
            report.add(rawSync + ", CPU per call", Spread.of(samples.get("rawSyncCpu")), "us", null);
            report.add("actor call, sync, " + label + ", CPU per call", Spread.of(samples.get("actorSyncCpu")), "us",
                    rawSync + ", CPU per call");
            // heap allocated per call, by every thread of this process (the garbage collector's share of the cost)
            report.add(rawSync + ", bytes allocated per call", Spread.of(samples.get("rawSyncBytes")), "B", null);
            report.add("actor call, sync, " + label + ", bytes allocated per call", Spread.of(samples.get("actorSyncBytes")), "B",
                    rawSync + ", bytes allocated per call");
            String rawOne = "raw submitToKey, pipelined, 1 key, " + label;
            report.add(rawOne, Spread.of(samples.get("rawOne")), "ops/s", null);
            report.add("actor calls, pipelined, 1 actor, " + label, Spread.of(samples.get("actorOne")), "ops/s", rawOne);
            compareIgnite(report, "actor calls, pipelined, 1 actor, " + label, "ignite invokeAsync, pipelined, 1 key", label);
            String rawMany = "raw submitToKey, pipelined, " + actorCount + " keys, " + label;
            report.add(rawMany, Spread.of(samples.get("rawMany")), "ops/s", null);
            report.add("actor calls, pipelined, " + actorCount + " actors, " + label, Spread.of(samples.get("actorMany")),
                    "ops/s", rawMany);
            compareIgnite(report, "actor calls, pipelined, " + actorCount + " actors, " + label,
                    "ignite invokeAsync, pipelined, " + actorCount + " keys", label);
        }
        raw.destroy();
    }

    private static void sample(Map<String, List<Double>> samples, String measure, double value) {
        samples.computeIfAbsent(measure, k -> new ArrayList<>()).add(value);
    }

    /** Ignite ran on one node: its figures are compared with the one-member ones. */
    private void compareIgnite(BenchReport report, String row, String igniteRow, String label) {
        if (label.equals("1 member") && ignite.containsKey(igniteRow)) {
            report.compare(row, igniteRow);
        }
    }

    private static double rawSync(IMap<String, Integer> map, String key, int n) {
        Increment increment = new Increment();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            map.executeOnKey(key, increment);
        }
        return seconds(start);
    }

    private static double rawPipelined(IMap<String, Integer> map, List<String> keys, int n) {
        Increment increment = new Increment();
        List<CompletableFuture<Integer>> futures = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            futures.add(map.submitToKey(keys.get(i % keys.size()), increment).toCompletableFuture());
        }
        for (CompletableFuture<Integer> f : futures) {
            f.join();
        }
        return seconds(start);
    }

    private static double actorSync(TaskRuntime tasks, ActorHandle<Counter> counter, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tasks.get(counter.task(Counter::increment).remote());
        }
        return seconds(start);
    }

    private static double actorPipelined(TaskRuntime tasks, List<ActorHandle<Counter>> counters, int n) {
        List<ObjectRef<Integer>> refs = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            refs.add(counters.get(i % counters.size()).task(Counter::increment).remote());
        }
        for (ObjectRef<Integer> ref : refs) {
            tasks.get(ref);
        }
        return seconds(start);
    }

    // ---- backup strategies -----------------------------------------------------------------------

    /**
     * A mutating call that changes one byte of the state, with the state on the target member and
     * its backup on the caller: replayed on the backup by Hazelcast (the same entry processor, run
     * in place on the partition thread, OBJECT format; and the same offloaded, which makes
     * Hazelcast copy the state for every call), against Hazelray's actor call, which serializes
     * the new state and ships it. Then a read-only call on the same actor.
     */
    private void measureBackups(BenchReport report, Cluster cluster) {
        IMap<String, Blob> replayMap = cluster.caller.getMap("bench.replay");
        try (TaskRuntime tasks = Tasks.driver(cluster.caller)) {
            ActorRuntime actors = Actors.runtime(tasks);
            for (int size : new int[] {1024, largeStateMb << 20}) {
                boolean large = size != 1024;
                String state = large ? largeStateMb + " MB state" : "1 KB state";
                int rounds = large ? 10 : Math.max(1_000, calls / 4);
                String key = cluster.keysOwnedByTarget(1).get(0);
                replayMap.set(key, new Blob(size));
                ActorHandle<Blob> blob;
                do {
                    blob = actors.actor(Blob::new, size).remote();
                } while (!cluster.ownedByTarget(blob.actorId()));
                tasks.get(blob.task(Blob::touches).remote());
                // warm-up
                replay(replayMap, key, new Touch(), Math.min(rounds, 200));
                replay(replayMap, key, new OffloadedTouch(), Math.min(rounds, 20));
                actorTouch(tasks, blob, Math.min(rounds, 20));

                String replayName = "replay the call on the backup (raw EP, in place), " + state;
                report.add(replayName, rounds / replay(replayMap, key, new Touch(), rounds), "ops/s", null);
                report.add("replay, Offloadable EP (Hazelcast copies the state), " + state,
                        rounds / replay(replayMap, key, new OffloadedTouch(), rounds), "ops/s", replayName);
                long bytesBefore = cluster.backupBytes();
                long backupsBefore = cluster.backupsApplied();
                report.add("ship the state (hazelray actor call), " + state,
                        rounds / actorTouch(tasks, blob, rounds), "ops/s", replayName);
                long backups = cluster.backupsApplied() - backupsBefore;
                report.add("  bytes shipped per mutating call, " + state,
                        backups == 0 ? 0 : (double) (cluster.backupBytes() - bytesBefore) / backups, "bytes", null);
                long readOnlyBackups = cluster.backupsApplied();
                report.add("read-only actor call (nothing shipped), " + state,
                        rounds / actorRead(tasks, blob, rounds), "ops/s", replayName);
                if (cluster.backupsApplied() != readOnlyBackups) {
                    throw new IllegalStateException("a read-only call sent a backup");
                }
                actors.kill(blob);
                replayMap.delete(key);
            }
        }
        replayMap.destroy();
    }

    /**
     * Mutating calls one at a time on a 1 KB and a large state (owned by the other member, its
     * backup on the caller's) in each durability mode: every call stored on two members (the
     * default), a checkpoint about once a second (every 10,000 calls or 1 s), the owner only. Ratios are to every-call.
     */
    private void measureDurability(BenchReport report, Cluster cluster) {
        Durability checkpoint = Durability.checkpoint(10_000, Duration.ofSeconds(1)); // about once a second
        try (TaskRuntime tasks = Tasks.driver(cluster.caller)) {
            ActorRuntime actors = Actors.runtime(tasks);
            for (int size : new int[] {1024, largeStateMb << 20}) {
                String state = size == 1024 ? "1 KB state" : largeStateMb + " MB state";
                String baseline = null;
                for (Durability mode : List.of(Durability.everyCall(), checkpoint, Durability.ownerOnly())) {
                    boolean slow = size != 1024 && mode.mode() == Durability.EVERY_CALL;
                    int rounds = slow ? 10 : Math.max(2_000, calls / 4);
                    // long enough to include checkpoints (about one a second): at least 3 s
                    ActorHandle<Blob> blob;
                    do {
                        blob = actors.actor(Blob::new, size).durability(mode).remote();
                    } while (!cluster.ownedByTarget(blob.actorId()));
                    tasks.get(blob.task(Blob::touches).remote());
                    actorTouch(tasks, blob, slow ? 3 : Math.min(rounds, 1_000)); // warm-up
                    long bytesBefore = cluster.backupBytes();
                    String name = "durability " + mode + ", mutating calls one at a time, " + state;
                    long start = System.nanoTime();
                    long done = 0;
                    do {
                        actorTouch(tasks, blob, rounds);
                        done += rounds;
                    } while (!slow && System.nanoTime() - start < 3_000_000_000L);
                    report.add(name, done / seconds(start), "ops/s", baseline);
                    report.add("  bytes backed up per call, " + mode + ", " + state,
                            (double) (cluster.backupBytes() - bytesBefore) / done, "bytes", null);
                    baseline = baseline == null ? name : baseline;
                    actors.kill(blob);
                }
            }
        }
    }

    private static double replay(IMap<String, Blob> map, String key, Touch touch, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            map.executeOnKey(key, touch);
        }
        return seconds(start);
    }

    private static double actorTouch(TaskRuntime tasks, ActorHandle<Blob> blob, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tasks.get(blob.task(Blob::touch, i).remote());
        }
        return seconds(start);
    }

    private static double actorRead(TaskRuntime tasks, ActorHandle<Blob> blob, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tasks.get(blob.task(Blob::touches).remote());
        }
        return seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // ---- state and entry processors ----------------------------------------------------------------

    /** A state of {@code size} bytes; {@code touch} changes one of them. Also the actor of the comparison. */
    public static final class Blob implements Serializable {
        private static final long serialVersionUID = 1L;
        private final byte[] data;
        private long touches;

        public Blob(int size) {
            data = new byte[size];
        }

        public long touch(int i) {
            data[i % data.length]++;
            return ++touches;
        }

        @ReadOnly
        public long touches() {
            return touches;
        }
    }

    /** The raw baseline: increments an Integer value, on the partition thread; the backup re-runs it. */
    static final class Increment implements EntryProcessor<String, Integer, Integer>, IdentifiedDataSerializable {
        @Override
        public Integer process(Map.Entry<String, Integer> entry) {
            Integer v = entry.getValue();
            int next = v == null ? 1 : v + 1;
            entry.setValue(next);
            return next;
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return 1;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    /** Touches the blob in place; the default backup processor (this) replays it on the backup. */
    static class Touch implements EntryProcessor<String, Blob, Long>, IdentifiedDataSerializable {
        @Override
        public Long process(Map.Entry<String, Blob> entry) {
            Blob blob = entry.getValue();
            long touches = blob.touch((int) blob.touches);
            entry.setValue(blob);
            return touches;
        }

        @Override
        public EntryProcessor<String, Blob, Long> getBackupProcessor() {
            return new Touch(); // not offloaded on the backup either way
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return 2;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    /** The same, run off the partition thread: Hazelcast then hands it a copy of the OBJECT-format state. */
    static final class OffloadedTouch extends Touch implements Offloadable {
        @Override
        public String getExecutorName() {
            return Offloadable.OFFLOADABLE_EXECUTOR;
        }

        @Override
        public int getClassId() {
            return 3;
        }
    }

    // ---- members -----------------------------------------------------------------------------------

    /** Members in this JVM on loopback, configured for tasks and actors; calls go from the first to the last. */
    private static final class Cluster implements AutoCloseable {
        final List<HazelcastInstance> members = new ArrayList<>();
        final HazelcastInstance caller;
        final HazelcastInstance target;

        private Cluster(List<HazelcastInstance> members) {
            this.members.addAll(members);
            this.caller = members.get(0);
            this.target = members.get(members.size() - 1);
        }

        static Cluster start(int n, int cpus) {
            // Configured as every Hazelray member is, plus the raw baselines' maps and entry processors.
            HazelrayOptions options = HazelrayOptions.builder().cpus(cpus).clusterName("hazelray-bench-" + UUID.randomUUID()).build();
            return new Cluster(Members.startCluster(n, options, config -> {
                config.getMapConfig("bench.raw").setInMemoryFormat(InMemoryFormat.OBJECT).setBackupCount(1);
                config.getMapConfig("bench.replay").setInMemoryFormat(InMemoryFormat.OBJECT).setBackupCount(1);
                config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, id -> switch (id) {
                    case 1 -> new Increment();
                    case 2 -> new Touch();
                    case 3 -> new OffloadedTouch();
                    default -> null;
                });
            }));
        }

        long backupsApplied() {
            return members.stream().mapToLong(hz -> Actors.metrics(hz).backupsApplied()).sum();
        }

        long backupBytes() {
            return members.stream().mapToLong(hz -> Actors.metrics(hz).backupBytes()).sum();
        }

        boolean ownedByTarget(String key) {
            return target.getCluster().getLocalMember().equals(caller.getPartitionService().getPartition(key).getOwner());
        }

        List<String> keysOwnedByTarget(int count) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; keys.size() < count; i++) {
                if (ownedByTarget("k" + i)) {
                    keys.add("k" + i);
                }
            }
            return keys;
        }

        @Override
        public void close() {
            for (HazelcastInstance hz : members) {
                hz.getLifecycleService().terminate();
            }
        }
    }
}
