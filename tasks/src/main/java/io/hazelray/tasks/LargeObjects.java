package io.hazelray.tasks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The largest objects one member wrote into the object store (results too large to go back
 * inline, {@code put}s), read with {@link Tasks#largestObjects}: the dashboard's "largest objects"
 * list. A bounded heap of the {@link #KEPT} largest; whether one still exists is checked when it
 * is read. Per Hazelcast instance.
 */
public final class LargeObjects {
    /** How many of the largest objects each member remembers. */
    public static final int KEPT = 50;
    /** Smaller objects are not worth a lock on the write path (the inline limit keeps most results smaller). */
    public static final int MIN_BYTES = 1024;

    private final PriorityQueue<ObjectInfo> smallestFirst = new PriorityQueue<>(Comparator.comparingLong(ObjectInfo::bytes));
    private volatile long floor = MIN_BYTES;
    /** Whether {@link #KEPT} are remembered: then an object no larger than the smallest of them changes nothing. */
    private volatile boolean full;

    /**
     * An object stored under an id.
     *
     * @param id       the object id, {@code <driver>/<sequence>}
     * @param driver   the owner id of the driver that owns it
     * @param bytes    its serialized size
     * @param storedAt when it was written, epoch milliseconds
     */
    public record ObjectInfo(String id, String driver, long bytes, long storedAt) implements Serializable {
    }

    /** Called by the object store on every write of serialized bytes. */
    public void stored(String id, long bytes) {
        if (bytes < floor || bytes == floor && full) {
            return; // the common case: no lock (and objects of one size, 1 KB puts say, do not churn the list)
        }
        synchronized (smallestFirst) {
            smallestFirst.add(new ObjectInfo(id, driverOf(id), bytes, System.currentTimeMillis()));
            if (smallestFirst.size() > KEPT) {
                smallestFirst.poll();
                floor = Math.max(MIN_BYTES, smallestFirst.peek().bytes());
            }
            full = smallestFirst.size() >= KEPT;
        }
    }

    /** The remembered objects, largest first (some may have been freed since). */
    public List<ObjectInfo> largest() {
        List<ObjectInfo> out;
        synchronized (smallestFirst) {
            out = new ArrayList<>(smallestFirst);
        }
        out.sort(Comparator.comparingLong(ObjectInfo::bytes).reversed());
        return out;
    }

    /** Forgets objects found freed, so smaller live ones can take their place. */
    public void forget(List<String> ids) {
        synchronized (smallestFirst) {
            smallestFirst.removeIf(o -> ids.contains(o.id()));
            floor = smallestFirst.size() < KEPT ? MIN_BYTES : smallestFirst.peek().bytes();
            full = smallestFirst.size() >= KEPT;
        }
    }

    /** Object ids are {@code <driver>/<sequence>}: the driver is the part before the last slash. */
    static String driverOf(String id) {
        int slash = id.lastIndexOf('/');
        return slash < 0 ? "" : id.substring(0, slash);
    }
}
