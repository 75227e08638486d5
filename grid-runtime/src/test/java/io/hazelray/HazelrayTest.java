package io.hazelray;

import java.net.InetAddress;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.HazelrayException;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskCancelledException;
import io.hazelray.tasks.TaskContext;
import io.hazelray.tasks.Tasks;
import io.hazelray.core.ObjectStoreFullException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.io.Serializable;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade's lifecycle on a real embedded member. */
class HazelrayTest {
    private Hazelray ray;

    @AfterEach
    void shutDown() {
        if (ray != null) {
            ray.shutdown();
        }
    }

    private static HazelrayOptions.Builder isolated() {
        return HazelrayOptions.builder().clusterName("hazelray-test-" + UUID.randomUUID()).cpus(2);
    }

    @Test
    void shouldStartEmbeddedMemberOnLoopbackOnlyWithSafeDefaults() {
        // When
        ray = Hazelray.init(isolated().build());
        HazelcastInstance hz = ray.hazelcast();
        // Then
        assertThat(ray.address()).startsWith("127.0.0.1:");
        InetSocketAddress bound = (InetSocketAddress) hz.getLocalEndpoint().getSocketAddress();
        assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        var config = hz.getConfig();
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(ray.get(ray.task(HazelrayTest::twice, 21).remote())).isEqualTo(42);
    }

