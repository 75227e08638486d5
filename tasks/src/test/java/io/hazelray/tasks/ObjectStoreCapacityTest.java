package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.ObjectStoreFullException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A member's object store holds at most its capacity: what does not fit fails clearly, and the member goes on. */
class ObjectStoreCapacityTest extends ClusterTestSupport {
    private static final long CAPACITY = 4_000_000;

    @Test
    void shouldRefuseAPutOverCapacityNamingItAndKeepServing() {
        // Given: a member whose store holds 4 MB, with three objects of 1 MB
        HazelcastInstance member = startMember(2, config -> Tasks.objectStoreCapacity(config, CAPACITY));
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        List<ObjectRef<byte[]>> earlier = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            earlier.add(ray.put(filled(1_000_000, i)));
        }
        // When: a put of 2 MB
        ObjectStoreFullException full = catchThrowableOfType(ObjectStoreFullException.class,
                () -> ray.put(filled(2_000_000, 9)));
        // Then: it names the size, the capacity, the member and what holds the store
        assertThat(full).isNotNull();
        assertThat(full.size()).isGreaterThan(2_000_000);
        assertThat(full.capacity()).isEqualTo(CAPACITY);
        assertThat(full.getMessage()).contains("of 2.0 MB does not fit in the object store of member "
                        + member.getCluster().getLocalMember().getAddress().getHost() + ":"
                        + member.getCluster().getLocalMember().getAddress().getPort() + ": ")
                .contains("capacity 4.0 MB").contains("3 objects as primary copies").contains("largest owners: ")
                .contains(earlier.get(0).id().substring(0, earlier.get(0).id().indexOf('/')) + " 3 objects");
        // and the member keeps serving: earlier objects intact, tasks and small puts work
        for (int i = 0; i < 3; i++) {
            assertThat(ray.get(earlier.get(i))).isEqualTo(filled(1_000_000, i));
        }
        assertThat(ray.get(ray.task(ObjectStoreCapacityTest::twice, 21).remote())).isEqualTo(42);
        assertThat(ray.get(ray.put("small"))).isEqualTo("small");
        // and once objects are freed, the put fits (the usage is read again before refusing)
        ray.free(earlier);
        ObjectRef<byte[]> fits = null;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (fits == null) {
            try {
                fits = ray.put(filled(2_000_000, 9));
            } catch (ObjectStoreFullException e) {
                assertThat(System.nanoTime()).as("the store's usage after free").isLessThan(deadline);
                sleep(20);
            }
        }
        assertThat(ray.get(fits)).hasSize(2_000_000);
    }

    @Test
    void shouldFailATaskWhoseResultDoesNotFitWithTheExceptionAtGet() {
        HazelcastInstance member = startMember(2, config -> Tasks.objectStoreCapacity(config, CAPACITY));
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        ObjectRef<byte[]> tooLarge = ray.task(ObjectStoreCapacityTest::bytes, 5_000_000).remote();
        assertThatThrownBy(() -> ray.get(tooLarge)).isInstanceOf(ObjectStoreFullException.class)
                .hasMessageContaining("of 5.0 MB does not fit").hasMessageContaining("capacity 4.0 MB");
        assertThat(member.getMap(Tasks.OBJECTS_MAP).containsKey(tooLarge.id())).isFalse();
        assertThat(ray.get(ray.task(ObjectStoreCapacityTest::bytes, 1_000_000).remote())).hasSize(1_000_000);
    }

    @Test
    void shouldNeverLetConcurrentPutsTogetherPastTheCapacity() throws Exception {
        // Given: a 4 MB store, and 8 threads of one driver each putting 1 MB objects at once (the local path)
        HazelcastInstance member = startMember(2, config -> Tasks.objectStoreCapacity(config, CAPACITY));
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 2; i++) {
                        try {
                            ray.put(filled(1_000_000, i));
                            stored.incrementAndGet();
                        } catch (ObjectStoreFullException e) {
                            refused.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        // When
        go.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        // Then: 3 fit (a fourth would pass 4 MB with the entries' own cost), the other 13 are refused
        assertThat(stored.get()).isEqualTo(3);
        assertThat(refused.get()).isEqualTo(13);
    }

    static byte[] bytes(int n) {
        return new byte[n];
    }

    static int twice(int x) {
        return 2 * x;
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
