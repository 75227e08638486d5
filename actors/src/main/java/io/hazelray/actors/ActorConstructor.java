package io.hazelray.actors;

import java.io.Serializable;

/**
 * Creates an actor: the common parent of {@code ActorConstructor0} to {@code ActorConstructor6}.
 * Instances are serializable constructor references such as {@code Counter::new}; they run on the
 * member that will own the actor.
 */
public interface ActorConstructor extends Serializable {

    /** Creates the actor from already-resolved arguments; implemented by each arity. */
    Object invoke(Object[] args) throws Exception;
}
