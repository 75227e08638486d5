package io.hazelray.tasks.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.partition.Partition;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.GridServices;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a task runs: the owner of its result id's partition, so results are stored where they are
 * computed and load spreads by hash; but not a member whose CPU slots this driver's own tasks
 * already fill while another member has free slots (spillback, as Ray's scheduler does), and not a
 * member with fewer slots than the task needs.
 *
 * <p>The load seen is this driver's: the tasks it has in flight on each member (counted at
 * submission and reply, no network). Other drivers' tasks are not seen; a member they fill still
 * queues this driver's work when every member looks full. The cost on the common path is one map
 * look-up and one atomic add per task; the members are scanned only when the owner is full.
 */
final class Placement {
    private final GridServices grid;
    private final Map<UUID, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    Placement(GridServices grid) {
        this.grid = grid;
    }

    /** A task of {@code cpus} slots was sent to {@code member}. */
    void sent(Member member, int cpus) {
        inFlight.computeIfAbsent(member.getUuid(), k -> new AtomicInteger()).addAndGet(cpus);
    }

    /** A task of {@code cpus} slots sent to {@code member} answered (or its member was lost). */
    void answered(Member member, int cpus) {
        AtomicInteger n = inFlight.get(member.getUuid());
        if (n != null) {
            n.addAndGet(-cpus);
        }
    }

    private int free(Member member) {
        AtomicInteger n = inFlight.get(member.getUuid());
        return cpusOf(member) - (n == null ? 0 : n.get());
    }

    /**
     * The owner of the partition of {@code key} if it has {@code cpus} slots free of this driver's
     * tasks; else the member with the most such free slots; else (all full) the owner if it has
     * enough slots at all, or the member that does with the fewest of this driver's tasks.
     *
     * @throws IllegalArgumentException if no member has that many slots, naming the largest
     */
    Member targetFor(String key, int cpus) {
        Partition partition = grid.hazelcast().getPartitionService().getPartition(key);
        Member owner = partition.getOwner();
        if (owner != null && cpusOf(owner) >= cpus && free(owner) >= cpus) {
            return owner; // the common path: its owner has room
        }
        List<Member> able = grid.hazelcast().getCluster().getMembers().stream()
                .filter(m -> !m.isLiteMember() && cpusOf(m) >= cpus).toList();
        if (able.isEmpty()) {
            throw new IllegalArgumentException("no member has " + cpus + " CPU slots (most: "
                    + grid.hazelcast().getCluster().getMembers().stream().mapToInt(Placement::cpusOf).max().orElse(0) + ")");
        }
        Member roomiest = able.stream().max(Comparator.comparingInt(this::free)).orElseThrow();
        if (free(roomiest) >= cpus) {
            return roomiest; // spill over to a member with free slots
        }
        if (owner != null && able.contains(owner)) {
            return owner; // every member is full: queue where the result belongs
        }
        return roomiest;
    }

    private static int cpusOf(Member member) {
        String cpus = member.getAttribute(Tasks.CPUS_ATTRIBUTE);
        return cpus == null ? Integer.MAX_VALUE / 2 : Integer.parseInt(cpus); // a member Hazelray did not configure: let it decide
    }
}
