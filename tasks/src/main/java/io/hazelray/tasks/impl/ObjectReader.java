package io.hazelray.tasks.impl;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import io.hazelray.core.GetTimeoutException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectLostException;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.WaitResult;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.Outcome;
import io.hazelray.tasks.spi.RunningCall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reading objects for one driver: its own results from the outcomes recorded in this process
 * (inline values never touch the grid), everyone else's from the object store; and
 * {@code waitFor}, which waits on one completion signal rather than a listener per ref.
 * A reader blocked inside a running call gives the call's CPU slots back while it waits.
 */
final class ObjectReader {
    private final DriverRuntime driver;
    private final GridServices grid;
    /** Bumped at every completion; waitFor waits on it instead of adding listeners to every future. */
    private final Object completions = new Object();
    private long completionCount;
    private volatile int waiters;

    ObjectReader(DriverRuntime driver) {
        this.driver = driver;
        this.grid = driver.grid();
    }

    /** Called once an outcome of this driver is recorded: wakes {@code waitFor}. */
    void completed() {
        if (waiters > 0) {
            synchronized (completions) {
                completionCount++;
                completions.notifyAll();
            }
        }
    }

        public <T> T get(ObjectRef<T> ref, Duration timeout) {
        Objects.requireNonNull(ref, "ref");
        ObjectRefImpl<T> r = (ObjectRefImpl<T>) ref;
        LocalObject local = r.local();
        if (local != null && local.runtime == driver) {
            if (driver.isClosed()) {
                throw shutDown(ref);
            }
            Outcome outcome = await(local, ref, timeout);
            if (driver.isClosed()) {
                throw shutDown(ref);
            }
            if (local.isFreed()) {
                throw new ObjectLostException(ref.id(), "it was freed with free()");
            }
            return switch (outcome.kind()) {
                case INLINE -> grid.fromBytes(outcome.bytes());
                case STORED -> unwrap(ref, readStored(ref));
                case FAILED -> throw failure(grid, outcome);
            };
        }
        if (driver.isClosed()) {
            throw shutDown(ref);
        }
        if (local != null) {
            if (local.runtime.isClosed()) {
                throw shutDown(ref);
            }
            local.share();
        }
        return unwrap(ref, awaitInGrid(ref, timeout));
    }

    /** See {@link ObjectRef#future()}: completed by this driver's outcome, or by polling the grid. */
    <T> CompletableFuture<T> future(ObjectRef<T> ref) {
        Objects.requireNonNull(ref, "ref");
        CompletableFuture<T> result = new CompletableFuture<>();
        if (driver.isClosed()) {
            result.completeExceptionally(shutDown(ref));
            return result;
        }
        LocalObject local = ((ObjectRefImpl<T>) ref).local();
        if (local == null || local.runtime != driver) {
            if (local != null) {
                local.share(); // another driver's ref in this JVM: read it from the grid
            }
            readAsync(ref, result, FIRST_POLL_NANOS);
            return result;
        }
        local.outcome().whenComplete((outcome, error) -> {
            try {
                if (error != null) {
                    result.completeExceptionally(error);
                } else if (driver.isClosed()) {
                    result.completeExceptionally(shutDown(ref));
                } else if (local.isFreed()) {
                    result.completeExceptionally(new ObjectLostException(ref.id(), "it was freed with free()"));
                } else {
                    switch (outcome.kind()) {
                        case INLINE -> result.complete(grid.fromBytes(outcome.bytes()));
                        case FAILED -> result.completeExceptionally(failure(grid, outcome));
                        case STORED -> readAsync(ref, result, FIRST_POLL_NANOS);
                    }
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e); // a value that cannot be deserialized here
            }
        });
        return result;
    }

