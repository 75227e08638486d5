package io.hazelray.actors;

import java.util.concurrent.TimeUnit;
import io.hazelray.core.ActorTaskException;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.actors.TestActors.Counter;
import io.hazelray.actors.TestActors.Recorder;
import io.hazelray.tasks.ClusterTestSupport;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import io.hazelray.core.WaitResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Actors on clusters of two and three members in one JVM (real loopback sockets). */
class ActorClusterTest extends ClusterTestSupport {

    @BeforeEach
    void reset() {
        TestActors.reset();
    }

    @Test
    void shouldApplyTheCallsOfSeveralCallersEachInItsOwnOrder() throws Exception {
        // Given: a caller on each of three members
        List<HazelcastInstance> cluster = startActorCluster(3);
        List<TaskRuntime> drivers = new ArrayList<>();
        for (HazelcastInstance hz : cluster) {
            drivers.add(closeAfterTest(Tasks.driver(hz)));
        }
        ActorHandle<Recorder> created = Actors.runtime(drivers.get(0)).actor(Recorder::new).name("shared").remote();
        int perCaller = 1_500;
        // When: all of them submit at once
        ExecutorService callers = Executors.newFixedThreadPool(3);
        List<Future<List<Integer>>> sizes = new ArrayList<>();
        try {
            for (int c = 0; c < 3; c++) {
                int caller = c;
                sizes.add(callers.submit(() -> {
                    TaskRuntime ray = drivers.get(caller);
                    ActorHandle<Recorder> recorder = Actors.runtime(ray).<Recorder>getActor("shared").orElseThrow();
                    List<ObjectRef<Integer>> refs = new ArrayList<>();
                    for (int i = 0; i < perCaller; i++) {
                        refs.add(recorder.task(Recorder::append, caller * 100_000 + i).remote());
                    }
                    return ray.get(refs);
                }));
            }
            List<Integer> allSizes = new ArrayList<>();
            for (Future<List<Integer>> f : sizes) {
                allSizes.addAll(f.get());
            }
            // Then: one at a time (every call saw a different number of earlier calls)...
            assertThat(allSizes).doesNotHaveDuplicates().hasSize(3 * perCaller);
        } finally {
            callers.shutdownNow();
        }
        // ...and each caller's calls in its order
        List<Integer> seen = drivers.get(0).get(created.task(Recorder::seen).remote());
        for (int c = 0; c < 3; c++) {
            int caller = c;
            assertThat(seen.stream().filter(v -> v / 100_000 == caller).toList())
                    .containsExactlyElementsOf(IntStream.range(0, perCaller).map(i -> caller * 100_000 + i).boxed().toList());
        }
    }

