package io.hazelray.runtime.status;

import java.io.Serializable;
import java.util.List;

/**
 * The whole cluster at one moment: what {@code ./hazelray status} prints and the dashboard's
 * {@code /api/cluster} returns (as {@code ray status} and {@code ray.nodes()} do for Ray). Made
 * by {@link ClusterStatuses#of}, from any member or client.
 *
 * @param clusterName the cluster's name
 * @param takenAt     when it was read, epoch milliseconds
 * @param members     every member that answered, in the cluster's member order
 * @param unreachable members that did not answer in time, with why
 * @param jobs        the cluster's Jet jobs, newest first
 */
public record ClusterStatus(String clusterName, long takenAt, List<MemberStatus> members, List<String> unreachable,
                            List<JobStatus> jobs) implements Serializable {
    public ClusterStatus {
        members = List.copyOf(members);
        unreachable = List.copyOf(unreachable);
        jobs = List.copyOf(jobs);
    }

    /** CPU slots of all members. */
    public int cpuSlots() {
        return members.stream().mapToInt(m -> m.tasks().cpuSlots()).sum();
    }

    /** CPU slots held right now, across the cluster. */
    public int slotsBusy() {
        return members.stream().mapToInt(m -> m.tasks().slotsBusy()).sum();
    }
}
