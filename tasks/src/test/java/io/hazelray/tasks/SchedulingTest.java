package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskException;
import io.hazelray.tasks.spi.GridServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Custom resources, fairness, SPREAD, node affinity and locality, on embedded members. */
class SchedulingTest extends ClusterTestSupport {
    static final List<String> STARTED = new CopyOnWriteArrayList<>();
    static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

    @BeforeEach
    void reset() {
        TestFunctions.reset();
        STARTED.clear();
        LATCHES.clear();
    }

    @AfterEach
    void releaseAll() {
        LATCHES.values().forEach(CountDownLatch::countDown);
    }

    @Test
    void shouldRunResourceTasksWhereTheResourceIsAndFailAtOnceWhenNoMemberHasEnough() {
        // Given: a member with a GPU and one without
        HazelcastInstance plain = startMember(2);
        HazelcastInstance gpu = startMember(2, c -> Tasks.configure(c, 2, Map.of("GPU", 1.0)));
        awaitCluster(2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(plain));
        // When: tasks that need the GPU
        List<ObjectRef<String>> refs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            refs.add(ray.task(TestFunctions::whereAmI).withResources(Map.of("GPU", 1.0)).remote());
        }
        // Then: they all ran on its member
        assertThat(ray.get(refs)).containsOnly(address(gpu));
        // and a request no member meets fails at once, naming the largest member, even behind an argument not ready
        LATCHES.put("dep", new CountDownLatch(1));
        ObjectRef<String> notReady = ray.task(SchedulingTest::hold, "dep").remote();
        ObjectRef<Integer> tooMuch = ray.task(TestFunctions::square, 3).withResources(Map.of("GPU", 2.0)).remote();
        ObjectRef<String> waiting = ray.task(SchedulingTest::echo, notReady).withResources(Map.of("GPU", 2.0)).remote();
        for (ObjectRef<?> ref : List.of(tooMuch, waiting)) {
            assertThatThrownBy(() -> ray.get(ref, Duration.ofSeconds(10))).isInstanceOf(TaskException.class)
                    .hasMessageContaining("no member has 1 CPU slot and GPU=2; the largest for it, " + address(gpu)
                            + ", has 2 CPU slots and GPU=1");
        }
        assertThatThrownBy(() -> ray.task(TestFunctions::square, 3).withResources(Map.of("GPU", -1.0)))
                .hasMessageContaining("the amount of GPU must be a positive number, was -1.0");
    }

    @Test
    void shouldRunNoMoreTasksAtOnceThanTheResourceAllows() {
        // Given: 4 CPU slots but 2 GPUs
        HazelcastInstance hz = startMember(4, c -> Tasks.configure(c, 4, Map.of("GPU", 2.0)));
        TaskRuntime ray = closeAfterTest(Tasks.driver(hz));
        // When: 8 tasks of one GPU each
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            refs.add(ray.task(TestFunctions::sleepAndReport, 40).withResources(Map.of("GPU", 1.0)).remote());
        }
        ray.get(refs);
        // Then: never more than two held the GPUs at once
        assertThat(TestFunctions.MAX_RUNNING.get()).isLessThanOrEqualTo(2);
        // and fractions add up: three quarters of a GPU each, two at once
        TestFunctions.MAX_RUNNING.set(0);
        refs.clear();
        for (int i = 0; i < 6; i++) {
            refs.add(ray.task(TestFunctions::sleepAndReport, 40).withResource("GPU", 0.75).remote());
        }
        ray.get(refs);
        assertThat(TestFunctions.MAX_RUNNING.get()).isLessThanOrEqualTo(2);
        assertThat(Tasks.metrics(hz).resourcesFree()).isEqualTo(Map.of("GPU", 2.0));
    }

    @Test
    void shouldNotStarveATwoSlotTaskBehindOneSlotTasks() {
        // Given: a member of 2 slots, both held by 1-slot tasks, then a 2-slot task waiting, then a 1-slot task
        HazelcastInstance hz = startMember(2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(hz));
        for (String key : List.of("a", "b", "wide", "c")) {
            LATCHES.put(key, new CountDownLatch(1));
        }
        List<ObjectRef<String>> refs = new ArrayList<>();
        refs.add(ray.task(SchedulingTest::hold, "a").remote());
        refs.add(ray.task(SchedulingTest::hold, "b").remote());
        await(() -> STARTED.size() == 2, "a and b started");
        refs.add(ray.task(SchedulingTest::hold, "wide").withCpus(2).remote());
        await(() -> Tasks.metrics(hz).waiting() == 1, "the wide task waits");
        // When: one slot frees, and a 1-slot task arrives (a plain semaphore lets it take the free slot)
        LATCHES.get("a").countDown();
        ray.get(refs.get(0));
        refs.add(ray.task(SchedulingTest::hold, "c").remote());
        await(() -> Tasks.metrics(hz).waiting() == 2 || STARTED.size() == 3, "c waits or runs");
        LATCHES.get("b").countDown();
        await(() -> STARTED.size() == 3, "a third task started");
        LATCHES.values().forEach(CountDownLatch::countDown);
        ray.get(refs);
        // Then: the wide task, which came first, ran first
        assertThat(STARTED.subList(0, 2)).containsExactlyInAnyOrder("a", "b");
        assertThat(STARTED.subList(2, 4)).containsExactly("wide", "c");
    }

    @Test
    void shouldSpreadRoundRobinAndGoWhereANodeAffinitySays() {
        // Given: three members
        List<HazelcastInstance> members = startCluster(3, 2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(members.get(0)));
        // When: six tasks spread
        List<ObjectRef<String>> refs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            refs.add(ray.task(TestFunctions::whereAmI).withSchedulingStrategy(SchedulingStrategy.SPREAD).remote());
        }
        // Then: two on each
        Map<String, Long> perMember = ray.get(refs).stream().collect(Collectors.groupingBy(a -> a, Collectors.counting()));
        assertThat(perMember).containsOnlyKeys(members.stream().map(SchedulingTest::address).toList())
                .allSatisfy((member, n) -> assertThat(n).isEqualTo(2L));
        // A hard affinity (by uuid, or by address) runs there; a soft one to an unknown node runs anyway
        HazelcastInstance third = members.get(2);
        String uuid = third.getCluster().getLocalMember().getUuid().toString();
        refs.clear();
        for (int i = 0; i < 5; i++) {
            refs.add(ray.task(TestFunctions::whereAmI).withSchedulingStrategy(NodeAffinity.hard(uuid)).remote());
        }
        refs.add(ray.task(TestFunctions::whereAmI).withSchedulingStrategy(NodeAffinity.hard(address(third))).remote());
        assertThat(ray.get(refs)).containsOnly(address(third));
        assertThat(ray.get(ray.task(TestFunctions::whereAmI).withSchedulingStrategy(NodeAffinity.soft("nowhere")).remote()))
                .isNotNull();
        // A hard affinity that can never fit, or whose node is gone, fails at once, saying why
        ObjectRef<Integer> tooWide = ray.task(TestFunctions::square, 2).withCpus(3)
                .withSchedulingStrategy(NodeAffinity.hard(uuid)).remote();
        assertThatThrownBy(() -> ray.get(tooWide, Duration.ofSeconds(10))).isInstanceOf(TaskException.class)
                .hasMessageContaining("of its hard NodeAffinity can never run it: it needs 3 CPU slots, the node has 2 CPU slots");
        third.shutdown();
        awaitCluster(2);
        ObjectRef<Integer> gone = ray.task(TestFunctions::square, 2).withSchedulingStrategy(NodeAffinity.hard(uuid)).remote();
        assertThatThrownBy(() -> ray.get(gone, Duration.ofSeconds(10))).isInstanceOf(TaskException.class)
                .hasMessageContaining("node " + uuid + " of its hard NodeAffinity is not in the cluster");
    }

    @Test
    void shouldRunATaskWhereItsLargeArgumentLives() {
        // Given: two members and large objects owned by either (put, and a task's large result)
        List<HazelcastInstance> members = startCluster(2, 2);
        HazelcastInstance driverMember = members.get(0);
        TaskRuntime ray = closeAfterTest(Tasks.driver(driverMember));
        List<ObjectRef<byte[]>> large = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            large.add(ray.put(new byte[2 << 20]));
        }
        large.add(ray.task(TestFunctions::bytes, 2 << 20).remote());
        ray.get(large.get(4));
        for (ObjectRef<byte[]> ref : large) {
            // When: a task takes it as an argument
            String ranOn = ray.get(ray.task(SchedulingTest::whereWith, ref).remote());
            // Then: it ran on the owner of the object's partition
            assertThat(ranOn).as("task on %s", ref)
                    .isEqualTo(GridServices.address(driverMember.getPartitionService().getPartition(ref.id()).getOwner()));
        }
    }

    static String whereWith(byte[] data) {
        return TaskContext.current().orElseThrow().memberAddress() + (data.length < 0 ? "?" : "");
    }

    static String echo(String s) {
        return s;
    }

    /** Records that it started, then blocks until the test counts its latch down. */
    static String hold(String key) throws InterruptedException {
        STARTED.add(key);
        LATCHES.get(key).await();
        return key;
    }

    private static String address(HazelcastInstance hz) {
        var a = hz.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            sleep(5);
        }
    }
}
