package io.hazelray.actors;

import java.io.Serializable;

/**
 * A method called on an actor: the common parent of {@code ActorMethod0..6} and
 * {@code ActorVoidMethod0..6}. Instances are serializable method references such as
 * {@code Counter::increment}; they run on the member that owns the actor.
 */
public interface ActorMethod extends Serializable {

    /** Applies the method to the actor with already-resolved arguments; implemented by each arity. */
    Object invoke(Object actor, Object[] args) throws Exception;
}
