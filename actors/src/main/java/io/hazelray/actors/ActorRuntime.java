package io.hazelray.actors;

import io.hazelray.core.ActorDiedException;
import io.hazelray.core.ObjectRef;
import java.util.Optional;

/**
 * Actors on a Hazelcast cluster: create them ({@code actor(Type::new, args...)}), find named ones,
 * and kill them. What the {@code Hazelray} facade delegates to; {@link Actors#runtime} makes one
 * from a tasks runtime.
 *
 * <pre>{@code
 * try (TaskRuntime tasks = Tasks.driver(hz)) {
 *     ActorRuntime actors = Actors.runtime(tasks);
 *     ActorHandle<Counter> c = actors.actor(Counter::new, 10).name("c").remote();
 *     int n = tasks.get(c.task(Counter::increment).remote());   // 11
 *     actors.<Counter>getActor("c").orElseThrow();              // the same actor
 *     actors.kill(c);
 * }
 * }</pre>
 *
 * <p>Actors belong to the driver that created them (directly, or in one of its tasks or actors)
 * and are killed when it closes, unless created {@link ActorCreator#detached()}.
 */
public interface ActorRuntime extends ActorCreatorCall {

    /**
     * The live actor registered under {@code name}, if any. The actor's class is not checked: the
     * caller states it.
     */
    <A> Optional<ActorHandle<A>> getActor(String name);

    /**
     * The actor with this id (as {@link ActorHandle#actorId()} gives it), if its record exists: alive,
     * or dead and kept as a tombstone. What tools that know only the id (the dashboard) use.
     */
    <A> Optional<ActorHandle<A>> getActorById(String actorId);

    /**
     * Kills the actor and releases its name: calls that have not started yet, and every later
     * call through any handle, fail with {@link ActorDiedException}. A call already running
     * finishes, but its effect on the state is not kept. Killing a dead actor does nothing.
     */
    void kill(ActorHandle<?> handle);

    /**
     * Kills the actor as {@link #kill(ActorHandle)}, or, with {@code noRestart} false, restarts it
     * if its {@link ActorCreator#maxRestarts} allows (Ray's {@code ray.kill(actor, no_restart=False)}):
     * its state is dropped and its constructor runs again before its next call; calls that had not
     * started run on the new instance. Without restarts left it is killed.
     */
    void kill(ActorHandle<?> handle, boolean noRestart);

    /**
     * Drops an actor call that this process has not sent to its actor yet (Ray's
     * {@code ray.cancel(actorCallRef)}): a call still queued behind earlier calls of the same
     * caller never runs, and {@code get} of its ref throws
     * {@link io.hazelray.core.TaskCancelledException}; later calls still run, in order. A call
     * already sent (in flight or running) is not interrupted: it finishes.
     *
     * @return whether the call was still queued here and is now dropped
     */
    boolean cancel(ObjectRef<?> callRef);
}
