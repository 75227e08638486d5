package io.hazelray.runtime.status;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.Hazelray;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ObjectRef;
import io.hazelray.runtime.GridTestSupport;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status of a live two-member cluster, read from either member. */
class ClusterStatusTest extends GridTestSupport {

    @Test
    void shouldReportEveryMembersTasksObjectsAndActors() {
        // Given: two members, tasks run, objects stored, an actor created
        List<HazelcastInstance> members = startCluster(2, 2);
        try (Hazelray ray = Hazelray.connect(members.get(0))) {
            List<ObjectRef<Integer>> refs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                refs.add(ray.task(ClusterStatusTest::twice, i).remote());
            }
            ray.get(refs);
            for (int i = 0; i < 10; i++) {
                ray.put(new byte[10_000]);
            }
            ActorHandle<Box> box = ray.actor(Box::new).remote();
            ray.get(box.task(Box::add, 1).remote());

            // When: read through the other member
            ClusterStatus status = Hazelray.connect(members.get(1)).status();

            // Then
            assertThat(status.clusterName()).isEqualTo(clusterName());
            assertThat(status.members()).hasSize(2);
            assertThat(status.unreachable()).isEmpty();
            assertThat(status.cpuSlots()).isEqualTo(4);
            assertThat(status.members()).allSatisfy(m -> {
                assertThat(m.address()).startsWith("127.0.0.1:");
                assertThat(m.heapUsed()).isPositive().isLessThanOrEqualTo(m.heapMax());
                assertThat(m.uptimeMillis()).isNotNegative();
            });
            assertThat(status.members().stream().mapToLong(m -> m.tasks().finished()).sum()).isEqualTo(40);
            assertThat(status.members().stream().mapToLong(m -> m.objects().entries()).sum()).isEqualTo(10);
            assertThat(status.members().stream().mapToLong(m -> m.objects().backupEntries()).sum()).isEqualTo(10);
            assertThat(status.members().stream().mapToLong(m -> m.objects().bytes()).sum()).isGreaterThan(100_000);
            assertThat(status.members().stream().mapToLong(MemberStatus::actorRecords).sum()).isEqualTo(1);
            // the creation commits twice (CONSTRUCTING, then the constructed actor), the call once
            assertThat(status.members().stream().mapToLong(m -> m.actors().commits()).sum()).isEqualTo(3);
        }
    }

    static int twice(int x) {
        return 2 * x;
    }

    /** A minimal actor. */
    public static final class Box implements Serializable {
        private int value;

        public int add(int n) {
            value += n;
            return value;
        }
    }
}
