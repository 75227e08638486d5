package io.hazelray.cluster;

import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.Actors;
import io.hazelray.actors.ReadOnly;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.OwnerDiedException;
import io.hazelray.tasks.Tasks;
import io.hazelray.runtime.MemberProcesses;
import io.hazelray.tasks.TaskContext;
import io.hazelray.tasks.spi.GridInternals;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real process crashes: three {@code hazelray member} JVMs that accept uploaded code, a client
 * driver in this JVM, and {@code kill -9} (or SIGSTOP, or SIGTERM) of one of them under load. Each
 * test prints what it did to whom, when, and how long the cluster took to recover
 * ({@code chaos: ...} lines in the test output).
 */
@Tag("chaos")
class ChaosTest {
    private static final Duration GET = Duration.ofSeconds(90);
    private final String cluster = "chaos-" + UUID.randomUUID();
    private MemberProcesses processes = new MemberProcesses();
    private final long t0 = System.nanoTime();

    @AfterEach
    void stopEverything() {
        processes.close();
    }

    // ---- a. tasks --------------------------------------------------------------------------------

    @Test
    void shouldReturnEveryTaskValueAndEveryObjectWhenAMemberIsKilledWithTasksInFlight() throws Exception {
        // Given: three members holding 500 objects of 1 MB (a third of them, and a third of the
        // backups, on the victim) and 2,000 tasks submitted from a client driver, each allowed one
        // retry: one member loss must cost a task one retry, also when the retry is placed before
        // the driver's member list drops the victim
        processes = new MemberProcesses("-Xmx1g");
        List<MemberProcesses.Member> members = threeMembers();
        MemberProcesses.Member victim = members.get(2);
        try (Hazelray ray = connect(members)) {
            List<ObjectRef<byte[]>> objects = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                objects.add(ray.put(megabyte(i)));
            }
            report("stored 500 objects of 1 MB at %d ms", millisSince(t0));
            List<ObjectRef<Long>> refs = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                refs.add(ray.task(ChaosTest::slowCube, i).withMaxRetries(1).remote());
            }
            ray.waitFor(refs, 300, GET);
            // When: a member is killed -9 with tasks in flight on it
            int done = ray.waitFor(refs, refs.size(), Duration.ZERO).ready().size();
            long killedAt = kill(victim, done + " of 2000 tasks done, 500 objects of 1 MB stored");
            // Then: every get returns the right value (tasks lost with their member ran again)
            for (int i = 0; i < refs.size(); i++) {
                assertThat(ray.get(refs.get(i), GET)).as("task " + i).isEqualTo((long) i * i * i);
            }
            report("all 2000 tasks returned the right value %d ms after the kill", millisSince(killedAt));
            // and every object reads back byte-identical
            for (int i = 0; i < objects.size(); i++) {
                assertThat(digest(ray.get(objects.get(i), GET))).as("object " + i).isEqualTo(digest(megabyte(i)));
            }
            report("all 500 objects read back byte-identical %d ms after the kill", millisSince(killedAt));
            awaitLeft(members.get(0), victim, killedAt);
        }
    }

    // ---- b. actors -------------------------------------------------------------------------------

    @Test
    void shouldKeepEveryAcknowledgedIncrementWhenTheActorsOwnerIsKilled() throws Exception {
        List<MemberProcesses.Member> members = threeMembers();
        try (Hazelray caller1 = connect(members); Hazelray caller2 = connect(members)) {
            // Given: four actors with the same owner, taking increments from two callers (two clients)
            Placed placed = actorsOnOneMember(caller1, members, false);
            MemberProcesses.Member owner = placed.owner;
            Load load = new Load(caller1, caller2, placed.names, 1_000);
            load.start();
            load.awaitAcknowledged(2_000);
            // When: the owner is killed -9 mid-way
            long killedAt = kill(owner, load.acknowledged() + " increments acknowledged");
            load.awaitEnd();
            report("callers finished %d ms after the kill (%d acknowledged, %d failed: %s)", millisSince(killedAt),
                    load.acknowledged(), load.failed.get(), load.firstFailure());
            // Then: each count equals the increments acknowledged, exactly (none lost, none applied twice)
            for (int a = 0; a < 4; a++) {
                assertThat(load.count(caller1, a)).as("actor " + a).isEqualTo(load.acked.get(a));
            }
            assertThat(load.failed.get()).as("failed calls; first: " + load.firstFailure()).isZero();
            awaitLeft(survivor(members, owner), owner, killedAt);
        }
    }

    @Test
    void shouldKeepAcknowledgedIncrementsWhenTheBackupWasPausedBeforeTheOwnerIsKilled() throws Exception {
        List<MemberProcesses.Member> members = threeMembers();
        try (Hazelray caller1 = connect(members); Hazelray caller2 = connect(members)) {
            // Given: four actors with the same owner and the same backup, taking increments
            Placed placed = actorsOnOneMember(caller1, members, true);
            Load load = new Load(caller1, caller2, placed.names, 1_000);
            load.start();
            load.awaitAcknowledged(1_500);
            // When: the backup is paused (SIGSTOP) past Hazelcast's backup timeout (5 s), then the owner is killed
            long pausedAt = System.nanoTime();
            placed.backup.signal("STOP");
            report("SIGSTOP backup %s (pid %d) at %d ms, %d increments acknowledged", placed.backup.address(),
                    placed.backup.process().pid(), millisSince(t0), load.acknowledged());
            long ackedBefore = load.acknowledged();
            // the fault lasts this long on purpose: longer than Hazelcast's default backup timeout (5 s),
            // after which it would acknowledge with one copy; Hazelray waits until the backup is declared dead
            TimeUnit.SECONDS.sleep(2); // acks the backup sent before it stopped are in by then
            long ackedAfterTwoSeconds = load.acknowledged();
            TimeUnit.SECONDS.sleep(5);
            long ackedWhilePaused = load.acknowledged() - ackedBefore;
            assertThat(load.acknowledged()).as("calls acknowledged without their backup").isEqualTo(ackedAfterTwoSeconds);
            long killedAt = kill(placed.owner, ackedWhilePaused + " increments acknowledged while the backup was paused");
            placed.backup.signal("CONT");
            report("SIGCONT backup %s %d ms after the pause", placed.backup.address(), millisSince(pausedAt));
            load.awaitEnd();
            report("callers finished %d ms after the kill (%d acknowledged, %d failed: %s)", millisSince(killedAt),
                    load.acknowledged(), load.failed.get(), load.firstFailure());
            // Then: each count equals the increments acknowledged, exactly
            for (int a = 0; a < 4; a++) {
                assertThat(load.count(caller1, a)).as("actor " + a).isEqualTo(load.acked.get(a));
            }
            awaitLeft(placed.backup, placed.owner, killedAt);
        }
    }

    @Test
    void shouldDeclareAPausedMemberDeadAndReleaseTheWritesItBacksUpWithinTheirTimeouts() throws Exception {
        List<MemberProcesses.Member> members = threeMembers();
        try (Hazelray ray = connect(members)) {
            // Given: an actor whose backup is on the member about to be paused
            Placed placed = actorsOnOneMember(ray, members, true);
            ActorHandle<Counter> counter = ray.<Counter>getActor(placed.names.get(0)).orElseThrow();
            assertThat(ray.get(counter.task(Counter::increment).remote(), GET)).isEqualTo(1);
            // When: the backup is paused (SIGSTOP) and stays paused
            long pausedAt = System.nanoTime();
            placed.backup.signal("STOP");
            report("SIGSTOP backup %s (pid %d), for good", placed.backup.address(), placed.backup.process().pid());
            // Then: a write it backs up waits for it, at most the backup timeout (30 s), and then completes
            assertThat(ray.get(counter.task(Counter::increment).remote(), GET)).isEqualTo(2);
            long released = millisSince(pausedAt);
            report("the increment backed up by the paused member completed %d ms after the pause", released);
            assertThat(released).as("ms a write waited for a silent backup (30 s backup timeout, with margin)")
                    .isLessThan(45_000);
            // and the paused member is declared dead by the heartbeat timeout (20 s; Hazelcast's default is 60 s)
            placed.owner.awaitLine(l -> l.startsWith("member left: " + placed.backup.address()), 40);
            long left = millisSince(pausedAt);
            report("(member %s removed from the cluster, as seen by %s, by %d ms after the pause)", placed.backup.address(),
                    placed.owner.address(), left);
            assertThat(left).as("ms until the paused member was declared dead (20 s heartbeat timeout, with margin)")
                    .isLessThan(45_000);
            assertThat(ray.get(counter.task(Counter::value).remote(), GET)).isEqualTo(2);
        }
    }

    // ---- d. a driver ---------------------------------------------------------------------------

    @Test
    void shouldReleaseADeadDriversKeysAndTellReadersOfItsRefsThenStopAMemberGracefullyUnderLoad() throws Exception {
        List<MemberProcesses.Member> members = threeMembers();
        deadDriver(members, "client");
        // e. then, on the same members: a graceful stop under load
        gracefulStopUnderLoad(members);
    }

    @Test
    void shouldReleaseTheKeysOfADriverKilledWithTheMemberItEmbeds() throws Exception {
        // the driver's own member held a share of the objects and actors, and backups of others':
        // the oldest member, not the driver's connections, tells the rest that it died
        deadDriver(threeMembers(), "embedded");
    }

    /**
     * A driver process ({@code client}, or {@code embedded} in a member of its own that joins the
     * others) with stored objects, shared refs of running tasks and actors, killed -9.
     */
    private void deadDriver(List<MemberProcesses.Member> members, String kind) throws Exception {
        // Given: a driver process with stored objects, shared refs of running tasks, and actors
        List<String> args = new ArrayList<>(List.of(cluster, kind));
        members.forEach(m -> args.add(m.address()));
        MemberProcesses.Member driver = processes.launchJava(ChaosDriver.class.getName(), args.toArray(String[]::new));
        String[] ready = driver.awaitLine(l -> l.startsWith("READY "), 60).split(" ");
        String owner = ready[1];
        String ownedActor = ready[2];
        String detachedActor = ready[3];
        try (Hazelray ray = connect(members)) {
            Map<String, ObjectRef<Object>> handoff = ray.hazelcast().getMap("chaos.handoff." + cluster);
            IMap<String, Object> objects = ray.hazelcast().getMap(Tasks.OBJECTS_MAP);
            IMap<String, Object> actors = ray.hazelcast().getMap(Actors.ACTORS_MAP);
            assertThat(objects.keySet(Predicates.like("__key", owner + "/%"))).hasSizeGreaterThanOrEqualTo(21);
            // readers already waiting, with no timeout, on a ref whose task is still running
            ExecutorService readers = Executors.newFixedThreadPool(2);
            try {
                Future<Object> pendingRead = readers.submit(() -> ray.get(handoff.get("pending")));
                Future<Object> largeRead = readers.submit(() -> ray.get(handoff.get("large")));
                // When: the driver is killed -9
                long killedAt = kill(driver, kind + " driver " + owner + " with 20 objects, 2 pending shared refs, 2 actors");
                // Then: the readers are told the owner died, within bounded time
                for (Future<Object> read : List.of(pendingRead, largeRead)) {
                    assertThatThrownBy(() -> read.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(OwnerDiedException.class)
                            .hasMessageContaining(owner);
                }
                report("readers of its pending refs got OwnerDiedException %d ms after the kill", millisSince(killedAt));
                // and the survivors hold none of its keys: objects, pending markers, its non-detached actor and name
                awaitTrue(() -> objects.keySet(Predicates.like("__key", owner + "/%")).isEmpty()
                        && !actors.containsKey(ownedActor) && ray.getActor("owned-" + cluster).isEmpty(), 30, "keys of " + owner);
                report("no key of driver %s left on the members %d ms after the kill", owner, millisSince(killedAt));
                assertThatThrownBy(() -> ray.get(handoff.get("stored"), GET)).isInstanceOf(OwnerDiedException.class)
                        .hasMessageContaining("object " + owner + "/").hasMessageContaining("died");
                IMap<String, Object> signals = ray.hazelcast().getMap("chaos.handoff." + cluster);
                signals.put("release-pending", Boolean.TRUE);  // their CPU slots are free again
                signals.put("release-large", Boolean.TRUE);
                if (kind.equals("client")) {
                    // a result that lands after the purge (the large one, released now) is not kept
                    // (an embedded driver's tasks may have died with its member)
                    awaitTrue(() -> signals.containsKey("large-returning"), 30, "the large result's task returning");
                    Thread.sleep(2_000); // its member stores a result within milliseconds of the return: look after that
                    assertThat(objects.keySet(Predicates.like("__key", owner + "/%"))).isEmpty();
                }
                // a detached actor lives on, with its state
                assertThat(actors.containsKey(detachedActor)).isTrue();
                ActorHandle<Counter> detached = ray.<Counter>getActor("detached-" + cluster).orElseThrow();
                assertThat(ray.get(detached.task(Counter::value).remote(), Duration.ofSeconds(30))).isEqualTo(1L);
            } finally {
                readers.shutdownNow();
            }
        }
    }

    // ---- e. graceful stop ------------------------------------------------------------------------

    /** No caller sees an error when a member is stopped with SIGTERM under load. */
    private void gracefulStopUnderLoad(List<MemberProcesses.Member> members) throws Exception {
        try (Hazelray caller1 = connect(members); Hazelray caller2 = connect(members)) {
            // Given: tasks in flight, stored objects, and actors taking increments from two callers
            Placed placed = actorsOnOneMember(caller1, members, false);
            List<ObjectRef<byte[]>> objects = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                objects.add(caller1.put(megabyte(i)));
            }
            List<ObjectRef<Long>> tasks = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                tasks.add(caller2.task(ChaosTest::slowCube, i).remote());
            }
            Load load = new Load(caller1, caller2, placed.names, 500);
            load.start();
            load.awaitAcknowledged(1_000);
            // When: the actors' owner is stopped as Ctrl-C stops it
            long stoppedAt = System.nanoTime();
            report("SIGTERM member %s (pid %d) at %d ms, %d increments acknowledged", placed.owner.address(),
                    placed.owner.process().pid(), millisSince(t0), load.acknowledged());
            int exit = placed.owner.stop();
            report("member %s exited (%d) %d ms after SIGTERM", placed.owner.address(), exit, millisSince(stoppedAt));
            // Then: no caller sees an error, and every value is right
            load.awaitEnd();
            assertThat(load.failed.get()).as("failed calls; first: " + load.firstFailure()).isZero();
            for (int a = 0; a < 4; a++) {
                assertThat(load.count(caller1, a)).as("actor " + a).isEqualTo(500L * 2);
            }
            for (int i = 0; i < tasks.size(); i++) {
                assertThat(caller2.get(tasks.get(i), GET)).isEqualTo((long) i * i * i);
            }
            for (int i = 0; i < objects.size(); i++) {
                assertThat(digest(caller1.get(objects.get(i), GET))).isEqualTo(digest(megabyte(i)));
            }
            report("no caller saw an error; everything read back %d ms after SIGTERM", millisSince(stoppedAt));
        }
    }

    // ---- support ---------------------------------------------------------------------------------

    /** Three members that accept uploaded code; the second and third join the first, started together. */
    private List<MemberProcesses.Member> threeMembers() {
        List<MemberProcesses.Member> members = processes.startJoined(3, "--cluster-name", cluster, "--cpus", "2",
                "--allow-code-upload");
        report("3 members up at %d ms: %s", millisSince(t0),
                String.join(" ", members.stream().map(MemberProcesses.Member::address).toList()));
        return members;
    }

    private Hazelray connect(List<MemberProcesses.Member> members) {
        return Hazelray.connect(ConnectOptions.builder().addresses(members.stream().map(MemberProcesses.Member::address).toList())
                .clusterName(cluster).build());
    }

    private long kill(MemberProcesses.Member victim, String when) throws InterruptedException {
        long at = System.nanoTime();
        report("kill -9 %s (pid %d) at %d ms, %s", victim.port() == 0 ? "driver process" : "member " + victim.address(),
                victim.process().pid(), millisSince(t0), when);
        victim.kill();
        return at;
    }

    private void awaitLeft(MemberProcesses.Member survivor, MemberProcesses.Member victim, long killedAt) {
        survivor.awaitLine(l -> l.startsWith("member left: " + victim.address()), 60);
        report("(member %s had been removed from the cluster, as seen by %s)", victim.address(), survivor.address());
    }

    private static MemberProcesses.Member survivor(List<MemberProcesses.Member> members, MemberProcesses.Member victim) {
        return members.stream().filter(m -> m != victim).findFirst().orElseThrow();
    }

    /** Polls {@code condition} every 50 ms for up to {@code seconds}; fails naming {@code what}. */
    private static void awaitTrue(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + seconds + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private void report(String format, Object... args) {
        System.out.println("chaos: " + String.format(format, args));
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }


    static byte[] megabyte(int seed) {
        byte[] bytes = new byte[1 << 20];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String digest(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }


    /** Four named actors whose partitions have one owner (and, if asked, one backup). */
    private record Placed(List<String> names, MemberProcesses.Member owner, MemberProcesses.Member backup) {
    }

    private Placed actorsOnOneMember(Hazelray ray, List<MemberProcesses.Member> members, boolean sameBackup) {
        Map<String, List<String>> byPlace = new HashMap<>();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 120; i++) {
            String name = "counter-" + tag + "-" + i;
            ActorHandle<Counter> handle = ray.actor(Counter::new).name(name).remote();
            String place = ray.get(ray.task(ChaosTest::placeOf, handle.actorId()).remote(), GET);
            if (!sameBackup) {
                place = place.substring(0, place.indexOf(' '));
            }
            List<String> names = byPlace.computeIfAbsent(place, k -> new ArrayList<>());
            names.add(name);
            if (names.size() == 4) {
                String[] parts = place.split(" ");
                MemberProcesses.Member owner = byAddress(members, parts[0]);
                MemberProcesses.Member backup = sameBackup ? byAddress(members, parts[1]) : null;
                for (String n : names) {
                    ActorHandle<Counter> h = ray.<Counter>getActor(n).orElseThrow();
                    assertThat(ray.get(h.task(Counter::value).remote(), GET)).isZero(); // created
                }
                report("4 actors on owner %s%s", owner.address(), sameBackup ? " with backup " + backup.address() : "");
                return new Placed(List.copyOf(names), owner, backup);
            }
        }
        throw new AssertionError("no 4 actors shared a member: " + byPlace);
    }

    private static MemberProcesses.Member byAddress(List<MemberProcesses.Member> members, String address) {
        return members.stream().filter(m -> m.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no member at " + address));
    }

    /** Increments from two callers (clients), in rounds of 25 calls per actor, counting what was acknowledged. */
    private static final class Load {
        private final Hazelray[] callers;
        private final List<String> names;
        private final int perCallerPerActor;
        final AtomicLongArray acked = new AtomicLongArray(4);
        final AtomicLong failed = new AtomicLong();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final ExecutorService threads = Executors.newFixedThreadPool(2);
        private final List<Future<?>> running = new ArrayList<>();

        Load(Hazelray caller1, Hazelray caller2, List<String> names, int perCallerPerActor) {
            this.callers = new Hazelray[] {caller1, caller2};
            this.names = names;
            this.perCallerPerActor = perCallerPerActor;
        }

        void start() {
            for (Hazelray caller : callers) {
                running.add(threads.submit(() -> {
                    List<ActorHandle<Counter>> handles = names.stream().map(n -> caller.<Counter>getActor(n).orElseThrow()).toList();
                    for (int round = 0; round < perCallerPerActor / 25; round++) {
                        List<List<ObjectRef<Long>>> refs = new ArrayList<>();
                        for (ActorHandle<Counter> h : handles) {
                            List<ObjectRef<Long>> mine = new ArrayList<>();
                            for (int k = 0; k < 25; k++) {
                                mine.add(h.task(Counter::increment).remote());
                            }
                            refs.add(mine);
                        }
                        for (int a = 0; a < handles.size(); a++) {
                            for (ObjectRef<Long> ref : refs.get(a)) {
                                try {
                                    caller.get(ref, GET);
                                    acked.incrementAndGet(a);
                                } catch (RuntimeException e) {
                                    failed.incrementAndGet();
                                    failures.add(e.toString());
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
        }

        long acknowledged() {
            long sum = 0;
            for (int a = 0; a < 4; a++) {
                sum += acked.get(a);
            }
            return sum;
        }

        String firstFailure() {
            return failures.isEmpty() ? "none" : failures.peek();
        }

        void awaitAcknowledged(long calls) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (acknowledged() < calls && System.nanoTime() < deadline && running.stream().noneMatch(Future::isDone)) {
                Thread.onSpinWait();
                try {
                    TimeUnit.MILLISECONDS.sleep(5); // polling a counter, bounded by the deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            assertThat(acknowledged()).as("increments acknowledged before the fault").isGreaterThanOrEqualTo(calls);
        }

        void awaitEnd() throws Exception {
            try {
                for (Future<?> f : running) {
                    f.get(180, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
        }

        long count(Hazelray ray, int actor) {
            ActorHandle<Counter> h = ray.<Counter>getActor(names.get(actor)).orElseThrow();
            return ray.get(h.task(Counter::value).remote(), GET);
        }
    }

    // ---- job code: only this test JVM has these classes --------------------------------------------

    static long slowCube(int i) throws InterruptedException {
        Thread.sleep(5);
        return (long) i * i * i;
    }

    /** "owner backup" of an actor's partition, asked on a member. */
    static String placeOf(String actorId) {
        HazelcastInstance hz = TaskContext.current().orElseThrow().hazelcast();
        int partition = hz.getPartitionService().getPartition(actorId).getPartitionId();
        var owner = hz.getPartitionService().getPartition(actorId).getOwner().getAddress();
        return owner.getHost() + ":" + owner.getPort() + " " + GridInternals.backupAddress(hz, partition);
    }

    /** A counter actor. */
    public static final class Counter implements Serializable {
        private long value;

        public long increment() {
            return ++value;
        }

        /** An increment still running when its owner is killed (a call in flight). */
        public long incrementSlowly(int millis) throws InterruptedException {
            Thread.sleep(millis);
            return ++value;
        }

        @ReadOnly
        public long value() {
            return value;
        }
    }
}
