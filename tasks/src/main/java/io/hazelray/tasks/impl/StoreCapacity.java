package io.hazelray.tasks.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.LocalMapStats;
import io.hazelray.tasks.Tasks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How much of a member's heap its object store may take, and how much it takes: the memory cost
 * of the objects map's entries this member holds, primary copies and backups (both are on its
 * heap), read from Hazelcast's local map statistics at most every {@link #REFRESH_NANOS}, plus
 * what this member stored since. Kept in the member's user context.
 */
public final class StoreCapacity {
    private static final String KEY = "hazelray.tasks.store-capacity";
    private static final long REFRESH_NANOS = 50_000_000L;

    private final HazelcastInstance hz;
    private final long capacity;
    /** Bytes stored since the statistics were read (by the entry processor, or sets that completed here). */
    private final AtomicLong addedSinceRefresh = new AtomicLong();
    /** Bytes reserved by writers on this member whose {@code set} has not completed: never dropped by a refresh. */
    private final AtomicLong reserved = new AtomicLong();
    private volatile LocalMapStats stats;
    private volatile long refreshedAt = System.nanoTime() - 2 * REFRESH_NANOS;

    private StoreCapacity(HazelcastInstance hz) {
        this.hz = hz;
        this.capacity = capacityOf(hz);
    }

    public static StoreCapacity of(HazelcastInstance hz) {
        Object c = hz.getUserContext().get(KEY);
        if (c != null) {
            return (StoreCapacity) c;
        }
        return (StoreCapacity) hz.getUserContext().computeIfAbsent(KEY, k -> new StoreCapacity(hz));
    }

    /** The configured capacity ({@link Tasks#OBJECT_STORE_BYTES}), else a share of the heap. */
    static long capacityOf(HazelcastInstance hz) {
        String configured = hz.getConfig().getProperty(Tasks.OBJECT_STORE_BYTES);
        if (configured != null && !configured.isBlank()) {
            return Long.parseLong(configured.trim());
        }
        return (long) (Runtime.getRuntime().maxMemory() * Tasks.DEFAULT_OBJECT_STORE_SHARE);
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes held now (primary copies and backups), within a few milliseconds' stores. */
    public long used() {
        LocalMapStats s = refreshed(false);
        return s.getOwnedEntryMemoryCost() + s.getBackupEntryMemoryCost() + addedSinceRefresh.get() + reserved.get();
    }

    /** As {@link #used()}, read from the statistics now (a store that looks full is checked again). */
    long usedNow() {
        LocalMapStats s = refreshed(true);
        return s.getOwnedEntryMemoryCost() + s.getBackupEntryMemoryCost() + addedSinceRefresh.get() + reserved.get();
    }

    /** Objects held as primary copies, and their bytes; bytes of backups. */
    long ownedEntries() {
        return refreshed(false).getOwnedEntryCount();
    }

    long ownedBytes() {
        return refreshed(false).getOwnedEntryMemoryCost();
    }

    long backupBytes() {
        return refreshed(false).getBackupEntryMemoryCost();
    }

    void added(long bytes) {
        addedSinceRefresh.addAndGet(bytes);
    }

    /**
     * Reserves {@code bytes} if they fit in what {@link #used()} says is left, in one atomic step
     * (two writers cannot both take the last room); then {@link #stored} once they are in the map,
     * or {@link #unreserve} if they could not be stored.
     *
     * @return false if they do not fit by that reading (the caller asks the exact way)
     */
    boolean tryReserve(long bytes) {
        LocalMapStats s = stats;
        // Far from full (under half the capacity by the last reading, which frees only lower), the
        // statistics are read again at most every REFRESH_NANOS x 20: reading them walks the map's record
        // stores (8% of a 1 KB put's time on the caller's thread when read every 50 ms).
        if (s == null || System.nanoTime() - refreshedAt > REFRESH_NANOS * 20
                || s.getOwnedEntryMemoryCost() + s.getBackupEntryMemoryCost() + addedSinceRefresh.get() + reserved.get()
                + bytes > capacity / 2) {
            s = refreshed(false);
        }
        long base = s.getOwnedEntryMemoryCost() + s.getBackupEntryMemoryCost() + addedSinceRefresh.get();
        while (true) {
            long r = reserved.get();
            if (base + r + bytes > capacity) {
                return false;
            }
            if (reserved.compareAndSet(r, r + bytes)) {
                return true;
            }
        }
    }

    /** Reserved bytes are in the map now (counted twice until the next reading, never less). */
    void stored(long bytes) {
        addedSinceRefresh.addAndGet(bytes);
        reserved.addAndGet(-bytes);
    }

    void unreserve(long bytes) {
        reserved.addAndGet(-bytes);
    }

    private LocalMapStats refreshed(boolean now) {
        LocalMapStats s = stats;
        long nanos = System.nanoTime();
        if (now || s == null || nanos - refreshedAt > REFRESH_NANOS) {
            synchronized (this) { // one reader at a time: each subtracts what its reading covers
                s = stats;
                if (now || s == null || nanos - refreshedAt > REFRESH_NANOS) {
                    // what was added before the statistics are read is in them; what is added meanwhile stays counted
                    long before = addedSinceRefresh.get();
                    s = hz.getMap(Tasks.OBJECTS_MAP).getLocalMapStats();
                    addedSinceRefresh.addAndGet(-before);
                    stats = s;
                    refreshedAt = System.nanoTime();
                }
            }
        }
        return s;
    }
}
