package io.hazelray.tasks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Predicate;

/**
 * The recent tasks of one member, read with {@link Tasks#history}: the tasks it is running or
 * about to run, and the last {@link #capacity()} that ended (a ring: memory does not grow with the
 * number of tasks ever run; exact counts are in {@link Tasks#metrics}). Per Hazelcast instance.
 *
 * <p>The tasks implementation records into it ({@link #received}, {@link Entry#started},
 * {@link #ended}): a set insert and removal and one array write per task, no lock.
 */
public final class TaskHistory {
    /** Finished tasks kept per member unless configured otherwise. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /**
     * The member property (or JVM system property) that sets the capacity; {@code 0} turns the
     * history off (the counts of {@link Tasks#metrics} stay).
     */
    public static final String CAPACITY_PROPERTY = "hazelray.tasks.history";

    private final String member;
    private final int capacity;
    private final AtomicReferenceArray<TaskInfo> ended;
    private final AtomicLong endedCount = new AtomicLong();
    private final Set<Entry> active = ConcurrentHashMap.newKeySet();

    public TaskHistory(String member, int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, was " + capacity);
        }
        this.member = member;
        this.capacity = capacity;
        this.ended = new AtomicReferenceArray<>(capacity);
    }

    /** How many ended tasks are kept; 0 when the history is off. */
    public int capacity() {
        return capacity;
    }

    /** A task this member starts to handle; {@code null} when the history is off. */
    public Entry received(String id, String function, String driver) {
        if (capacity == 0) {
            return null;
        }
        Entry entry = new Entry(id, function, driver, System.currentTimeMillis());
        active.add(entry);
        return entry;
    }

    /** The task ended; {@code error} and {@code stackTrace} are {@code null} if it returned a value. */
    public void ended(Entry entry, String error, String stackTrace) {
        if (entry == null) {
            return;
        }
        active.remove(entry);
        long now = System.currentTimeMillis();
        TaskInfo info = new TaskInfo(entry.id, entry.function, entry.driver, member,
                error == null ? TaskInfo.State.FINISHED : TaskInfo.State.FAILED, entry.receivedAt,
                now - entry.receivedAt, error, stackTrace);
        ended.set((int) (endedCount.getAndIncrement() % capacity), info);
    }

    /**
     * The tasks of this member that match {@code filter}, newest first, from {@code offset}, at most
     * {@code limit}; stack traces left out. Waiting and running ones come first.
     */
    public Page page(Predicate<TaskInfo> filter, int offset, int limit) {
        List<TaskInfo> all = snapshot(filter);
        List<TaskInfo> rows = new ArrayList<>();
        for (int i = Math.max(0, offset); i < all.size() && rows.size() < limit; i++) {
            rows.add(all.get(i).withoutStackTrace());
        }
        return new Page(all.size(), rows);
    }

    /** The task with this id (the latest attempt here), with its stack trace, or {@code null}. */
    public TaskInfo find(String id) {
        for (TaskInfo info : snapshot(t -> t.id().equals(id))) {
            return info;
        }
        return null;
    }

    /** Every kept task matching {@code filter}: active first, then ended newest first. */
    private List<TaskInfo> snapshot(Predicate<TaskInfo> filter) {
        long now = System.currentTimeMillis();
        List<TaskInfo> out = new ArrayList<>();
        List<TaskInfo> running = new ArrayList<>();
        for (Entry e : active) {
            TaskInfo info = e.info(member, now);
            if (filter.test(info)) {
                running.add(info);
            }
        }
        running.sort(Comparator.comparingLong(TaskInfo::startedAt).reversed());
        out.addAll(running);
        long last = endedCount.get();
        for (long i = last - 1; i >= 0 && i >= last - capacity; i--) {
            TaskInfo info = ended.get((int) (i % capacity));
            if (info != null && filter.test(info)) {
                out.add(info);
            }
        }
        return out;
    }

    /**
     * One page of a member's tasks.
     *
     * @param matching how many kept tasks matched the filter on this member
     * @param rows     the page's tasks, newest first
     */
    public record Page(int matching, List<TaskInfo> rows) implements Serializable {
        public Page {
            rows = List.copyOf(rows);
        }
    }

    /** A task that was received and has not ended yet. */
    public static final class Entry {
        final String id;
        final String function;
        final String driver;
        final long receivedAt;
        private volatile long startedAt;

        Entry(String id, String function, String driver, long receivedAt) {
            this.id = id;
            this.function = function;
            this.driver = driver;
            this.receivedAt = receivedAt;
        }

        /** Its body starts to run (it holds its CPU slots). */
        public void started() {
            startedAt = System.currentTimeMillis();
        }

        TaskInfo info(String member, long now) {
            return new TaskInfo(id, function, driver, member, startedAt == 0 ? TaskInfo.State.QUEUED : TaskInfo.State.RUNNING,
                    receivedAt, now - receivedAt, null, null);
        }
    }
}
