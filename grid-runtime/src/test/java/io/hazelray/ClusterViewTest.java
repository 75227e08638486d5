package io.hazelray;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.RuntimeContext;
import io.hazelray.runtime.GridTestSupport;
import io.hazelray.runtime.Members;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Ray's runtime context and cluster view: nodes(), clusterResources(), availableResources(). */
class ClusterViewTest extends GridTestSupport {
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Test
    void shouldListTheNodesAndTheirResourcesAndWhatIsFree() throws Exception {
        // Given: members of 2 and 3 CPU slots
        List<HazelcastInstance> members = startCluster(1, 2);
        members.addAll(startMembersJoining(members.get(0), 3));
        try (Hazelray ray = Hazelray.connect(members.get(0))) {
            // When / Then
            assertThat(ray.nodes()).hasSize(2).extracting(n -> n.resources().get(Hazelray.CPU)).containsExactlyInAnyOrder(2.0, 3.0);
            assertThat(ray.nodes()).filteredOn(NodeInfo::local).singleElement()
                    .extracting(NodeInfo::address).isEqualTo(Members.addressOf(members.get(0)));
            assertThat(ray.clusterResources()).isEqualTo(Map.of(Hazelray.CPU, 5.0));
            assertThat(ray.availableResources()).isEqualTo(Map.of(Hazelray.CPU, 5.0));
            // a task holding two slots makes two fewer available
            var held = ray.task(ClusterViewTest::holdUntilReleased).withCpus(2).remote();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ray.availableResources().get(Hazelray.CPU) != 3.0) {
                assertThat(System.nanoTime()).as("the task holds its slots").isLessThan(deadline);
                Thread.sleep(20);
            }
            RELEASE.countDown();
            assertThat(ray.get(held)).isEqualTo(ray.runtimeContext().driverId());
        }
    }

    @Test
    void shouldTellWhoRunsTheCallingCode() {
        List<HazelcastInstance> members = startCluster(1, 1);
        try (Hazelray ray = Hazelray.connect(members.get(0))) {
            RuntimeContext driver = ray.runtimeContext();
            assertThat(driver.inCall()).isFalse();
            assertThat(driver.nodeAddress()).isEqualTo(Members.addressOf(members.get(0)));
            RuntimeContext inTask = ray.get(ray.task(ClusterViewTest::context).withName("who").remote());
            assertThat(inTask.driverId()).isEqualTo(driver.driverId());
            assertThat(inTask.taskName()).hasValue("who");
            assertThat(inTask.taskId()).isPresent();
            assertThat(inTask.attempt()).isZero();
        }
    }

    static RuntimeContext context() {
        return Hazelray.current().runtimeContext();
    }

    static String holdUntilReleased() throws InterruptedException {
        RELEASE.await();
        return Hazelray.current().runtimeContext().driverId();
    }

    private List<HazelcastInstance> startMembersJoining(HazelcastInstance first, int cpus) {
        HazelcastInstance second = Members.start(HazelrayOptions.builder().cpus(cpus).clusterName(clusterName())
                .members(Members.addressOf(first)).build());
        adopt(second);
        Members.awaitCluster(List.of(first, second), 2, Members.FORMATION_TIMEOUT);
        return List.of(second);
    }
}
