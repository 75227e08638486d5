package io.hazelray.tasks;

/**
 * Where a task may run, as Ray's {@code scheduling_strategy}: {@link #DEFAULT} (Hazelray's policy:
 * the member that holds most of the task's large arguments, else the owner of its result's
 * partition, spilling over to the member with the most free slots when that one is full),
 * {@link #SPREAD} (round-robin over the members with room) or a {@link NodeAffinity}.
 *
 * <pre>{@code
 * ray.task(Job::shard, i).withSchedulingStrategy(SchedulingStrategy.SPREAD).remote();
 * ray.task(Job::local, x).withSchedulingStrategy(NodeAffinity.hard(ray.nodes().get(0).uuid())).remote();
 * }</pre>
 *
 * Resources ({@code withCpus}, {@code withResources}) constrain every strategy: a task runs only on
 * a member that has them.
 */
public sealed interface SchedulingStrategy permits SchedulingStrategy.Named, NodeAffinity {
    /** Locality, then the result's partition owner, then spillback to free slots. */
    SchedulingStrategy DEFAULT = Named.DEFAULT;
    /** Round-robin over the members that have room for the task (all that can run it, if none has). */
    SchedulingStrategy SPREAD = Named.SPREAD;

    /** The strategies without a parameter. */
    enum Named implements SchedulingStrategy {
        DEFAULT, SPREAD
    }
}
