package io.hazelray.tasks.spi;

import io.hazelray.tasks.Resources;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A member's CPU slots and custom resources, as Ray's {@code num_cpus} and {@code resources}: a
 * call holds its share while its body runs, and gives it back while it is blocked waiting for
 * another object, so that nested tasks can run even when every slot is held by a waiting parent.
 *
 * <p>Fair to large requests: while a call that needs more than one CPU slot alone (2 slots, a GPU)
 * waits, callers are served first come, first served, and a call that cannot be served yet reserves
 * what is free of what it needs, so later calls take only what is left: a 2-slot task is not starved
 * by a stream of 1-slot tasks, while a task waiting for a busy GPU still lets CPU-only tasks use the
 * slots it does not need. While only 1-slot calls wait, a free slot goes to whoever asks first, as
 * with a plain semaphore (no thread switch per call). A call that resumes after a wait goes first.
 */
public final class CpuSlots {
    private final int total;
    /** The custom resources' names, sorted; index {@code i} is position {@code i + 1} of the arrays. */
    private final String[] names;
    /** [0]: CPU slots; [i + 1]: units of {@code names[i]} (see {@link Resources#units}). */
    private final long[] totals;
    private final long[] free;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Waiters that need more than one CPU slot alone: while there are any, every caller queues in order. */
    private int largeWaiting;

    CpuSlots(int total) {
        this(total, Map.of());
    }

    CpuSlots(int total, Map<String, Double> resources) {
        this.total = total;
        Map<String, Double> sorted = new TreeMap<>(resources);
        this.names = sorted.keySet().toArray(String[]::new);
        this.totals = new long[names.length + 1];
        totals[0] = total;
        for (int i = 0; i < names.length; i++) {
            totals[i + 1] = Resources.units(sorted.get(names[i]));
        }
        this.free = totals.clone();
    }

    /** A pool of {@code total} slots and these custom resources (for tests; members make theirs). */
    public static CpuSlots of(int total, Map<String, Double> resources) {
        return new CpuSlots(total, Resources.check(resources, "resources"));
    }

    public int total() {
        return total;
    }

    public synchronized int inUse() {
        return (int) (totals[0] - free[0]);
    }

    /** The custom resources of this member (not CPU). */
    public Map<String, Double> resources() {
        return amounts(totals);
    }

    /** The custom resources free right now (not CPU). */
    public synchronized Map<String, Double> available() {
        return amounts(free);
    }

