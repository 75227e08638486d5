package io.hazelray.tasks;

import java.io.Serializable;
import java.util.Map;

/**
 * What one Hazelcast instance has done with tasks since it started, read with
 * {@link Tasks#metrics}: as a driver (submitted, retried) and as a member (received, running,
 * finished, failed). Per instance, so two members in one JVM are told apart. A snapshot.
 *
 * @param submitted tasks this instance's drivers submitted (first attempts)
 * @param retried   re-submissions after a lost member or a retriable exception
 * @param received  tasks this member was sent to run
 * @param waiting   received tasks waiting for their arguments or CPU slots
 * @param running   tasks whose body is running here now (holding CPU slots or blocked in {@code get})
 * @param finished  tasks that returned a value here
 * @param failed    tasks that failed here (threw, or their function or arguments could not be loaded)
 * @param cpuSlots  this member's CPU slots (0 on a client)
 * @param slotsBusy CPU slots held right now
 * @param resources this member's custom resources (none on a client)
 * @param resourcesFree its custom resources not held by a running task right now
 */
public record TaskMetrics(long submitted, long retried, long received, long waiting, long running, long finished,
                          long failed, int cpuSlots, int slotsBusy, Map<String, Double> resources,
                          Map<String, Double> resourcesFree) implements Serializable {
    public TaskMetrics {
        resources = Map.copyOf(resources);
        resourcesFree = Map.copyOf(resourcesFree);
    }
}
