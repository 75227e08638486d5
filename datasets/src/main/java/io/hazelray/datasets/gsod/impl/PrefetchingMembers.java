package io.hazelray.datasets.gsod.impl;

import io.hazelray.datasets.gsod.GsodException;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads members on a background thread ("gsod-inflate-N"): inflating and untarring there, parsing
 * on the caller's thread, the two overlap on two cores. Members cross between the threads in
 * batches of up to {@value #BATCH_MEMBERS} station files or {@value #BATCH_BYTES} bytes, at most
 * {@value #QUEUE} batch queued: one batch being filled, one queued, one being parsed; their arrays
 * are recycled.
 *
 * <p>Why batches: a station file is about 75 KB, and handing each over alone made the faster
 * thread block and be woken again for nearly every file: {@code ./hazelray gsod --engine actors}
 * on the real 2019 and 2020 archives made about 30,000 voluntary context switches, and about
 * 4,500 with batches (three pairs of runs, 2 cores). On a virtual machine a wake-up costs more
 * whenever the host is busy; the job's time varied far more from run to run than that of
 * {@code gzip -dc}, which wakes nothing.
 *
 * <p>The thread ends when the archive is read, when it fails (the failure is handed over and
 * rethrown by {@link #next}), on {@link #close()}, or, should a caller drop this object without
 * closing it, when it is garbage collected.
 */
public final class PrefetchingMembers implements MemberSource {
    static final int QUEUE = 1;
    public static final int BATCH_MEMBERS = 32;
    static final int BATCH_BYTES = 2 << 20;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final State state;
    private final Cleaner.Cleanable cleanable;
    /** The batch being handed out, and how many of its items were. */
    private List<Object> batch;
    private int taken;

    public PrefetchingMembers(MemberSource source) {
        this.state = new State(source);
        Thread t = new Thread(state::run, "gsod-inflate-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        state.thread = t;
        this.cleanable = CLEANER.register(this, state::stop);
        t.start();
    }

    @Override
    public String archive() {
        return state.source.archive();
    }

    @Override
    public Member next(byte[] reuse) {
        if (reuse != null) {
            state.free.offer(reuse);
        }
        if (state.finished) {
            return null;
        }
        if (batch == null || taken == batch.size()) {
            try {
                batch = state.full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new GsodException(archive() + ": interrupted while reading", e);
            }
            taken = 0;
        }
        Object item = batch.get(taken);
        batch.set(taken++, null);
        if (item instanceof Member m) {
            return m;
        }
        state.finished = true;
        if (item instanceof RuntimeException e) {
            throw e;
        }
        if (item instanceof Error e) {
            throw e;
        }
        return null;                                        // END
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    /** Everything the thread uses; holds no reference to the {@link PrefetchingMembers}. */
    private static final class State {
        private static final Object END = new Object();
        final MemberSource source;
        /** Batches of members, the last one ending with END or the failure. */
        final BlockingQueue<List<Object>> full = new ArrayBlockingQueue<>(QUEUE);
        /** Arrays the caller is done with: enough for every batch in memory at once. */
        final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>((QUEUE + 2) * BATCH_MEMBERS);
        volatile Thread thread;
        volatile boolean stopped;
        boolean finished;

        State(MemberSource source) {
            this.source = source;
        }

        void run() {
            Object last = END;
            List<Object> batch = new ArrayList<>(BATCH_MEMBERS + 1);
            long bytes = 0;
            try {
                Member m;
                while (!stopped && (m = source.next(free.poll())) != null) {
                    batch.add(m);
                    bytes += m.length();
                    if (batch.size() >= BATCH_MEMBERS || bytes >= BATCH_BYTES) {
                        put(batch);
                        batch = new ArrayList<>(BATCH_MEMBERS + 1);
                        bytes = 0;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                last = e;
            } finally {
                source.close();
            }
            batch.add(last);
            try {
                put(batch);
            } catch (InterruptedException e) {
                // closed: nobody waits for the end
            }
        }

        private void put(List<Object> batch) throws InterruptedException {
            while (!stopped) {
                if (full.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            throw new InterruptedException("stopped");
        }

        void stop() {
            stopped = true;
            Thread t = thread;
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            full.clear();
            free.clear();
        }
    }
}