    private Map<String, Double> amounts(long[] units) {
        Map<String, Double> map = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], (double) units[i + 1] / Resources.UNITS_PER_ONE);
        }
        return map;
    }

    /** Calls waiting for their share now. */
    public synchronized int waiting() {
        return waiters.size();
    }

    /**
     * What a call of {@code cpus} slots and these custom resources takes from this member.
     *
     * @param who names the call in the message, e.g. {@code task 'f'}
     * @param member this member's address, for the message
     * @throws IllegalArgumentException if this member does not have that much at all, naming what it has
     */
    public long[] demand(int cpus, Map<String, Double> resources, String who, String member) {
        if (cpus > total) {
            throw new IllegalArgumentException(who + " needs " + cpus + " CPU slots but member " + member + " has " + total);
        }
        long[] demand = new long[totals.length];
        demand[0] = cpus;
        for (Map.Entry<String, Double> r : resources.entrySet()) {
            int i = indexOf(r.getKey());
            long units = Resources.units(r.getValue());
            if (i < 0 || units > totals[i + 1]) {
                throw new IllegalArgumentException(who + " needs " + r.getKey() + "=" + Resources.amount(r.getValue())
                        + " but member " + member + " has " + (i < 0 ? "none" : Resources.amount(
                        (double) totals[i + 1] / Resources.UNITS_PER_ONE)));
            }
            demand[i + 1] = units;
        }
        return demand;
    }

    private int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Blocks until {@code n} slots are free (and no earlier caller waits for them) and takes them. */
    public Lease acquire(int n) throws InterruptedException {
        long[] demand = new long[totals.length];
        demand[0] = n;
        return acquire(demand);
    }

    /** Blocks until what {@link #demand} gave is free, first come first served, and takes it. */
    public Lease acquire(long[] demand) throws InterruptedException {
        take(demand, false, true);
        return new Lease(demand);
    }

    private void take(long[] demand, boolean first, boolean interruptible) throws InterruptedException {
        boolean unit = isUnit(demand);
        Waiter w;
        synchronized (this) {
            if (unit && largeWaiting == 0) {
                if (free[0] >= 1) {
                    free[0]--;
                    return; // the common path: one slot, and nobody waits for more than that
                }
            } else if ((first || waiters.isEmpty()) && fits(free, demand)) {
                subtract(free, demand);
                return;
            }
            w = new Waiter(demand, Thread.currentThread(), unit);
            if (!unit) {
                largeWaiting++;
            }
            if (first) {
                waiters.addFirst(w);
            } else {
                waiters.addLast(w);
            }
            if (largeWaiting > 0) {
                grant(); // it may fit beside what earlier waiters reserve
            }
        }
        boolean interrupted = false;
        while (!w.granted) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                if (!interruptible) {
                    interrupted = true;
                } else {
                    synchronized (this) {
                        if (!w.granted) {
                            waiters.remove(w);
                            if (!unit) {
                                largeWaiting--;
                            }
                            wake(); // what it reserved, or the wake-up meant for it, goes to the others
                            throw new InterruptedException();
                        }
                    }
                    interrupted = true; // granted meanwhile: keep it, and the interrupt
                }
            }
            if (unit && !w.granted) {
                synchronized (this) {
                    if (!w.granted && largeWaiting == 0 && free[0] >= 1) {
                        free[0]--;
                        waiters.remove(w);
                        w.granted = true;
                        wake(); // another slot may be free too
                    }
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One CPU slot and nothing else: what most tasks and every actor call take. */
    private static boolean isUnit(long[] demand) {
        if (demand[0] != 1) {
            return false;
        }
        for (int i = 1; i < demand.length; i++) {
            if (demand[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private synchronized void give(long[] demand) {
        for (int i = 0; i < free.length; i++) {
            free[i] += demand[i];
        }
        wake();
    }

    /**
     * After slots were given back or a waiter left: while a larger request waits, serve strictly in
     * order ({@link #grant}); otherwise (only 1-slot waiters) wake the first, which takes a slot if
     * one is still free when it runs, as a plain semaphore does (strict hand-over costs a thread
     * switch per call: measured about 30x slower for short calls).
     */
    private void wake() {
        if (largeWaiting > 0) {
            grant();
        } else if (free[0] >= 1 && !waiters.isEmpty()) {
            LockSupport.unpark(waiters.peekFirst().thread);
        }
    }

    /**
     * Serves waiters in order: each that fits in what is left takes it; one that does not fit
     * reserves what is left of what it needs, so no later waiter takes it first.
     */
    private void grant() {
        if (waiters.isEmpty()) {
            return;
        }
        long[] left = free.clone();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (fits(left, w.demand)) {
                subtract(free, w.demand);
                subtract(left, w.demand);
                it.remove();
                if (!w.unit) {
                    largeWaiting--;
                }
                w.granted = true;
                LockSupport.unpark(w.thread);
            } else {
                boolean anyLeft = false;
                for (int i = 0; i < left.length; i++) {
                    left[i] -= Math.min(left[i], w.demand[i]);
                    anyLeft |= left[i] > 0;
                }
                if (!anyLeft) {
                    return;
                }
            }
        }
    }

    private static boolean fits(long[] available, long[] demand) {
        for (int i = 0; i < demand.length; i++) {
            if (demand[i] > available[i]) {
                return false;
            }
        }
        return true;
    }

    private static void subtract(long[] from, long[] demand) {
        for (int i = 0; i < demand.length; i++) {
            from[i] -= demand[i];
        }
    }

    private static final class Waiter {
        final long[] demand;
        final Thread thread;
        final boolean unit;
        volatile boolean granted;

        Waiter(long[] demand, Thread thread, boolean unit) {
            this.demand = demand;
            this.thread = thread;
            this.unit = unit;
        }
    }

    /** What one running call holds; not thread-safe, used by the call's own thread. */
    public final class Lease {
        private final long[] demand;
        /** The CPU slots alone: what a call gives back while it waits (as Ray: it keeps its GPU). */
        private final long[] slotsOnly;
        private boolean suspended;
        private boolean released;

        private Lease(long[] demand) {
            this.demand = demand;
            this.slotsOnly = new long[demand.length];
            slotsOnly[0] = demand[0];
        }

        /** Gives the CPU slots back while the call waits for something else; custom resources stay held. */
        public synchronized void suspend() {
            if (!suspended && !released) {
                suspended = true;
                give(slotsOnly);
            }
        }

        /**
         * Takes the CPU slots again after a {@link #suspend()}, ahead of calls that have not started.
         * A {@link #release()} from another thread (a forced cancel) meanwhile gives them back again.
         */
        public void resume() {
            synchronized (this) {
                if (!suspended || released) {
                    return;
                }
            }
            try {
                take(slotsOnly, true, false); // not under the lock: a forced release must not wait for it
            } catch (InterruptedException impossible) {
                throw new IllegalStateException(impossible);
            }
            synchronized (this) {
                suspended = false;
                if (released) {
                    give(slotsOnly); // released while it waited: release() left these out
                }
            }
        }

        /** Gives everything back, once (also from another thread: a forced cancel). */
        public synchronized void release() {
            if (!released) {
                released = true;
                long[] back = demand.clone();
                if (suspended) {
                    back[0] = 0; // the slots were given back already
                }
                give(back);
            }
        }
    }
}
