package io.hazelray.tasks.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.partition.Partition;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.GridServices;

import java.util.List;

/**
 * Where a task runs: the owner of its result id's partition, so results are stored where they are
 * computed and load spreads by hash; a task that needs more CPU slots than that member has goes
 * to one that has enough.
 */
final class Placement {
    private final GridServices grid;

    Placement(GridServices grid) {
        this.grid = grid;
    }

    /**
     * The owner of the partition of {@code key} if it has {@code cpus} slots, else a member that
     * has (chosen by the key, so retries spread too).
     *
     * @throws IllegalArgumentException if no member has that many slots, naming the largest
     */
    Member targetFor(String key, int cpus) {
        Partition partition = grid.hazelcast().getPartitionService().getPartition(key);
        Member owner = partition.getOwner();
        if (owner != null && (cpus == 1 || cpusOf(owner) >= cpus)) { // every member has a slot: no look-up on the common path
            return owner;
        }
        List<Member> able = grid.hazelcast().getCluster().getMembers().stream()
                .filter(m -> !m.isLiteMember() && cpusOf(m) >= cpus).toList();
        if (able.isEmpty()) {
            throw new IllegalArgumentException("no member has " + cpus + " CPU slots (most: "
                    + grid.hazelcast().getCluster().getMembers().stream().mapToInt(Placement::cpusOf).max().orElse(0) + ")");
        }
        return able.get(Math.floorMod(key.hashCode(), able.size()));
    }

    private static int cpusOf(Member member) {
        String cpus = member.getAttribute(Tasks.CPUS_ATTRIBUTE);
        return cpus == null ? Integer.MAX_VALUE : Integer.parseInt(cpus); // a member Hazelray did not configure: let it decide
    }
}
