package io.hazelray.runtime.status;

import io.hazelray.actors.ActorMetrics;
import io.hazelray.tasks.TaskMetrics;

import java.io.Serializable;

/**
 * One member as {@code ./hazelray status} and the dashboard show it, read on the member itself.
 *
 * @param clusterName    the name of the member's cluster
 * @param address        {@code host:port}
 * @param uuid           the member's id in the cluster
 * @param startedAt      when the member started, epoch milliseconds
 * @param uptimeMillis   how long it has run
 * @param processCpuLoad the member's JVM's recent CPU use, 0..1 of the machine ({@code -1} if unknown)
 * @param heapUsed       bytes of heap in use
 * @param heapMax        the heap's limit
 * @param objects        the object store's entries and bytes held here, primary and backup
 * @param actorRecords   actor records whose primary copy is here (killed ones are removed)
 * @param tasks          tasks received, running, finished and failed here; CPU slots busy and total
 * @param actors         the actor machinery's counters here
 */
public record MemberStatus(String clusterName, String address, String uuid, long startedAt, long uptimeMillis, double processCpuLoad,
                           long heapUsed, long heapMax, StoreUsage objects, long actorRecords, TaskMetrics tasks,
                           ActorMetrics actors) implements Serializable {

    /**
     * Entries and bytes of one map on one member.
     *
     * @param entries       primary entries held here
     * @param bytes         their memory cost
     * @param backupEntries backup copies held here
     * @param backupBytes   their memory cost
     */
    public record StoreUsage(long entries, long bytes, long backupEntries, long backupBytes) implements Serializable {
    }
}
