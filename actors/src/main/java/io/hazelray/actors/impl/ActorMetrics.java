package io.hazelray.actors.impl;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of this JVM's actor machinery, for tests, benchmarks and the dashboard: how often
 * batches were sent again, answered from the record (de-duplicated), and how often an owner
 * (re)loaded an actor from its stored record.
 */
public final class ActorMetrics {
    static final AtomicLong BATCHES_SENT = new AtomicLong();
    static final AtomicLong BATCHES_RESENT = new AtomicLong();
    static final AtomicLong DUPLICATE_BATCHES = new AtomicLong();
    static final AtomicLong ACTOR_LOADS = new AtomicLong();
    static final AtomicLong COMMITS = new AtomicLong();
    static final AtomicLong INLINE_SENT = new AtomicLong();
    static final AtomicLong INLINE_REFUSED = new AtomicLong();

    private ActorMetrics() {
    }

    /** Batches of calls sent (first attempts). */
    public static long batchesSent() {
        return BATCHES_SENT.get();
    }

    /** Batches sent again (the owner changed, or its reply was lost). */
    public static long batchesResent() {
        return BATCHES_RESENT.get();
    }

    /** Batches the owner had applied already and answered from the actor's record. */
    public static long duplicateBatches() {
        return DUPLICATE_BATCHES.get();
    }

    /** Times an owner deserialized an actor from its stored record (first call, new owner, reload). */
    public static long actorLoads() {
        return ACTOR_LOADS.get();
    }

    /** New states committed (mutating batches and creations). */
    public static long commits() {
        return COMMITS.get();
    }

    /** Batches sent to run on the owner's partition thread (methods known to be fast). */
    public static long inlineBatches() {
        return INLINE_SENT.get();
    }

    /** Inline batches the owner refused (actor busy or not loaded, a call waited): run offloaded instead. */
    public static long inlineRefused() {
        return INLINE_REFUSED.get();
    }

    /** All counters, for printing. */
    public static String summary() {
        return "batches sent " + batchesSent() + ", resent " + batchesResent() + ", duplicates answered "
                + duplicateBatches() + ", actor loads " + actorLoads() + ", commits " + commits()
                + ", inline " + inlineBatches() + " (refused " + inlineRefused() + ")";
    }
}