    @Test
    void shouldShutDownAtOnceWhileItsOwnTaskIsStillRunning() {
        // Given: a task of this driver that would run for a minute
        ray = Hazelray.init(isolated().build());
        ObjectRef<Integer> slow = ray.task(HazelrayTest::sleepSeconds, 60).remote();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Tasks.metrics(ray.hazelcast()).running() == 0) {
            assertThat(System.nanoTime()).as("the task started").isLessThan(deadline);
            Thread.onSpinWait();
        }
        // When
        long start = System.nanoTime();
        ray.shutdown();
        // Then: no wait for the task (Hazelcast alone waits 3 s for a pool to drain), and its waiter is told
        assertThat((System.nanoTime() - start) / 1e9).as("seconds to shut down").isLessThan(2.0);
        assertThatThrownBy(() -> ray.get(slow)).isInstanceOf(HazelrayException.class).hasMessageContaining("shut down");
    }

    static volatile CountDownLatch gateHeld = new CountDownLatch(1);
    static volatile CountDownLatch gateOpen = new CountDownLatch(1);

    @Test
    void shouldCancelTasksAndQueuedActorCallsThroughTheFacade() throws Exception {
        // Given
        ray = Hazelray.init(isolated().build());
        gateHeld = new CountDownLatch(1);
        gateOpen = new CountDownLatch(1);
        ObjectRef<Integer> slow = ray.task(HazelrayTest::sleepSeconds, 60).remote();
        ActorHandle<Gate> gate = ray.actor(Gate::new).remote();
        ObjectRef<Integer> held = gate.task(Gate::hold).remote();
        assertThat(gateHeld.await(10, TimeUnit.SECONDS)).isTrue();
        ObjectRef<Integer> queued = gate.task(Gate::hold).remote();
        try {
            // When / Then: a task, and an actor call not sent yet
            assertThat(ray.cancel(slow)).isTrue();
            assertThat(ray.cancel(queued, true, true)).isTrue();
            assertThat(ray.cancel(held)).as("an actor call already running").isFalse();
        } finally {
            gateOpen.countDown();
        }
        assertThatThrownBy(() -> ray.get(slow)).isInstanceOf(TaskCancelledException.class);
        assertThatThrownBy(() -> ray.get(queued)).isInstanceOf(TaskCancelledException.class);
        assertThat(ray.get(held)).isEqualTo(1);
        assertThat(ray.get(gate.task(Gate::hold).remote())).as("the dropped call never ran").isEqualTo(2);
    }

    /** An actor whose {@code hold} waits until the test opens the gate; counts its calls. */
    public static final class Gate implements Serializable {
        private int calls;

        public int hold() throws InterruptedException {
            gateHeld.countDown();
            gateOpen.await(60, TimeUnit.SECONDS);
            return ++calls;
        }
    }

    static int sleepSeconds(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
        return seconds;
    }

    @Test
    void shouldRefuseASecondInitUntilShutdown() {
        // Given
        ray = Hazelray.init(isolated().build());
        // When / Then
        assertThatThrownBy(() -> Hazelray.init(isolated().build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call shutdown() on it first")
                .hasMessageContaining("init() twice by accident");
        ray.shutdown();
        ray.shutdown(); // idempotent
        ray = Hazelray.init(isolated().build());
        assertThat(ray.isShutdown()).isFalse();
    }

    @Test
    void shouldShutDownWithTryWithResources() {
        Hazelray closed;
        try (Hazelray r = Hazelray.init(isolated().build())) {
            closed = r;
            assertThat(r.hazelcast().getLifecycleService().isRunning()).isTrue();
        }
        assertThat(closed.isShutdown()).isTrue();
        assertThat(closed.hazelcast().getLifecycleService().isRunning()).isFalse();
    }

    @Test
    void shouldFailGetOnARefFromAGridThatWasShutDown() {
        // Given
        Hazelray first = Hazelray.init(isolated().build());
        ray = first; // shut down after the test even if it fails
        ObjectRef<String> ref = first.put("72503014732");
        first.shutdown();
        // When / Then
        assertThatThrownBy(() -> first.get(ref)).isInstanceOf(HazelrayException.class).hasMessageContaining("shut down");
    }

    @Test
    void shouldGiveTasksTheRuntimeOfTheirMember() {
        ray = Hazelray.init(isolated().build());
        assertThat(ray.get(ray.task(HazelrayTest::nested, 5).remote())).isEqualTo(10);
        assertThat(Hazelray.current()).isSameAs(ray);
    }

    @Test
    void shouldRejectBadOptionsNamingThem() {
        assertThatThrownBy(() -> HazelrayOptions.builder().cpus(0).build()).hasMessageContaining("cpus");
        assertThatThrownBy(() -> HazelrayOptions.builder().port(70_000).build()).hasMessageContaining("port");
        assertThatThrownBy(() -> HazelrayOptions.builder().members("127.0.0.1:5701-5703").build())
                .hasMessageContaining("127.0.0.1:5701-5703");
        assertThatThrownBy(() -> HazelrayOptions.parseSize("2 gigs", "--object-store-memory"))
                .hasMessageContaining("--object-store-memory").hasMessageContaining("'2 gigs'");
        assertThat(HazelrayOptions.parseSize("512m", "size")).isEqualTo(512L << 20);
        assertThat(HazelrayOptions.parseSize("2G", "size")).isEqualTo(2L << 30);
        assertThat(HazelrayOptions.parseSize("1000", "size")).isEqualTo(1000L);
    }

    @Test
    void shouldGiveTheEmbeddedMemberTheObjectStoreCapacityAsked() {
        ray = Hazelray.init(isolated().objectStoreMemory(3L << 20).build());
        assertThat(ray.hazelcast().getConfig().getProperty(Tasks.OBJECT_STORE_BYTES)).isEqualTo(Long.toString(3L << 20));
        assertThatThrownBy(() -> ray.put(new byte[4 << 20])).isInstanceOf(ObjectStoreFullException.class)
                .hasMessageContaining("capacity 3.1 MB");
        assertThat(ray.get(ray.put("still serving"))).isEqualTo("still serving");
    }

    @Test
    void shouldSayWhichPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> ray = Hazelray.init(isolated().port(taken.getLocalPort()).build()))
                    .isInstanceOf(HazelrayException.class)
                    .hasMessageContaining("port " + taken.getLocalPort());
        }
    }

    static int twice(int x) {
        return 2 * x;
    }

    static int nested(int x) {
        assertThat(TaskContext.current()).isPresent();
        Hazelray inner = Hazelray.current();
        return inner.get(inner.task(HazelrayTest::twice, x).remote());
    }
}
