package io.hazelray.tasks.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.partition.PartitionService;
import io.hazelray.tasks.NodeAffinity;
import io.hazelray.tasks.Resources;
import io.hazelray.tasks.SchedulingStrategy;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.GridServices;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Where a task runs, in this order:
 * <ol>
 *   <li><b>node affinity</b>, if asked: that member (hard: or fail, saying why; soft: if it can run it);</li>
 *   <li><b>resources</b>: only members whose CPU slots and custom resources can ever fit the task (none: the
 *       task fails at once, naming the largest member);</li>
 *   <li>{@link SchedulingStrategy#SPREAD}: round-robin over those with room;</li>
 *   <li><b>locality</b>: the member that owns most of the bytes of the task's stored ref arguments, when they
 *       add up to {@value #LOCALITY_MIN_BYTES} bytes or more and it has room, so they do not cross the network;</li>
 *   <li><b>load</b>: the owner of the result id's partition (results are then stored where they are computed,
 *       and load spreads by hash) if it has room; else the member with the most free slots (spillback, as
 *       Ray's scheduler does); when every member is full, the owner, where the task queues.</li>
 * </ol>
 *
 * <p>"Room" is this driver's view: the slots and resources its own tasks in flight hold on each member
 * (counted at submission and reply, no network). Other drivers' tasks are not seen; the member's own
 * fair queue ({@code CpuSlots}) settles what they contend for. The cost on the common
 * path (one CPU slot, no custom resource, no large ref argument) is one map look-up and one atomic add per
 * task (in a cluster of one member, not even the partition look-up: every choice is that member); the
 * members are scanned only when the owner is full or the task asks for more.
 */
final class Placement {
    /** Stored ref arguments of at least this many bytes in all make a task run where most of them live. */
    static final long LOCALITY_MIN_BYTES = 1 << 20;

    private final GridServices grid;
    private final Map<UUID, Load> inFlight = new ConcurrentHashMap<>();
    private final Map<UUID, Offer> offers = new ConcurrentHashMap<>();
    private final AtomicInteger spreadNext = new AtomicInteger();

    Placement(GridServices grid) {
        this.grid = grid;
    }

    /** What a task holds while it runs. */
    record Demand(int cpus, Map<String, Double> resources) {
        boolean plain() {
            return cpus == 1 && resources.isEmpty();
        }

        @Override
        public String toString() {
            return cpus + " CPU slot" + (cpus == 1 ? "" : "s") + (resources.isEmpty() ? "" : " and " + Resources.format(resources));
        }
    }

    /** What a member offers, from its attributes (they never change while it runs). */
    private record Offer(int cpus, Map<String, Double> resources) {
        @Override
        public String toString() {
            return cpus + " CPU slot" + (cpus == 1 ? "" : "s") + (resources.isEmpty() ? " and no custom resources"
                    : " and " + Resources.format(resources));
        }
    }

    /** This driver's tasks in flight on one member. */
    private static final class Load {
        final AtomicInteger cpus = new AtomicInteger();
        final Map<String, AtomicLong> units = new ConcurrentHashMap<>();

        long units(String resource) {
            AtomicLong n = units.get(resource);
            return n == null ? 0 : n.get();
        }
    }

    /** A task of {@code demand} was sent to {@code member}. */
    void sent(Member member, Demand demand) {
        Load load = inFlight.computeIfAbsent(member.getUuid(), k -> new Load());
        load.cpus.addAndGet(demand.cpus());
        for (Map.Entry<String, Double> r : demand.resources().entrySet()) {
            load.units.computeIfAbsent(r.getKey(), k -> new AtomicLong()).addAndGet(Resources.units(r.getValue()));
        }
    }

    /** A task of {@code demand} sent to {@code member} answered (or its member was lost). */
    void answered(Member member, Demand demand) {
        Load load = inFlight.get(member.getUuid());
        if (load != null) {
            load.cpus.addAndGet(-demand.cpus());
            for (Map.Entry<String, Double> r : demand.resources().entrySet()) {
                load.units.computeIfAbsent(r.getKey(), k -> new AtomicLong()).addAndGet(-Resources.units(r.getValue()));
            }
        }
    }

    /**
     * The member to send a task to (see the class comment for the order).
     *
     * @param key  the task's result id (its partition owner is the default choice)
     * @param args the task's arguments, for locality; {@code null} if not known
     * @throws IllegalArgumentException if no member can ever run the task (naming the largest), or a hard
     *                                  node affinity cannot be met (saying why)
     */
    Member targetFor(String key, Demand demand, SchedulingStrategy strategy, PlannedArguments args) {
        PartitionService partitions = grid.hazelcast().getPartitionService();
        if (strategy == SchedulingStrategy.DEFAULT && demand.plain() && !hasStoredRefs(args)) {
            Set<Member> all = grid.hazelcast().getCluster().getMembers();
            if (all.size() == 1) { // one member: whatever the owner's load, the task goes there (no partition look-up)
                Member only = all.iterator().next();
                if (!only.isLiteMember() && offer(only).cpus() >= 1) {
                    return only;
                }
            }
            Member owner = partitions.getPartition(key).getOwner();
            if (owner != null && offer(owner).cpus() >= 1 && hasRoom(owner, demand)) {
                return owner; // the common path: its owner has room
            }
            Member spill = plainSpill(owner);
            if (spill != null) {
                return spill;
            }
        }
        List<Member> members = grid.hazelcast().getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
        if (strategy instanceof NodeAffinity affinity) {
            Member node = members.stream().filter(m -> m.getUuid().toString().equals(affinity.nodeId())
                    || GridServices.address(m).equals(affinity.nodeId())).findFirst().orElse(null);
            if (node != null && fits(node, demand)) {
                return node;
            }
            if (!affinity.soft()) {
                throw new IllegalArgumentException(node == null
                        ? "node " + affinity.nodeId() + " of its hard NodeAffinity is not in the cluster (members: "
                        + members.stream().map(m -> GridServices.address(m) + " " + m.getUuid()).collect(Collectors.joining(", "))
                        + ")"
                        : "node " + affinity.nodeId() + " (" + GridServices.address(node) + ") of its hard NodeAffinity can never"
                        + " run it: it needs " + demand + ", the node has " + offer(node));
            }
        }
        List<Member> able = members.stream().filter(m -> fits(m, demand)).toList();
        if (able.isEmpty()) {
            throw infeasible(members, demand);
        }
        if (strategy == SchedulingStrategy.SPREAD) {
            return spread(able, demand);
        }
        Member holder = holderOfMostBytes(args, partitions);
        if (holder != null && able.contains(holder) && hasRoom(holder, demand)) {
            return holder; // its large arguments are there: they need not travel
        }
        Member owner = partitions.getPartition(key).getOwner();
        if (owner != null && able.contains(owner) && hasRoom(owner, demand)) {
            return owner;
        }
        Member roomiest = able.stream().filter(m -> hasRoom(m, demand))
                .max(Comparator.comparingInt(this::freeCpus)).orElse(null);
        if (roomiest != null) {
            return roomiest; // spill over to a member with room
        }
        if (owner != null && able.contains(owner)) {
            return owner; // every member is full: queue where the result belongs
        }
        return able.stream().max(Comparator.comparingInt(this::freeCpus)).orElseThrow();
    }

    /**
     * Where a plain task (1 slot, no custom resource, no stored argument, default strategy) goes when
     * its owner is full, as the general path below decides it, in one pass over the members with no
     * stream or list: pipelined tasks take this path at every call once the slots are full (a loop
     * of such calls: 370 ns each, against 590-780 ns with streams). {@code null}: no member can run
     * it at all (the general path says so).
     */
    private Member plainSpill(Member owner) {
        Member roomiest = null;
        int roomiestFree = Integer.MIN_VALUE;
        boolean ownerAble = false;
        for (Member m : grid.hazelcast().getCluster().getMembers()) {
            if (m.isLiteMember() || offer(m).cpus() < 1) {
                continue;
            }
            ownerAble |= m.equals(owner);
            int free = freeCpus(m);
            if (roomiest == null || free > roomiestFree) { // ties: the first, as Stream.max keeps it
                roomiest = m;
                roomiestFree = free;
            }
        }
        if (roomiest == null || roomiestFree >= 1) {
            return roomiest; // spill over to the member with the most room
        }
        return ownerAble ? owner : roomiest; // every member is full: queue where the result belongs
    }

    /** The next member with room after the last one chosen; when none has room, the next one. */
    private Member spread(List<Member> able, Demand demand) {
        int start = spreadNext.get();
        for (int k = 0; k < able.size(); k++) {
            int i = Math.floorMod(start + k, able.size());
            if (hasRoom(able.get(i), demand)) {
                spreadNext.set(i + 1);
                return able.get(i);
            }
        }
        int i = Math.floorMod(start, able.size());
        spreadNext.set(i + 1);
        return able.get(i);
    }

    /**
     * Whether some member offers what {@code demand} asks, at all (for a task that waits for its
     * arguments first: one that could never run fails at once instead).
     */
    void checkFeasible(Demand demand) {
        List<Member> members = grid.hazelcast().getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
        if (members.stream().noneMatch(m -> fits(m, demand))) {
            throw infeasible(members, demand);
        }
    }

    /**
     * A new object id whose partition a member that can run {@code demand} owns: where an actor
     * asking for resources is placed (its calls run on its key's owner).
     */
    String idPlacedFor(String owner, Demand demand) {
        List<Member> members = grid.hazelcast().getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
        List<Member> able = members.stream().filter(m -> fits(m, demand)).toList();
        if (able.isEmpty()) {
            throw infeasible(members, demand);
        }
        PartitionService partitions = grid.hazelcast().getPartitionService();
        for (int i = 0; i < 100_000; i++) { // each member owns about 1/n of the partitions: a few tries
            String id = grid.newObjectId(owner);
            Member partitionOwner = partitions.getPartition(id).getOwner();
            if (partitionOwner != null && able.contains(partitionOwner)) {
                return id;
            }
        }
        throw new IllegalStateException("no partition is owned by a member that offers " + demand + " (migrating?)");
    }

    private IllegalArgumentException infeasible(List<Member> members, Demand demand) {
        if (demand.resources().isEmpty()) {
            return new IllegalArgumentException("no member has " + demand.cpus() + " CPU slots (most: "
                    + members.stream().mapToInt(m -> offer(m).cpus()).max().orElse(0) + ")");
        }
        Member largest = members.stream().max(Comparator.comparingDouble((Member m) -> coverage(m, demand))
                .thenComparingInt(m -> offer(m).cpus())).orElse(null);
        return new IllegalArgumentException("no member has " + demand + (largest == null ? " (the cluster has no member)"
                : "; the largest for it, " + GridServices.address(largest) + ", has " + offer(largest)));
    }

    /** How much of {@code demand}'s custom resources {@code member} offers: 1 per resource fully offered. */
    private double coverage(Member member, Demand demand) {
        Map<String, Double> has = offer(member).resources();
        double score = 0;
        for (Map.Entry<String, Double> r : demand.resources().entrySet()) {
            score += Math.min(1.0, has.getOrDefault(r.getKey(), 0.0) / r.getValue());
        }
        return score;
    }

    private boolean fits(Member member, Demand demand) {
        Offer offer = offer(member);
        if (offer.cpus() < demand.cpus()) {
            return false;
        }
        for (Map.Entry<String, Double> r : demand.resources().entrySet()) {
            if (Resources.units(offer.resources().getOrDefault(r.getKey(), 0.0)) < Resources.units(r.getValue())) {
                return false;
            }
        }
        return true;
    }

    private boolean hasRoom(Member member, Demand demand) {
        Load load = inFlight.get(member.getUuid());
        if (load == null) {
            return fits(member, demand);
        }
        Offer offer = offer(member);
        if (offer.cpus() - load.cpus.get() < demand.cpus()) {
            return false;
        }
        for (Map.Entry<String, Double> r : demand.resources().entrySet()) {
            long free = Resources.units(offer.resources().getOrDefault(r.getKey(), 0.0)) - load.units(r.getKey());
            if (free < Resources.units(r.getValue())) {
                return false;
            }
        }
        return true;
    }

    private int freeCpus(Member member) {
        Load load = inFlight.get(member.getUuid());
        return offer(member).cpus() - (load == null ? 0 : load.cpus.get());
    }

    private static boolean hasStoredRefs(PlannedArguments args) {
        if (args == null) {
            return false;
        }
        for (ObjectRefImpl<?> ref : args.refs) {
            if (ref != null && ref.local() != null && ref.local().storedBytes > 0) {
                return true;
            }
        }
        return false;
    }

    /** The owner of most of the bytes of the stored ref arguments, if they add up to {@link #LOCALITY_MIN_BYTES}. */
    private static Member holderOfMostBytes(PlannedArguments args, PartitionService partitions) {
        if (!hasStoredRefs(args)) {
            return null;
        }
        Map<Member, Long> bytes = new HashMap<>();
        long total = 0;
        for (ObjectRefImpl<?> ref : args.refs) {
            long size = ref == null || ref.local() == null ? 0 : ref.local().storedBytes;
            if (size > 0) {
                Member owner = partitions.getPartition(ref.id()).getOwner();
                if (owner != null) {
                    bytes.merge(owner, size, Long::sum);
                    total += size;
                }
            }
        }
        if (total < LOCALITY_MIN_BYTES) {
            return null;
        }
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private Offer offer(Member member) {
        return offers.computeIfAbsent(member.getUuid(), k -> {
            String cpus = member.getAttribute(Tasks.CPUS_ATTRIBUTE);
            String resources = member.getAttribute(Tasks.RESOURCES_ATTRIBUTE);
            // a member Hazelray did not configure: let it decide
            return new Offer(cpus == null ? Integer.MAX_VALUE / 2 : Integer.parseInt(cpus),
                    resources == null ? Map.of() : new TreeMap<>(Resources.parse(resources, "member attribute")));
        });
    }
}
