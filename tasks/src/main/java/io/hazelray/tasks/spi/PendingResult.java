package io.hazelray.tasks.spi;

/**
 * The caller's side of a call's result object while the call runs: whoever delivers the call
 * (the tasks executor, an actor channel) records its {@link Outcome} here once; {@code get},
 * {@code waitFor} and dependent calls then see it. Implemented by the tasks runtime.
 */
public interface PendingResult {

    /** The id of the result object. */
    String id();

    /**
     * Records the outcome (the first one wins; later ones are ignored). Never throws, so a reply
     * handler can always complete it.
     */
    void complete(Outcome outcome);

    /**
     * Hands {@code handler} (the code that handles this call's reply) to the thread blocked in
     * {@code get} on this result, to run there: a reply arriving on a Hazelcast thread that may not
     * run it then costs one thread hand-off instead of two (through the common pool).
     *
     * @return false when no thread waits on it (run the handler elsewhere)
     */
    default boolean handToWaiter(Runnable handler) {
        return false;
    }
}