    /** Reads the object from the store without blocking a thread; a pending one is read again later. */
    private <T> void readAsync(ObjectRef<T> ref, CompletableFuture<T> result, long pauseNanos) {
        grid.store().map().getAsync(ref.id()).whenComplete((value, error) -> {
            try {
                if (error != null) {
                    result.completeExceptionally(error);
                } else if (value == null) {
                    result.completeExceptionally(new ObjectLostException(ref.id(), "it is not in the object store"
                            + " (freed, released when its owner shut down, or lost with members)"));
                } else if (value instanceof ObjectStore.Pending) {
                    POLLER.schedule(() -> readAsync(ref, result, Math.min(pauseNanos * 2, MAX_POLL_NANOS)), pauseNanos,
                            TimeUnit.NANOSECONDS);
                } else {
                    result.complete(unwrap(ref, value));
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
    }

    private static final long FIRST_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** The one timer that re-reads pending objects of other drivers for {@link #future}: no thread per ref. */
    private static final ScheduledExecutorService POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hazelray-ref-poller");
        t.setDaemon(true);
        return t;
    });

    private Object readStored(ObjectRef<?> ref) {
        Object value = grid.store().read(ref.id());
        if (value == null) {
            throw grid.store().lost(ref.id());
        }
        return value;
    }

    private Object awaitInGrid(ObjectRef<?> ref, Duration timeout) {
        try (RunningCall.Blocking ignored = RunningCall.blocking()) {
            return grid.store().await(ref, timeout);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T unwrap(ObjectRef<?> ref, Object stored) {
        if (stored instanceof ObjectStore.StoredFailure failure) {
            HazelrayException e = failure.exception();
            e.fillInStackTrace();
            throw e;
        }
        if (stored instanceof LocalObject.NullValue) {
            return null;
        }
        return (T) stored;
    }

    /** The failure an outcome records, as a fresh exception for each {@code get}. */
    static HazelrayException failure(GridServices grid, Outcome outcome) {
        if (outcome.error() != null) {
            return new HazelrayException(outcome.error().getMessage(), outcome.error());
        }
        HazelrayException e = grid.fromBytes(outcome.bytes()); // a fresh copy for each get
        e.fillInStackTrace(); // the stack of the get that throws it; the remote one is the cause
        return e;
    }

    private Outcome await(LocalObject local, ObjectRef<?> ref, Duration timeout) {
        CompletableFuture<Outcome> future = local.outcome;
        Outcome done = future.getNow(null);
        if (done != null) {
            return done;
        }
        try (RunningCall.Blocking ignored = RunningCall.blocking()) {
            return local.await(timeout == null ? -1 : timeout.toNanos());
        } catch (TimeoutException e) {
            throw new GetTimeoutException(ref, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HazelrayException("interrupted while waiting for object " + ref.id(), e);
        }
    }

    <T> List<T> get(List<? extends ObjectRef<T>> refs) {
        List<T> values = new ArrayList<>(refs.size());
        for (ObjectRef<T> ref : refs) {
            values.add(get(ref, null));
        }
        return values;
    }

    <T> WaitResult<T> waitFor(List<? extends ObjectRef<T>> refs, int numReturns, Duration timeout) {
        Objects.requireNonNull(refs, "refs");
        if (numReturns < 0 || numReturns > refs.size()) {
            throw new IllegalArgumentException("numReturns must be between 0 and " + refs.size() + ", was " + numReturns);
        }
        driver.ensureOpen();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        boolean anyForeign = refs.stream().anyMatch(ref -> {
            LocalObject local = ((ObjectRefImpl<?>) ref).local();
            return local == null || local.runtime != driver;
        });
        waitersChange(1);
        try (RunningCall.Blocking ignored = RunningCall.blocking()) {
            long pause = TimeUnit.MICROSECONDS.toNanos(100);
            while (true) {
                long seen;
                synchronized (completions) {
                    seen = completionCount;
                }
                List<ObjectRef<T>> ready = new ArrayList<>();
                List<ObjectRef<T>> unready = new ArrayList<>();
                for (ObjectRef<T> ref : refs) {
                    (ready.size() < numReturns && isReady(ref) ? ready : unready).add(ref);
                }
                long left = deadline - System.nanoTime();
                if (ready.size() >= numReturns || left <= 0) {
                    return new WaitResult<>(ready, unready);
                }
                // This driver's results signal their completion; refs of other drivers are polled in the grid.
                long slice = anyForeign ? Math.min(left, pause) : left;
                synchronized (completions) {
                    if (completionCount == seen) {
                        TimeUnit.NANOSECONDS.timedWait(completions, Math.min(slice, TimeUnit.SECONDS.toNanos(1)));
                    }
                }
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HazelrayException("interrupted in waitFor", e);
        } finally {
            waitersChange(-1);
        }
    }

    private void waitersChange(int delta) {
        synchronized (completions) {
            waiters += delta;
        }
    }

    private boolean isReady(ObjectRef<?> ref) {
        LocalObject local = ((ObjectRefImpl<?>) ref).local();
        if (local != null && local.runtime == driver) {
            return local.outcome.isDone();
        }
        return grid.store().isReady(ref.id());
    }

    private static HazelrayException shutDown(ObjectRef<?> ref) {
        return DriverRuntime.shutDown(ref);
    }
}
