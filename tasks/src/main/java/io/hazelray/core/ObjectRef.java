package io.hazelray.core;

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
}
