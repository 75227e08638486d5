package io.hazelray.tasks;

import java.util.stream.IntStream;
import io.hazelray.core.TaskException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectRef;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tasks and the object store on a two-member cluster in one JVM, over real loopback sockets. */
class ClusterTaskTest extends ClusterTestSupport {
    private HazelcastInstance first;
    private HazelcastInstance second;

    @BeforeEach
    void startCluster() {
        TestFunctions.reset();
        List<HazelcastInstance> cluster = startCluster(2, 2);
        first = cluster.get(0);
        second = cluster.get(1);
    }

    @Test
    void shouldRunTasksOnBothMembersAndReadArgumentsStoredOnEither() {
        // Given
        TaskRuntime ray = closeAfterTest(Tasks.driver(first));
        ObjectRef<byte[]> large = ray.put(TestFunctions.bytes(1 << 20));
        // When: enough tasks that both partition owners get some
        List<ObjectRef<String>> where = new ArrayList<>();
        List<ObjectRef<Integer>> lengths = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            where.add(ray.task(TestFunctions::whereAmI).remote());
            lengths.add(ray.task(TestFunctions::length, large).remote());
        }
        // Then
        Set<String> members = new HashSet<>(ray.get(where));
        assertThat(members).containsExactlyInAnyOrder(address(first), address(second));
        assertThat(ray.get(lengths)).containsOnly(1 << 20);
    }

    @Test
    void shouldReadValueStoredFromAnotherMember() {
        // Given
        TaskRuntime onFirst = closeAfterTest(Tasks.driver(first));
        TaskRuntime onSecond = closeAfterTest(Tasks.driver(second));
        ObjectRef<String> ref = onFirst.put("72503014732");
        ObjectRef<Integer> inline = onFirst.task(TestFunctions::square, 9).remote();
        onFirst.get(inline);
        // When / Then
        assertThat(onSecond.get(ref)).isEqualTo("72503014732");
        assertThat(onSecond.get(inline)).as("an inline result is shared through the grid").isEqualTo(81);
    }

    @Test
    void shouldRetryTaskWhenItsMemberIsShutDownMidTask() {
        // Given: tasks blocked on both members
        TaskRuntime ray = closeAfterTest(Tasks.driver(first));
        TestFunctions.release = new CountDownLatch(1);
        List<ObjectRef<String>> refs = new ArrayList<>();
        for (int i = 0; i < 32; i++) { // 32 result ids: the chance that none lands on the second member is 2^-32
            refs.add(ray.task(TestFunctions::blockUntilReleased, "r" + i).remote());
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (!TestFunctions.RAN_ON.containsValue(address(second))) {
            assertThat(System.currentTimeMillis()).as("a task started on the second member").isLessThan(deadline);
            sleep(10);
        }
        // When: the member running some of them leaves
        second.shutdown();
        TestFunctions.release.countDown();
        // Then: every task completes, those of the lost member re-run on the survivor
        assertThat(ray.get(refs)).as("the survivor answers for all").containsOnly(address(first));
        long retried = TestFunctions.STARTS.values().stream().filter(c -> c.get() > 1).count();
        assertThat(retried).as("tasks that were re-run").isGreaterThan(0);
    }

    @Test
    void shouldFailTaskWithoutRetriesWhenItsMemberIsLost() {
        // Given
        TaskRuntime ray = closeAfterTest(Tasks.driver(first));
        TestFunctions.release = new CountDownLatch(1);
        List<ObjectRef<String>> refs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            refs.add(ray.task(TestFunctions::blockUntilReleased, "n" + i).withMaxRetries(0).remote());
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (!TestFunctions.RAN_ON.containsValue(address(second))) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            sleep(10);
        }
        // When
        second.getLifecycleService().terminate();
        TestFunctions.release.countDown();
        // Then
        long lost = refs.stream().filter(ref -> {
            try {
                ray.get(ref);
                return false;
            } catch (TaskException e) {
                assertThat(e.getMessage()).contains("lost with its member", "maxRetries=0");
                return true;
            }
        }).count();
        assertThat(lost).isGreaterThan(0);
    }

    @Test
    void shouldKeepStoredObjectsWhenAMemberIsLost() {
        // Given: objects spread over both members' partitions
        TaskRuntime ray = closeAfterTest(Tasks.driver(first));
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            refs.add(ray.put(i));
        }
        // When
        second.getLifecycleService().terminate();
        // Then: the backups on the survivor answer
        List<Integer> values = ray.get(refs);
        assertThat(values).containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void shouldReleaseEverythingADriverCreatedWhenItShutsDown() {
        // Given
        TaskRuntime driver = Tasks.driver(first);
        TaskRuntime other = closeAfterTest(Tasks.driver(second));
        ObjectRef<String> kept = other.put("kept");
        List<ObjectRef<byte[]>> refs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refs.add(driver.put(TestFunctions.bytes(1000)));
            refs.add(driver.task(TestFunctions::bytes, 200_000).remote());
        }
        driver.get(refs);
        assertThat(second.getMap(Tasks.OBJECTS_MAP).size()).isEqualTo(41);
        // When
        driver.close();
        // Then
        assertThat(second.getMap(Tasks.OBJECTS_MAP).keySet()).containsExactly(kept.id());
        assertThatThrownBy(() -> other.get(refs.get(0))).isInstanceOf(HazelrayException.class);
    }

    @Test
    void shouldPlaceTasksNeedingMoreSlotsOnAMemberThatHasThem() {
        // Given: a third member with a single slot (the others have two)
        HazelcastInstance small = startMember(1);
        awaitCluster(3);
        TaskRuntime ray = closeAfterTest(Tasks.driver(small));
        // When: enough two-slot tasks that some result ids belong to the small member's partitions
        List<ObjectRef<String>> refs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            refs.add(ray.task(TestFunctions::whereAmI).withCpus(2).remote());
        }
        // Then: every one ran, none on the member that could not hold it
        assertThat(ray.get(refs)).hasSize(60).doesNotContain(address(small));
        ObjectRef<Integer> tooWide = ray.task(TestFunctions::square, 3).withCpus(3).remote();
        assertThatThrownBy(() -> ray.get(tooWide)).isInstanceOf(TaskException.class)
                .hasMessageContaining("no member has 3 CPU slots (most: 2)");
    }

    private static String address(HazelcastInstance hz) {
        var a = hz.getCluster().getLocalMember().getAddress();
        return a.getHost() + ":" + a.getPort();
    }
}
