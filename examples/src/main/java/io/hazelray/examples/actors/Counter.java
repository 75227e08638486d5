package io.hazelray.examples.actors;

import io.hazelray.actors.ReadOnly;

import java.io.Serializable;

/**
 * The counter of Ray's actor tutorial, as a Hazelray actor: a plain serializable class whose state
 * lives in the grid (the actors IMap, with a synchronous backup) and whose methods run one call
 * at a time on the member that owns it.
 *
 * <pre>{@code
 * ActorHandle<Counter> counter = ray.actor(Counter::new, 0).name("counter").remote();
 * List<ObjectRef<Integer>> refs = new ArrayList<>();
 * for (int i = 0; i < 10; i++) {
 *     refs.add(counter.task(Counter::increment).remote());
 * }
 * ray.get(refs);                                   // [1, 2, ..., 10]: one at a time, in order
 * ray.get(counter.task(Counter::value).remote());  // 10
 * }</pre>
 *
 * <p>The Python original:
 * <pre>{@code
 * @ray.remote
 * class Counter:
 *     def __init__(self):
 *         self.value = 0
 *     def increment(self):
 *         self.value += 1
 *         return self.value
 *     def get_counter(self):
 *         return self.value
 * }</pre>
 */
public final class Counter implements Serializable {
    private static final long serialVersionUID = 1L;

    private int value;

    public Counter(int start) {
        this.value = start;
    }

    /** Adds one and returns the new value. */
    public int increment() {
        return ++value;
    }

    /** Adds {@code n} (which may be an {@code ObjectRef} at the call site) and returns the new value. */
    public int add(int n) {
        value += n;
        return value;
    }

    /** Sets the counter back to zero; a void method, whose ref yields {@code null}. */
    public void reset() {
        value = 0;
    }

    /** The current value: read-only, so calls of it save nothing and send nothing to the backup. */
    @ReadOnly
    public int value() {
        return value;
    }
}
