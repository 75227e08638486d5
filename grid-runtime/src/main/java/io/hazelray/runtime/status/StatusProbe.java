package io.hazelray.runtime.status;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import com.sun.management.OperatingSystemMXBean;
import io.hazelray.actors.Actors;
import io.hazelray.runtime.Members;
import io.hazelray.tasks.Tasks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Reads a {@link MemberStatus} on the member it is sent to: the figures only that member knows
 * (its heap, its CPU load, its share of the maps, its task and actor counters).
 */
final class StatusProbe extends MemberProbe<MemberStatus> {
    private static final long serialVersionUID = 1L;

    @Override
    protected MemberStatus answer(HazelcastInstance member) {
        return read(member);
    }

    static MemberStatus read(HazelcastInstance hz) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long startedAt = Members.startedAt(hz);
        LocalMapStats objects = hz.getMap(Tasks.OBJECTS_MAP).getLocalMapStats();
        LocalMapStats actors = hz.getMap(Actors.ACTORS_MAP).getLocalMapStats();
        return new MemberStatus(hz.getConfig().getClusterName(), Members.addressOf(hz),
                hz.getCluster().getLocalMember().getUuid().toString(),
                startedAt, System.currentTimeMillis() - startedAt, processCpuLoad(), heap.getUsed(), heap.getMax(),
                new MemberStatus.StoreUsage(objects.getOwnedEntryCount(), objects.getOwnedEntryMemoryCost(),
                        objects.getBackupEntryCount(), objects.getBackupEntryMemoryCost()),
                actors.getOwnedEntryCount(), Tasks.metrics(hz), Actors.metrics(hz));
    }

    private static double processCpuLoad() {
        OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        return os == null ? -1 : os.getProcessCpuLoad();
    }
}
