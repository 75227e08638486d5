package io.hazelray.actors;

import java.io.Serializable;

/**
 * What one Hazelcast instance's actor machinery has done since it started, read with
 * {@link Actors#metrics}: as a caller (batches sent), as an owner (loads, commits, duplicates
 * answered) and as a backup (records applied). Per instance, so two members in one JVM are told
 * apart. A snapshot: the counters go on after it is taken.
 *
 * @param batchesSent       batches of calls sent by this instance (first attempts)
 * @param batchesResent     batches sent again (the owner changed, or its reply was lost)
 * @param duplicateBatches  batches this owner had applied already and answered from the actor's record
 * @param actorLoads        times this owner deserialized an actor from its stored record
 * @param commits           new states this owner committed (mutating batches and creations)
 * @param inlineBatches     batches sent to run on the owner's partition thread (methods known to be fast)
 * @param inlineRefused     inline batches the owner refused (actor busy or not loaded, a call waited)
 * @param backupsApplied    actor records this instance stored as a backup
 * @param backupBytes       bytes of those records
 * @param liveActors        actors this member holds a live copy of (it owns their partition)
 * @param checkpoints       states of checkpointing actors this owner stored (see {@link Durability})
 * @param handOvers         live states of checkpointing or owner-only actors this member stored for
 *                          their new owner (their partition moved)
 * @param checkpointRecoveries checkpointing actors this owner took over from their last checkpoint,
 *                          the member holding newer state having been lost
 */
public record ActorMetrics(long batchesSent, long batchesResent, long duplicateBatches, long actorLoads, long commits,
                           long inlineBatches, long inlineRefused, long backupsApplied, long backupBytes,
                           int liveActors, long checkpoints, long handOvers, long checkpointRecoveries) implements Serializable {

    /** All counters on one line, for logs and benchmark reports. */
    public String summary() {
        return "batches sent " + batchesSent + ", resent " + batchesResent + ", duplicates answered "
                + duplicateBatches + ", actor loads " + actorLoads + ", commits " + commits
                + ", inline " + inlineBatches + " (refused " + inlineRefused + "), backups applied "
                + backupsApplied + " (" + backupBytes + " bytes), live actors " + liveActors + ", checkpoints " + checkpoints
                + ", hand-overs " + handOvers + ", checkpoint recoveries " + checkpointRecoveries;
    }
}
