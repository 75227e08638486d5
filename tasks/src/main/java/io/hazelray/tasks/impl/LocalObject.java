package io.hazelray.tasks.impl;

import io.hazelray.tasks.spi.PendingResult;
import io.hazelray.tasks.spi.Outcome;
import io.hazelray.core.HazelrayException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * What the driver that created an object knows about it: the call's outcome once it arrives, and
 * whether the ref was shared (then the outcome must also be in the store) or freed.
 */
public final class LocalObject implements PendingResult {
    final DriverRuntime runtime;
    final String id;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    /** The outcome as {@link #share()} must see it: set under this object's lock. */
    private Outcome result;
    private boolean shared;
    private boolean freed;
    /** The serialized size of a value this driver knows is in the store (put, or a large result); 0 if unknown. */
    volatile long storedBytes;
    /** The thread blocked in {@link #await} on this object, if any: it runs reply handlers handed to it. */
    private volatile WaitingCaller waiter;
    private static final VarHandle WAITER;

    static {
        try {
            WAITER = MethodHandles.lookup().findVarHandle(LocalObject.class, "waiter", WaitingCaller.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    LocalObject(DriverRuntime runtime, String id) {
        this.runtime = runtime;
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /**
     * Records the call's outcome (the first one wins); publishes it to the store if the ref was
     * shared meanwhile. Never throws: a failure to publish is logged and leaves readers of the
     * shared ref with a lost object rather than waiting forever.
     */
    @Override
    public void complete(Outcome outcome) {
        synchronized (this) {
            if (result != null) {
                if (freed && outcome.kind() == Outcome.Kind.STORED) {
                    runtime.grid().store().deleteAsync(id); // a result that landed after its runtime closed
                }
                return;
            }
            result = outcome;
            try {
                if (freed) {
                    if (outcome.kind() == Outcome.Kind.STORED) {
                        runtime.grid().store().deleteAsync(id);
                    }
                } else if (shared) {
                    publish(outcome, false);
                }
            } catch (RuntimeException e) {
                DriverRuntime.LOG.warn("could not publish object {}: {}", id, e.toString());
            }
        }
        this.outcome.complete(outcome);
        WaitingCaller w = waiter; // read after the completion: a waiter that missed it is woken
        if (w != null) {
            w.wake();
        }
        runtime.completed(this);
    }

    @Override
    public boolean handToWaiter(Runnable handler) {
        WaitingCaller w = waiter;
        return w != null && w.offer(handler);
    }

    /**
     * Waits for the outcome, running on this thread the reply handlers handed to it meanwhile (see
     * {@link WaitingCaller}). A second thread waiting on the same object just waits.
     *
     * @param timeoutNanos how long at most; negative: no limit
     */
    Outcome await(long timeoutNanos) throws InterruptedException, TimeoutException {
        WaitingCaller w = new WaitingCaller();
        if (!WAITER.compareAndSet(this, null, w)) {
            try {
                return timeoutNanos < 0 ? outcome.get() : outcome.get(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause()); // never: the outcome is only ever completed normally
            }
        }
        long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        try {
            while (true) {
                Runnable handler = w.poll();
                if (handler != null) {
                    runHandler(handler);
                    continue;
                }
                Outcome done = outcome.getNow(null); // read after publishing the waiter: see complete()
                if (done != null) {
                    return done;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (timeoutNanos < 0) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException();
                    }
                    LockSupport.parkNanos(this, left);
                }
            }
        } finally {
            waiter = null;
            w.close();
        }
    }

    private void runHandler(Runnable handler) {
        // An interrupt meant for this get must not reach the handler (it may store a shared ref's
        // value, a blocking write an interrupt would break): held back while it runs.
        boolean interrupted = Thread.interrupted();
        try {
            handler.run();
        } catch (RuntimeException e) {
            // a handler's failure belongs to its own call, which it completes: not to this get
            DriverRuntime.LOG.warn("a reply handler failed on the waiting thread: {}", e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Makes the object readable from the grid by anyone holding its id. */
    synchronized void share() {
        if (shared || freed) {
            return;
        }
        shared = true;
        if (result != null) {
            publish(result, true);
        } else {
            runtime.grid().store().markPending(id);
        }
    }

    synchronized boolean free() {
        if (freed) {
            return false;
        }
        freed = true;
        return result == null || result.kind() == Outcome.Kind.STORED || shared;
    }

    synchronized boolean isFreed() {
        return freed;
    }

    private void publish(Outcome result, boolean sync) {
        Object value = switch (result.kind()) {
            case STORED -> null;
            case INLINE -> result.bytes() == null ? null : runtime.grid().dataOf(result.bytes());
            case FAILED -> new ObjectStore.StoredFailure(result.error() != null ? result.error()
                    : (HazelrayException) runtime.grid().fromBytes(result.bytes()));
        };
        if (result.kind() == Outcome.Kind.STORED) {
            return;
        }
        if (value == null) {
            value = NullValue.INSTANCE;
        }
        if (sync) {
            runtime.grid().store().set(id, value);
        } else {
            runtime.grid().store().setAsync(id, value);
        }
    }

    /** Stands for a {@code null} result in the store, where null values cannot be kept. */
    public enum NullValue {
        INSTANCE
    }
}