    @Test
    void shouldSendNothingToTheBackupForReadOnlyCalls() {
        // Given
        List<HazelcastInstance> cluster = startActorCluster(2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(cluster.get(0)));
        ActorHandle<Counter> counter = Actors.runtime(ray).actor(Counter::new, 41).remote();
        ray.get(counter.task(Counter::increment).remote());
        long before = backupsApplied(cluster);
        // When: methods marked @ReadOnly, and calls marked readOnly()
        List<ObjectRef<Integer>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reads.add(counter.task(Counter::value).remote());
            reads.add(counter.task(Counter::valueUnmarked).readOnly().remote());
        }
        // Then
        assertThat(ray.get(reads)).containsOnly(42);
        assertThat(backupsApplied(cluster) - before).as("backups applied by read-only calls").isZero();
        ray.get(counter.task(Counter::valueUnmarked).remote());
        assertThat(backupsApplied(cluster) - before).as("a call not marked read-only is backed up").isEqualTo(1);
    }

    @Test
    void shouldServeFromTheBackupTheStateBeforeAThrowingCallWhenTheOwnerIsLost() {
        // Given: a counter owned by the other member, and a call that changed it, then threw
        List<HazelcastInstance> cluster = startActorCluster(2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(cluster.get(0)));
        ActorRuntime actors = Actors.runtime(ray);
        ActorHandle<Counter> counter;
        do {
            counter = actors.actor(Counter::new, 1).remote();
        } while (ownerOf(cluster, counter.actorId()) != cluster.get(1));
        ray.get(counter.task(Counter::add, 1).remote());
        ObjectRef<Integer> failing = counter.task(Counter::addThenFail, 40).remote();
        assertThat(catchThrowable(() -> ray.get(failing))).isInstanceOf(ActorTaskException.class);
        // When: the owner is lost and the backup takes over
        cluster.get(1).getLifecycleService().terminate();
        // Then: the backup has the state the owner had, without the failed call's changes
        assertThat(ray.get(counter.task(Counter::value).remote())).isEqualTo(2);
        assertThat(ray.get(counter.task(Counter::log).remote())).isEmpty();
        assertThat(ray.get(counter.task(Counter::increment).remote())).isEqualTo(3);
    }

    @Test
    void shouldKeepExactlyTheAcknowledgedCallsWhenTheOwnerShutsDownMidStream() throws Exception {
        shouldKeepExactlyTheAcknowledgedCallsWhenTheOwnerLeaves(HazelcastInstance::shutdown);
    }

    @Test
    void shouldKeepExactlyTheAcknowledgedCallsWhenTheOwnerIsTerminatedMidStream() throws Exception {
        shouldKeepExactlyTheAcknowledgedCallsWhenTheOwnerLeaves(hz -> hz.getLifecycleService().terminate());
    }

    @Test
    void shouldKeepExactlyTheAcknowledgedCallsMadeOneAtATimeWhenTheOwnerIsTerminated() throws Exception {
        // Given: calls one at a time (they run inline once proven fast), from a member not the owner
        List<HazelcastInstance> cluster = startActorCluster(3);
        HazelcastInstance callerMember = cluster.get(0);
        TaskRuntime ray = closeAfterTest(Tasks.driver(callerMember));
        ActorRuntime actors = Actors.runtime(ray);
        ActorHandle<Recorder> recorder;
        do {
            recorder = actors.actor(Recorder::new).remote();
        } while (ownerOf(cluster, recorder.actorId()) == callerMember);
        HazelcastInstance owner = ownerOf(cluster, recorder.actorId());
        ActorHandle<Recorder> target = recorder;
        CountDownLatch halfway = new CountDownLatch(1);
        int n = 1_500;
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<List<Integer>> acknowledged = caller.submit(() -> {
                List<Integer> done = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    assertThat(ray.get(target.task(Recorder::append, i).remote())).isEqualTo(i + 1);
                    done.add(i);
                    if (i == n / 3) {
                        halfway.countDown();
                    }
                }
                return done;
            });
            // When
            assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
            owner.getLifecycleService().terminate();
            // Then: every call acknowledged (each saw exactly the calls before it), and the state has each once
            assertThat(acknowledged.get()).hasSize(n);
        } finally {
            caller.shutdownNow();
        }
        assertThat(ray.get(recorder.task(Recorder::seen).remote()))
                .containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
        System.out.println("sync calls across a terminated owner: " + metricsOf(cluster));
    }

    private void shouldKeepExactlyTheAcknowledgedCallsWhenTheOwnerLeaves(Consumer<HazelcastInstance> leave)
            throws Exception {
        // Given: a caller on a member that does not own the actor
        List<HazelcastInstance> cluster = startActorCluster(3);
        HazelcastInstance callerMember = cluster.get(0);
        TaskRuntime ray = closeAfterTest(Tasks.driver(callerMember));
        ActorRuntime actors = Actors.runtime(ray);
        ActorHandle<Recorder> recorder;
        HazelcastInstance owner;
        do {
            recorder = actors.actor(Recorder::new).remote();
            owner = ownerOf(cluster, recorder.actorId());
        } while (owner == callerMember);
        ray.get(recorder.task(Recorder::seen).remote());
        int n = 4_000;
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refs.add(recorder.task(Recorder::append, i).remote());
        }
        // When: the owner leaves while calls are in flight
        WaitResult<Integer> someDone = ray.waitFor(refs, 500, Duration.ofSeconds(30));
        assertThat(someDone.ready()).hasSize(500);
        long acknowledgedBefore = refs.stream().filter(r -> ray.waitFor(List.of(r), 0, Duration.ZERO) != null
                && ray.waitFor(List.of(r), 1, Duration.ZERO).ready().size() == 1).count();
        String before = metricsOf(cluster);
        leave.accept(owner);
        // Then: every call is acknowledged, exactly once, in order
        List<Integer> acknowledged = new ArrayList<>();
        List<Throwable> failed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                ray.get(refs.get(i), Duration.ofSeconds(60));
                acknowledged.add(i);
            } catch (RuntimeException e) {
                failed.add(e);
            }
        }
        List<Integer> seen = ray.get(recorder.task(Recorder::seen).remote());
        assertThat(seen).as("no call applied twice").doesNotHaveDuplicates();
        assertThat(seen).as("in submission order").isSorted();
        assertThat(seen).as("every acknowledged call is in the state").containsAll(acknowledged);
        assertThat(failed).as("calls that failed").isEmpty();
        assertThat(seen).hasSize(n);
        System.out.println("owner left after " + acknowledgedBefore + " of " + n + " calls were acknowledged; before: "
                + before + "; after: " + metricsOf(cluster));
        assertThat(acknowledgedBefore).as("calls were in flight when the owner left").isLessThan(n);
    }

    private static long backupsApplied(List<HazelcastInstance> cluster) {
        return cluster.stream().filter(hz -> hz.getLifecycleService().isRunning())
                .mapToLong(hz -> Actors.metrics(hz).backupsApplied()).sum();
    }

    private static String metricsOf(List<HazelcastInstance> cluster) {
        StringBuilder sb = new StringBuilder();
        for (HazelcastInstance hz : cluster) {
            if (hz.getLifecycleService().isRunning()) {
                sb.append(hz.getName()).append(": ").append(Actors.metrics(hz).summary()).append("; ");
            }
        }
        return sb.toString();
    }

    private List<HazelcastInstance> startActorCluster(int n) {
        return startCluster(n, 2, config -> Actors.configure(config, 2));
    }

    private static HazelcastInstance ownerOf(List<HazelcastInstance> cluster, String key) {
        var owner = cluster.get(0).getPartitionService().getPartition(key).getOwner();
        return cluster.stream().filter(hz -> hz.getCluster().getLocalMember().equals(owner)).findFirst().orElseThrow();
    }
}
