package io.hazelray.core;

import java.util.concurrent.CompletableFuture;
import java.io.Serializable;

/**
 * A reference to a value in the grid's object store: the future result of a task, an actor call,
 * or a value {@code put} there. Returned at once by {@code remote()} and {@code put}; read with
 * {@code get}, {@code waitFor}. Refs are serializable: pass them to tasks and actors (as arguments
 * they are resolved on the member that runs the call) or inside other values.
 *
 * <p>An object stays in the store until the driver that created it {@code free}s it or shuts
 * down; a ref that outlives its object yields {@link ObjectLostException}.
 *
 * <pre>{@code
 * ObjectRef<Integer> size = ray.task(Fibonacci::distributed, 100_000).remote();
 * int n = ray.get(size);
 * }</pre>
 *
 * @param <T> the type of the referenced value
 */
public interface ObjectRef<T> extends Serializable {

    /** The object's id in the store: {@code <owner>/<sequence>}, unique in the cluster. */
    String id();

    /**
     * The value as a future, as Ray Java's {@code ObjectRef} future and Python's {@code await ref}:
     * completes with the value once it is ready, or exceptionally with the {@code get} exception
     * ({@link TaskException}, {@link ObjectLostException}, ...). No thread waits per ref: the
     * driver's own results complete it as they arrive; another driver's objects are polled in the
     * grid with a backoff, by one shared timer. Non-async callbacks ({@code thenAccept}...) run on
     * the thread that completes it: never a Hazelcast partition or IO thread, but possibly a thread
     * of yours that is blocked in {@code get} meanwhile (it handles the replies it waits for); use
     * the {@code ...Async} forms for callbacks that block or take long.
     *
     * <pre>{@code
     * CompletableFuture<Integer> n = ray.task(Fibonacci::distributed, 1000).remote().future();
     * n.thenAccept(size -> System.out.println(size));
     * }</pre>
     *
     * @throws IllegalStateException for a ref this process received from elsewhere, outside any task:
     *                               read it with {@code ray.future(ref)}
     */
    CompletableFuture<T> future();
}
