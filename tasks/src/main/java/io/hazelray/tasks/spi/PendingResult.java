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
}
