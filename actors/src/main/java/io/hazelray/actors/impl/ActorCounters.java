package io.hazelray.actors.impl;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.actors.ActorMetrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link ActorMetrics}, one set per Hazelcast instance, kept in its user
 * context. Separate from {@link ActorHost} because backups and commits count on partition
 * threads, where the host (which creates proxies) must not be made.
 */
final class ActorCounters {
    private static final String KEY = "hazelray.actors.counters";

    final LongAdder batchesSent = new LongAdder();
    final LongAdder batchesResent = new LongAdder();
    final LongAdder duplicateBatches = new LongAdder();
    final LongAdder actorLoads = new LongAdder();
    final LongAdder commits = new LongAdder();
    final LongAdder inlineSent = new LongAdder();
    final LongAdder inlineRefused = new LongAdder();
    final LongAdder backupsApplied = new LongAdder();
    final LongAdder backupBytes = new LongAdder();
    /** Constructors run again (a member lost while one ran, or a kill with restart). */
    final LongAdder restarts = new LongAdder();
    /** Checkpointing and owner-only actors: states stored by checkpoints, states fetched from the previous owner. */
    final LongAdder checkpoints = new LongAdder();
    final LongAdder handOvers = new LongAdder();
    /** Checkpointing actors that went on from their last checkpoint after the member holding newer state was lost. */
    final LongAdder checkpointRecoveries = new LongAdder();

    static ActorCounters of(HazelcastInstance hz) {
        return (ActorCounters) hz.getUserContext().computeIfAbsent(KEY, k -> new ActorCounters());
    }

    ActorMetrics snapshot(int liveActors) {
        return new ActorMetrics(batchesSent.sum(), batchesResent.sum(), duplicateBatches.sum(), actorLoads.sum(),
                commits.sum(), inlineSent.sum(), inlineRefused.sum(), backupsApplied.sum(), backupBytes.sum(),
                liveActors, checkpoints.sum(), handOvers.sum(), checkpointRecoveries.sum());
    }
}
