package io.hazelray.tasks;

import java.util.concurrent.CompletableFuture;
import io.hazelray.core.TaskException;
import io.hazelray.core.ObjectLostException;
import io.hazelray.core.GetTimeoutException;
import io.hazelray.core.WaitResult;
import io.hazelray.core.ObjectRef;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Tasks and the object store on one Hazelcast instance, without the {@code Hazelray} facade:
 * what the facade delegates to, and what a test or an application that manages its own
 * {@code HazelcastInstance} can use directly ({@link Tasks#driver}).
 *
 * <p>Everything a runtime creates ({@code put} values, task results) is owned by it and released
 * by {@link #close()}.
 */
public interface TaskRuntime extends TaskCall, AutoCloseable {

    /** Stores {@code value} in the grid (one synchronous backup) and returns a ref to it. */
    <T> ObjectRef<T> put(T value);

    /** Waits for the object and returns it; throws the task's {@link TaskException} if it failed. */
    <T> T get(ObjectRef<T> ref);

    /** As {@link #get(ObjectRef)}, giving up after {@code timeout} with {@link GetTimeoutException}. */
    <T> T get(ObjectRef<T> ref, Duration timeout);

    /**
     * Cancels the task behind {@code ref} as Ray's {@code ray.cancel(ref)} does by default:
     * {@code cancel(ref, false, true)}.
     *
     * @return whether a task of this driver was still pending and is now cancelled ({@code false}
     *         for a finished task, another driver's ref, or an actor call)
     */
    default boolean cancel(ObjectRef<?> ref) {
        return cancel(ref, false, true);
    }

    /**
     * Cancels the task behind {@code ref}, as Ray's {@code ray.cancel(ref, force, recursive)}: its
     * ref fails at once ({@code get} throws {@link io.hazelray.core.TaskCancelledException}); a task
     * not started yet never runs; a running one is interrupted, and its result is dropped whatever
     * it returns (a JVM thread cannot be killed: a body that ignores interrupts runs on).
     *
     * @param force     also give the running body's CPU slots and resources back at once, so that
     *                  queued tasks start on its member even if the body ignores the interrupt
     *                  (Ray kills the worker process instead); without it they are freed when the
     *                  body returns
     * @param recursive also cancel, the same way, the tasks the cancelled task submitted
     *                  ({@code TaskContext.runtime()}) and that have not finished
     * @return whether a task of this driver was still pending and is now cancelled ({@code false}
     *         for a finished task, another driver's ref, or an actor call)
     */
    boolean cancel(ObjectRef<?> ref, boolean force, boolean recursive);

    /** The value as a future, without a thread per ref (see {@link ObjectRef#future()}); works for any ref. */
    <T> CompletableFuture<T> future(ObjectRef<T> ref);

    /** Waits for every object and returns them in the order of {@code refs}. */
    <T> List<T> get(List<? extends ObjectRef<T>> refs);

    /** Waits until {@code numReturns} of {@code refs} are ready or {@code timeout} passes. */
    <T> WaitResult<T> waitFor(List<? extends ObjectRef<T>> refs, int numReturns, Duration timeout);

    /** Releases these objects from the store at once; a later {@code get} throws {@link ObjectLostException}. */
    void free(Collection<? extends ObjectRef<?>> refs);

    /** The address of the member this runtime submits from, e.g. {@code 127.0.0.1:5701}. */
    String localAddress();

    /** Releases every object this runtime created. Idempotent. */
    @Override
    void close();
}
