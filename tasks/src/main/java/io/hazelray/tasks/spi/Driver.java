package io.hazelray.tasks.spi;

import io.hazelray.tasks.TaskRuntime;

import java.util.Map;

/**
 * What a tasks driver offers to other kinds of calls (actors): ids and result objects owned by
 * the driver, argument planning, and a hook to release what it owns when it closes. Every
 * {@link TaskRuntime} made by {@code Tasks.driver} or {@code TaskContext.runtime()} is one.
 */
public interface Driver {

    /** The driver behind a tasks runtime. */
    static Driver of(TaskRuntime runtime) {
        if (runtime instanceof Driver driver) {
            return driver;
        }
        throw new IllegalArgumentException("the runtime must come from Tasks.driver or TaskContext.runtime(), was a "
                + (runtime == null ? "null" : runtime.getClass().getName()));
    }

    /** The owner id every object of this driver starts with (its tasks', actors' and calls'). */
    String owner();

    /** The services of the Hazelcast instance this driver submits from. */
    GridServices grid();

    /** Whether the driver was closed: no new call may start. */
    boolean isClosed();

    /** Whether this is a running call's runtime (never closed itself; its objects belong to its driver). */
    boolean isNested();

    /**
     * Runs {@code hook} when this (root) driver closes, before its objects are released. Ignored
     * for nested runtimes. Hooks run once, in registration order; one that throws does not stop
     * the others.
     */
    void onClose(Runnable hook);

    /** A new result object owned by this driver, pending until its {@link PendingResult} is completed. */
    <R> PendingRef<R> newPendingRef();

    /**
     * A new object id owned by {@code owner} (this driver's id, or another prefix it uses) whose partition is owned by a member that offers
     * {@code cpus} CPU slots and these custom resources: how an actor that asks for resources is
     * placed (its calls run on its key's owner).
     *
     * @throws IllegalArgumentException if no member offers them, naming the largest
     */
    String newObjectIdPlacedFor(String owner, int cpus, Map<String, Double> resources);

    /**
     * Serializes the plain arguments now, on the caller's thread.
     *
     * @param callName the call, named in messages
     * @throws IllegalArgumentException naming the argument that cannot be serialized
     */
    ArgumentPlan planArguments(Object[] args, String callName);
}
