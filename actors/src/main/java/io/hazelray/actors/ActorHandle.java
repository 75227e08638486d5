package io.hazelray.actors;

import java.io.Serializable;
import java.util.Optional;

/**
 * A reference to an actor, through which its methods are called: {@code handle.task(A::method,
 * args...)} prepares a call, {@link ActorTaskCaller#remote()} submits it and returns an
 * {@link io.hazelray.core.ObjectRef} at once.
 *
 * <pre>{@code
 * ActorHandle<Counter> counter = ray.actor(Counter::new, 10).name("c").remote();
 * ObjectRef<Integer> n = counter.task(Counter::increment).remote();
 * int eleven = ray.get(n);
 * }</pre>
 *
 * <p>Handles are serializable: pass them to tasks and to other actors (as arguments, or inside
 * their state), which can call the actor through them. Calls made through one process (a driver,
 * or a member running tasks and actors) are applied in the order they were submitted there.
 * Two handles are equal when they refer to the same actor.
 *
 * @param <A> the actor's class
 */
public interface ActorHandle<A> extends ActorCall<A>, Serializable {

    /** The actor's id, unique in the cluster: its key in the actors map. */
    String actorId();

    /** The name given at creation, if any. */
    Optional<String> name();
}
