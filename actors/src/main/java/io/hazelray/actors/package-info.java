/**
 * Actors: stateful workers whose methods are called remotely, as in Ray, with the state kept in a
 * Hazelcast IMap so that it survives the loss of a member.
 *
 * <pre>{@code
 * public final class Counter implements Serializable {
 *     private int value;
 *     public Counter(int start) { value = start; }
 *     public int increment() { return ++value; }
 *     @ReadOnly public int value() { return value; }
 * }
 *
 * ActorHandle<Counter> c = ray.actor(Counter::new, 10).name("c").remote();
 * ObjectRef<Integer> n = c.task(Counter::increment).remote();
 * ray.get(n);                                   // 11
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>Calls on one actor are applied one at a time; calls submitted from one process (a driver,
 *     or a member running tasks and actor methods) are applied in submission order. Calls on
 *     different actors run in parallel, up to the owning member's CPU slots.</li>
 * <li>A call runs off Hazelcast's partition threads: a method that runs for minutes does not
 *     delay other actors or map operations in its partition. (A method that has run in under
 *     0.2 ms several times in a row, and never waited for an object or called anything, runs on
 *     the partition thread, as a raw entry processor would; {@code -Dhazelray.actors.inline=false}
 *     turns that off.)</li>
 * <li>An acknowledged call is in the actor's IMap entry and its synchronous backup; when the
 *     owning member is lost, the backup takes over and calls in flight are retried there, and no
 *     call is applied twice (each caller's last calls and their results are kept in the entry).</li>
 * <li>A method that throws has no effect: the state is restored to what it was before the call,
 *     on the primary and the backup alike, and the actor keeps serving.</li>
 * <li>Read-only calls ({@link io.hazelray.actors.ReadOnly}) neither serialize nor back up
 *     anything.</li>
 * </ul>
 */
package io.hazelray.actors;
