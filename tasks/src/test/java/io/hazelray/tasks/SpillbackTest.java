package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.ObjectRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Load-aware placement: a member this driver's tasks fill gets no new work while another has free slots. */
class SpillbackTest extends ClusterTestSupport {

    @Test
    void shouldRunNewTasksOnTheMemberWithFreeSlotsWhileTheOtherIsFull() {
        // Given: two members of 4 slots, one of them filled by a long task that holds all its slots
        TestFunctions.release = new CountDownLatch(1);
        startCluster(2, 4);
        HazelcastInstance driverMember = members().get(0);
        TaskRuntime ray = closeAfterTest(Tasks.driver(driverMember));
        try {
            ObjectRef<String> blocker = ray.task(TestFunctions::blockUntilReleased, "spill").withCpus(4).remote();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!TestFunctions.RAN_ON.containsKey("spill#1")) {
                assertThat(System.nanoTime()).as("the long task started").isLessThan(deadline);
                Thread.onSpinWait();
            }
            String full = TestFunctions.RAN_ON.get("spill#1");
            // When: as many short tasks as the other member has slots, their result ids belonging to
            // both members (by hash alone, all four would avoid the full member 1 time in 16)
            List<ObjectRef<String>> refs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                refs.add(ray.task(TestFunctions::whereAmI).remote());
            }
            // Then: all of them finish while the full member is still full, and none ran there
            List<String> ranOn = new ArrayList<>();
            for (ObjectRef<String> ref : refs) {
                ranOn.add(ray.get(ref, Duration.ofSeconds(20)));
            }
            assertThat(ranOn).doesNotContain(full);
            TestFunctions.release.countDown();
            assertThat(ray.get(blocker, Duration.ofSeconds(20))).isEqualTo(full);
        } finally {
            TestFunctions.release.countDown();
        }
    }
}
