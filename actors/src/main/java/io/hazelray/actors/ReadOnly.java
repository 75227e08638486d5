package io.hazelray.actors;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an actor method that does not change the actor's state. Its calls are ordered with the
 * caller's other calls as usual, but they save nothing: no state is serialized, nothing is sent to
 * the backup, and a read-only call costs no more than the method itself plus one round trip.
 * {@link ActorTaskCaller#readOnly()} does the same for a single call.
 *
 * <pre>{@code
 * public final class Counter implements Serializable {
 *     private int value;
 *     public int increment() { return ++value; }
 *     @ReadOnly public int get() { return value; }
 * }
 * }</pre>
 *
 * <p>A read-only method must really not change the state: changes it makes are never saved, are
 * not seen by the backup, and vanish when the owning member changes.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReadOnly {
}
