package io.hazelray.tasks.impl;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread blocked in {@code get} on one result, which runs the reply handlers handed to it
 * ({@link LocalObject#handToWaiter}) until its result is there.
 *
 * <p>Why: a reply that arrives on a Hazelcast partition or response thread may not be handled
 * there (a handler sends the next batch, publishes to the store, runs the ref's dependents), so
 * it went to the common pool, which then woke the caller: two thread hand-offs per call, and the
 * pool's own wake-ups of idle workers. Handing it to the thread that waits for it anyway costs
 * one. One call at a time on an actor spent a third of its CPU in the common pool's hand-off.
 */
final class WaitingCaller {
    private final Thread thread = Thread.currentThread();
    private final Queue<Runnable> handlers = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * Queues {@code handler} for the waiting thread and wakes it; false once the thread has stopped
     * waiting (the caller then runs the handler elsewhere). A handler queued just as the thread
     * stops is either taken back here or run by {@link #close}: never lost, never run twice.
     */
    boolean offer(Runnable handler) {
        if (closed) {
            return false;
        }
        handlers.add(handler);
        if (closed && handlers.remove(handler)) {
            return false;
        }
        LockSupport.unpark(thread);
        return true;
    }

    /** On the waiting thread: the next handler handed over, or null. */
    Runnable poll() {
        return handlers.poll();
    }

    /** Wakes the waiting thread (its result is there). */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** On the waiting thread, when it stops waiting: handlers still queued go to the common pool. */
    void close() {
        closed = true;
        for (Runnable left = handlers.poll(); left != null; left = handlers.poll()) {
            ForkJoinPool.commonPool().execute(left);
        }
    }
}
