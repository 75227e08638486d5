package io.hazelray.tasks.spi;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

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

    /**
     * Where a reply handler for calls whose results are {@code waitedFor} runs (the executor to
     * give Hazelcast's {@code whenCompleteAsync}): on the thread that got the reply when it may make
     * calls itself (a client's response thread, say); from a Hazelcast partition, response or IO
     * thread, which must not (a handler sends the next call, publishes to the store, retries), on
     * the thread blocked in {@code get} on one of them if there is one (one thread hand-off, as a
     * raw Hazelcast call has), else on the common pool.
     */
    static Executor replyExecutor(Iterable<? extends PendingResult> waitedFor) {
        return handler -> {
            if (!GridInternals.onOperationThread()) {
                handler.run();
                return;
            }
            for (PendingResult result : waitedFor) {
                if (result.handToWaiter(handler)) {
                    return;
                }
            }
            ForkJoinPool.commonPool().execute(handler);
        };
    }
}
