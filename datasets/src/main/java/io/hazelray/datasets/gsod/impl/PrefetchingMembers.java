package io.hazelray.datasets.gsod.impl;

import io.hazelray.datasets.gsod.GsodException;

import java.lang.ref.Cleaner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads members on a background thread ("gsod-inflate-N"): inflating and untarring there, parsing
 * on the caller's thread, the two overlap on two cores. Between them a queue that holds
 * {@value #QUEUE} member, so at most three station files are in memory at once (one being
 * filled, one queued, one being parsed); their arrays are recycled. A longer queue measured no
 * faster on the 2019 archive. Internal.
 *
 * <p>The thread ends when the archive is read, when it fails (the failure is handed over and
 * rethrown by {@link #next}), on {@link #close()}, or, should a caller drop this object without
 * closing it, when it is garbage collected.
 */
public final class PrefetchingMembers implements MemberSource {
    static final int QUEUE = 1;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final State state;
    private final Cleaner.Cleanable cleanable;

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
        Object item;
        try {
            item = state.full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new GsodException(archive() + ": interrupted while reading", e);
        }
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
        final BlockingQueue<Object> full = new ArrayBlockingQueue<>(QUEUE);
        final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUE + 2);
        volatile Thread thread;
        volatile boolean stopped;
        boolean finished;

        State(MemberSource source) {
            this.source = source;
        }

        void run() {
            Object last = END;
            try {
                Member m;
                while (!stopped && (m = source.next(free.poll())) != null) {
                    put(m);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                last = e;
            } finally {
                source.close();
            }
            try {
                put(last);
            } catch (InterruptedException e) {
                // closed: nobody waits for the end
            }
        }

        private void put(Object item) throws InterruptedException {
            while (!stopped) {
                if (full.offer(item, 100, TimeUnit.MILLISECONDS)) {
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
