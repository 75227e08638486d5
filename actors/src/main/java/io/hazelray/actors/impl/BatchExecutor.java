package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import io.hazelray.tasks.spi.JobCode;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.spi.exception.RetryableException;
import io.hazelray.actors.ActorConstructor;
import io.hazelray.core.ActorDiedException;
import io.hazelray.actors.ActorMethod;
import io.hazelray.actors.Durability;
import io.hazelray.core.ActorTaskException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.RemoteException;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.CpuSlots;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.RunningCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Applies {@link CallBatch}es on the member that owns the actor: {@link OffloadedBatch}es on the
 * actors executor's threads, {@link InlineBatch}es on the partition thread.
 *
 * <p>A mutating batch: de-duplicates (a batch this caller sent before is answered from the
 * record), runs each call on the live actor, serializes the record after each call that succeeded
 * (that image is both what a later throwing call of the batch is rolled back to and what is
 * committed), then stores the last image (compare-and-set by a {@link CommitRecord}, or, inline,
 * directly) and answers. A call that throws is rolled back to the image before it: its partial
 * changes are discarded, on this member as on the backup, which only ever sees committed images.
 * A read-only batch runs its calls and answers; nothing is serialized or stored.
 */
final class BatchExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchExecutor.class);
    /** A call that ran (with its result and state serialized) within this is fast: it may run inline. */
    static final long FAST_NANOS = 200_000;
    /** Results kept inline in a mutating batch's reply (and thus in the record until the next batch). */
    private static final int MUTATE_INLINE_BUDGET = 1 << 20;
    /** Results kept inline in a read-only batch's reply. */
    private static final int READ_INLINE_BUDGET = 4 << 20;

    private final ActorHost host;
    private final GridServices grid;
    private final GridInternals ss;

    BatchExecutor(ActorHost host) {
        this.host = host;
        this.grid = host.grid();
        this.ss = GridInternals.of(host.hazelcast());
    }

    /** On an actors executor thread. */
    BatchReply execute(OffloadedBatch b, Map.Entry<String, Object> entry) {
        Data stored = ss.valueData(entry);
        RecordHeader seen = RecordHeader.of(stored, ss);
        ClassLoader loader = grid.code().loaderFor(b.code);
        // The job's classes are the thread's context class loader while the batch runs: its
        // arguments, the actor's state and its results are (de)serialized with them.
        try (JobCode.Scope ignored = grid.code().enter(loader)) {
            return b.mode == CallBatch.CREATE ? create(b, stored, seen, loader) : call(b, stored, seen, loader);
        } catch (RuntimeException e) {
            if (!isMemberChange(e)) {
                throw e;
            }
            // the commit's outcome is unknown (this member is leaving, or the owner moved): the
            // caller sends the batch again, and the record answers if it was applied
            LOG.debug("batch for actor {} interrupted on {}: {}", b.actorId, grid.localAddress(), e.toString());
            return BatchReply.of(BatchReply.RESEND);
        }
    }

    /** On the partition thread: runs the batch only if that cannot block the thread. */
    BatchReply executeInline(InlineBatch b, Map.Entry<String, Object> entry) {
        Data stored = ss.valueData(entry);
        RecordHeader seen = RecordHeader.of(stored, ss);
        ClassLoader loader = grid.code().loaderIfReady(b.code); // fetching the job's code would block the partition
        if (b.mode == CallBatch.CREATE || b.readsObjects || !seen.exists() || seen.killed() || loader == null) {
            return BatchReply.of(BatchReply.REFUSED);
        }
        Cell cell = host.cell(b.actorId);
        if (!cell.lock.tryLock()) {
            return BatchReply.of(BatchReply.REFUSED); // another batch is running: wait for it offloaded
        }
        try (JobCode.Scope ignored = grid.code().enter(loader)) {
            // exactly current (nothing can commit between the stored value and this thread), and
            // loaded: deserializing the state is left to the executor threads
            if (cell.gone || cell.record == null || cell.header.version() != seen.version()
                    || cell.header.stamp() != seen.stamp() || cell.record.status != ActorRecord.ALIVE
                    || cell.record.settings.maxConcurrency() > 1 || b.losses > 0 || !isLocal(b.target)
                    // a refusal after calls ran would have to undo them, and such an actor keeps no image to undo to
                    || (b.mode == CallBatch.MUTATE && cell.record.settings.liveState())) {
                return BatchReply.of(BatchReply.REFUSED);
            }
            Prepared prepared = prepare(b, loader);
            Run run = new Run(b, prepared, cell.record.owner, true);
            try {
                if (b.mode == CallBatch.READ) {
                    return read(run, cell.record);
                }
                return mutate(run, cell, data -> {
                    GridInternals.setData(entry, data);
                    b.stored(data);
                    return CommitRecord.OK;
                });
            } catch (Refused refused) {
                cell.unload(); // the calls that ran may have changed the live actor: reload it
                return BatchReply.of(BatchReply.REFUSED).hint(refused.hint);
            }
        } finally {
            cell.lock.unlock();
        }
    }

    /**
     * The reply when there is no record of the actor: its id was never created, or its record was
     * purged with its driver. Says where it looked: a caller that knows the actor existed puts it in its error.
     */
    private BatchReply missing(String actorId, String what) {
        BatchReply reply = BatchReply.of(BatchReply.MISSING);
        reply.why = "member " + grid.localAddress() + " " + what + " in partition "
                + host.hazelcast().getPartitionService().getPartition(actorId).getPartitionId();
        return reply;
    }

    static boolean isMemberChange(Throwable e) {
        return e instanceof HazelcastInstanceNotActiveException || e instanceof MemberLeftException
                || e instanceof RetryableException;
    }

    // ---- calls -----------------------------------------------------------------------------------

    private BatchReply call(CallBatch b, Data stored, RecordHeader seen, ClassLoader loader) {
        if (seen.killed()) {
            return died(b, "it was killed", null);
        }
        Cell cell = host.cell(b.actorId);
        if (!seen.exists() && cell.record == null) {
            return missing(b.actorId, "has no record of it"); // not created yet (or purged): the caller decides
        }
        Prepared prepared = prepare(b, loader);
        long generation;
        cell.lock.lock();
        try {
            if (cell.gone) {
                return cell.killed ? died(b, "it was killed", null) : BatchReply.of(BatchReply.RESEND);
            }
            if (!cell.isCurrent(seen)) {
                if (!seen.exists()) {
                    return missing(b.actorId, "has no record of it (its live copy is " + (cell.gone ? "gone)" : "stale)"));
                }
                cell.load(stored, ss);
                host.counters().actorLoads.increment();
                if (cell.record.settings.liveState() && cell.record.status == ActorRecord.ALIVE) {
                    BatchReply taken = takeOver(cell, b, loader);
                    if (taken != null) {
                        return taken;
                    }
                }
            }
            ActorRecord record = cell.record;
            if (record.status == ActorRecord.CONSTRUCTING) {
                // its creation is under way elsewhere, or its member was lost and the creation's
                // caller sends it again (which restarts it): wait for that
                cell.unload();
                return BatchReply.of(BatchReply.RESEND);
            }
            if (record.status == ActorRecord.RESTARTING) {
                BatchReply restart = restart(cell, b, loader, null);
                if (restart != null) {
                    return restart;
                }
                record = cell.record;
            }
            if (record.status == ActorRecord.KILLED) {
                return died(b, "it was killed", null);
            }
            if (record.status == ActorRecord.FAILED) {
                Reply[] replies = new Reply[b.size()];
                Arrays.fill(replies, new Reply(Reply.DIED, record.failure));
                return BatchReply.done(replies);
            }
            if (b.mode == CallBatch.MUTATE) {
                ActorRecord.CallerState previous = record.callers.get(b.callerId);
                if (previous != null && b.firstSeq <= previous.lastSeq()) {
                    return duplicate(b, previous).options(record);
                }
            }
            int maxTaskRetries = record.settings.maxTaskRetries();
            int losses = maxTaskRetries < 0 ? 0 : lossesOf(b);
            if (losses > maxTaskRetries && maxTaskRetries >= 0) {
                return tooManyLosses(b, losses, maxTaskRetries).options(record);
            }
            if (record.settings.maxConcurrency() > 1) {
                cell.threads(record.settings.maxConcurrency());
                generation = cell.generation; // runs below, without the lock
            } else {
                Run run = new Run(b, prepared, record.owner, false);
                run.lease = acquireSlot();
                try {
                    return b.mode == CallBatch.READ ? read(run, record)
                            : record.settings.liveState() ? mutateLive(run, cell)
                            : mutate(run, cell, data -> commit(b.actorId, cell.header, data));
                } finally {
                    run.lease.release();
                }
            }
        } catch (RuntimeException | Error e) {
            // whatever happened (an OutOfMemoryError too), the live copy may hold changes that were
            // never committed: reload from the stored record next time
            cell.unload();
            throw e;
        } finally {
            cell.lock.unlock();
        }
        return threaded(b, cell, prepared, generation);
    }

    /**
     * How many times the member running this batch was lost: as its caller saw, plus one if the
     * member it was sent to has left the cluster (Hazelcast re-sent it here by itself).
     */
    private int lossesOf(CallBatch b) {
        return b.losses + (isLocal(b.target) || b.target == null || isMember(b.target) ? 0 : 1);
    }

    private boolean isLocal(String uuid) {
        return uuid == null || uuid.equals(host.hazelcast().getCluster().getLocalMember().getUuid().toString());
    }

    private boolean isMember(String uuid) {
        for (Member m : host.hazelcast().getCluster().getMembers()) {
            if (m.getUuid().toString().equals(uuid)) {
                return true;
            }
        }
        return false;
    }

    /** Past the actor's maxTaskRetries: the calls (not applied before) fail, and do not run again. */
    private BatchReply tooManyLosses(CallBatch b, int losses, int maxTaskRetries) {
        Reply[] replies = new Reply[b.size()];
        for (int i = 0; i < replies.length; i++) {
            replies[i] = new Reply(Reply.FAILED, grid.toBytes(new ActorTaskException(b.actorId, b.actorName,
                    b.functionNames[b.functionOf[i]], grid.localAddress(), RemoteException.from(new HazelrayException(
                    "the member running it was lost " + losses + " time(s), more than the actor's maxTaskRetries ("
                    + maxTaskRetries + ") allows; it was not run again")))));
        }
        return BatchReply.done(replies);
    }

    // ---- checkpointing and owner-only actors ---------------------------------------------------------

    /**
     * A checkpointing or owner-only actor whose record this member has just loaded: the newest
     * state may be another member's live copy ({@link ActorRecord#liveOn}). If that member is in
     * the cluster, it is asked to store it (a hand-over), and the batch is sent again to read it.
     * Otherwise the state since the record is lost: a checkpointing actor goes on from the record
     * (its last checkpoint), an owner-only actor is restarted (or fails). Then this member claims
     * the actor: it stores a record naming itself. Under the cell lock; null when the cell holds
     * the claimed actor, else the reply.
     */
    private BatchReply takeOver(Cell cell, CallBatch b, ClassLoader loader) {
        ActorRecord found = cell.record;
        String self = localUuid();
        if (found.liveOn != null && !found.liveOn.equals(self)) {
            Member holder = member(found.liveOn);
            if (holder != null && host.askHandOver(holder, found.actorId) == HandOverState.HANDED) {
                cell.unload();
                return BatchReply.of(BatchReply.RESEND); // the record now holds the state: read it
            }
            // that member is gone, or holds no live copy (it dropped it): lost, as below
        }
        if (found.liveOn != null) {
            String where = found.liveOn.equals(self) ? "this member (" + grid.localAddress() + "), which dropped it"
                    : "member " + found.liveOnAddress + ", which was lost";
            if (found.settings.durability() == Durability.OWNER_ONLY) {
                return restart(cell, b, loader, "its state was kept only in the memory of " + where + " (durability ownerOnly)");
            }
            host.counters().checkpointRecoveries.increment();
            LOG.warn("actor {}: its newest state was on {}; going on from its last checkpoint (version {}): calls"
                    + " acknowledged after that checkpoint are lost", ActorDiedException.describe(found.actorId, found.name),
                    where, found.version);
        }
        byte outcome = store(cell, false);
        return outcome == CommitRecord.OK ? null : notStored(cell, b, outcome);
    }

    /**
     * Stores the cell's live actor as a new version of its record, naming this member as the holder
     * of a live copy that may get newer, or none if {@code latest} (a hand-over) or this member is
     * shutting down; under the cell lock. The cell then holds the stored record.
     */
    private byte store(Cell cell, boolean latest) {
        ActorRecord base = cell.record;
        ActorRecord next = base.headerCopy();
        next.version = base.version + 1;
        next.stamp = ThreadLocalRandom.current().nextLong();
        next.expireCallers(System.currentTimeMillis());
        next.actor = base.actor;
        next.liveOn = latest ? null : liveOnFor(next);
        next.liveOnAddress = next.liveOn == null ? null : grid.localAddress();
        Data data = storedImage(next);
        byte outcome = commit(base.actorId, cell.header, data);
        if (outcome == CommitRecord.OK) {
            cell.set(next, data);
            cell.unsaved = 0;
        }
        return outcome;
    }

    /** The reply to a batch whose store failed with {@code outcome}; the cell is dropped or reloaded. */
    private BatchReply notStored(Cell cell, CallBatch b, byte outcome) {
        switch (outcome) {
            case CommitRecord.KILLED -> {
                cell.markGone(true);
                return died(b, "it was killed", null);
            }
            case CommitRecord.MISSING -> {
                long version = cell.header.version();
                cell.unload();
                return missing(b.actorId, "ran the calls on version " + version
                        + " of its record, then found the record gone when storing them");
            }
            default -> {
                // the stored record moved on without this copy (another member owned or took over the
                // actor, this member having been silent too long): the caller sends the batch again
                cell.unload();
                return BatchReply.of(BatchReply.RESEND);
            }
        }
    }

    /**
     * A mutating batch of a checkpointing or owner-only actor: the calls change the live copy and
     * are acknowledged without storing anything, unless a checkpoint is due (then the state is
     * stored, on the owner and the backup, before the answer). A call that throws keeps what it
     * changed: there is no stored image to undo it to.
     */
    private BatchReply mutateLive(Run run, Cell cell) {
        CallBatch b = run.b;
        ActorRecord record = cell.record;
        ActorRecord.CallerState previous = record.callers.get(b.callerId);
        if (previous != null && b.firstSeq <= previous.lastSeq()) {
            return duplicate(b, previous);
        }
        Reply[] replies = runCalls(run, record.actor, MUTATE_INLINE_BUDGET);
        if (run.lease != null) {
            run.lease.release();
        }
        record.callers.put(b.callerId, new ActorRecord.CallerState(b.firstSeq, b.lastSeq(), System.currentTimeMillis(),
                replies));
        if (cell.unsaved == 0) {
            cell.unsavedSinceNanos = System.nanoTime();
        }
        cell.unsaved += b.size();
        host.stats().served(record, b.size());
        if (checkpointDue(cell)) {
            byte outcome;
            try {
                outcome = checkpoint(cell);
            } catch (RuntimeException | StackOverflowError e) {
                return BatchReply.done(unstorable(b, e)).hint(run.hint());
            }
            if (outcome != CommitRecord.OK) {
                return notStored(cell, b, outcome);
            }
        } else if (record.settings.durability() == Durability.CHECKPOINT && !cell.checkpointScheduled) {
            cell.checkpointScheduled = true;
            host.scheduleCheckpoint(() -> timedCheckpoint(cell), record.settings.checkpointMillis());
        }
        return BatchReply.done(replies).hint(run.hint()).options(record);
    }

    /** The replies of a batch that ran but whose checkpoint could not be stored (the state does not serialize). */
    private Reply[] unstorable(CallBatch b, Throwable e) {
        Reply[] replies = new Reply[b.size()];
        Arrays.fill(replies, new Reply(Reply.FAILED, grid.toBytes(new HazelrayException("the state of actor "
                + ActorDiedException.describe(b.actorId, b.actorName) + " cannot be serialized, so its checkpoint was not"
                + " stored; these calls changed the live state, which a crash of its member would lose: "
                + serializationProblem(e), e))));
        return replies;
    }

    private boolean checkpointDue(Cell cell) {
        ActorRecord r = cell.record;
        if (host.closing()) {
            return true; // a member shutting down stores every state it holds, and every call from now on
        }
        ActorSettings s = r.settings;
        return s.durability() == Durability.CHECKPOINT && (cell.unsaved >= s.checkpointCalls()
                || System.nanoTime() - cell.unsavedSinceNanos >= s.checkpointMillis() * 1_000_000L);
    }

    /** Stores the live state (owner and backup); under the cell lock. */
    private byte checkpoint(Cell cell) {
        byte outcome = store(cell, false);
        if (outcome == CommitRecord.OK) {
            host.counters().checkpoints.increment();
        }
        return outcome;
    }

    /** A checkpoint due by time: the interval passed since the first call not stored, with no call since. */
    private void timedCheckpoint(Cell cell) {
        cell.lock.lock();
        try {
            cell.checkpointScheduled = false;
            if (cell.gone || cell.record == null || cell.unsaved == 0 || cell.record.status != ActorRecord.ALIVE) {
                return;
            }
            byte outcome = checkpoint(cell);
            if (outcome == CommitRecord.KILLED) {
                cell.markGone(true);
            } else if (outcome != CommitRecord.OK) {
                cell.unload();
            }
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("actor {}: its checkpoint could not be stored: {}", cell.actorId, serializationProblem(e));
        } finally {
            cell.lock.unlock();
        }
    }

    /**
     * On the member holding the live copy, asked by the actor's new owner ({@link HandOverState}):
     * stores the live state as the latest (holder: none), drops the copy, and answers whether it did.
     */
    byte handOver(String actorId) {
        Cell cell = host.peekCell(actorId);
        if (cell == null) {
            return HandOverState.NONE;
        }
        cell.lock.lock();
        try {
            if (cell.gone || cell.record == null || cell.record.status != ActorRecord.ALIVE) {
                return HandOverState.NONE;
            }
            byte outcome = store(cell, true);
            host.forget(cell);
            if (outcome == CommitRecord.OK) {
                host.counters().handOvers.increment();
                return HandOverState.HANDED;
            }
            return HandOverState.NONE;
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warn("actor {}: its live state could not be handed over to its new owner: {}", actorId,
                    serializationProblem(e));
            host.forget(cell);
            return HandOverState.NONE;
        } finally {
            cell.lock.unlock();
        }
    }

    /**
     * While this member shuts down: stores the live state of every checkpointing and owner-only
     * actor it holds as the latest, so the next owner goes on from it.
     */
    void storeLiveStates(Iterable<Cell> cells) {
        for (Cell cell : cells) {
            ActorRecord seen = cell.record; // read without the lock: only to skip every-call actors
            if (seen == null || !seen.settings.liveState()) {
                continue;
            }
            try {
                // the shutdown may come from a call of this very actor (which holds the lock, on
                // another thread, and waits for the shutdown): do not wait for it for long
                if (!cell.lock.tryLock(5, TimeUnit.SECONDS)) {
                    LOG.warn("actor {}: busy while this member shut down; its live state since its last store is lost",
                            cell.actorId);
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                ActorRecord r = cell.record;
                if (!cell.gone && r != null && r.status == ActorRecord.ALIVE && r.settings.liveState()) {
                    store(cell, true);
                }
            } catch (RuntimeException | StackOverflowError e) {
                LOG.warn("actor {}: its live state could not be stored before this member shut down: {}", cell.actorId,
                        serializationProblem(e));
            } finally {
                cell.lock.unlock();
            }
        }
    }

    /** Who holds a newer live copy than the record being stored: this member, for those actors. */
    private String liveOnFor(ActorRecord record) {
        return !record.settings.liveState() || host.closing() ? null : localUuid();
    }

    /**
     * The bytes stored for {@code record}: an owner-only actor's state stays out (its record only
     * says where it lives), unless the record is the latest (a hand-over or a shutdown).
     */
    private Data storedImage(ActorRecord record) {
        if (record.settings.durability() != Durability.OWNER_ONLY || record.liveOn == null || record.actor == null) {
            return ss.toData(record);
        }
        Object actor = record.actor;
        record.actor = null;
        try {
            return ss.toData(record);
        } finally {
            record.actor = actor;
        }
    }

    private String localUuid() {
        return host.hazelcast().getCluster().getLocalMember().getUuid().toString();
    }

    private Member member(String uuid) {
        for (Member m : host.hazelcast().getCluster().getMembers()) {
            if (m.getUuid().toString().equals(uuid)) {
                return m;
            }
        }
        return null;
    }

    // ---- threaded actors -----------------------------------------------------------------------------

    /** A threaded actor's batch whose calls ran, waiting for a commit (its own, or another batch's). */
    private static final class Finished {
        final CallBatch b;
        final ActorRecord.CallerState state;
        final long generation;
        BatchReply reply;

        Finished(CallBatch b, ActorRecord.CallerState state, long generation) {
            this.b = b;
            this.state = state;
            this.generation = generation;
        }
    }

    /**
     * A batch of a threaded actor: its calls run one after the other, each alongside the calls of
     * other batches (up to maxConcurrency, each holding the read lock), without a CPU slot. A
     * mutating batch is then committed together with every other batch that finished meanwhile,
     * under the write lock: the stored state is one between calls, and a batch is acknowledged only
     * once its effects are on the owner and the backup. A throwing call keeps its changes.
     */
    private BatchReply threaded(CallBatch b, Cell cell, Prepared prepared, long generation) {
        Cell.Threads t = cell.threads;
        Run run = new Run(b, prepared, null, false);
        Reply[] replies = new Reply[b.size()];
        int[] budget = {b.mode == CallBatch.READ ? READ_INLINE_BUDGET : MUTATE_INLINE_BUDGET};
        ActorRecord record = null;
        for (int i = 0; i < b.size(); i++) {
            Reply early = prepared.failure(b, i);
            if (early != null) {
                replies[i] = early;
                continue;
            }
            t.permits.acquireUninterruptibly();
            t.calls.readLock().lock();
            try {
                record = cell.record;
                if (cell.gone || cell.generation != generation || record == null) {
                    // the copy this batch ran on was dropped: nothing of it was committed
                    return cell.killed ? died(b, "it was killed", null) : BatchReply.of(BatchReply.RESEND);
                }
                long start = System.nanoTime();
                try {
                    replies[i] = encodeResult(run, i, run.invoke(i, record.actor, record.owner), budget);
                } catch (Throwable e) {
                    replies[i] = failed(b, i, e);
                }
                run.timed(start);
            } finally {
                t.calls.readLock().unlock();
                t.permits.release();
            }
        }
        if (b.mode == CallBatch.READ) {
            if (record == null) {
                return BatchReply.done(replies).hint(run.hint());
            }
            host.stats().served(record, b.size());
            return BatchReply.done(replies).hint(run.hint()).options(record);
        }
        Finished mine = new Finished(b, new ActorRecord.CallerState(b.firstSeq, b.lastSeq(), System.currentTimeMillis(),
                replies), generation);
        synchronized (t.finished) {
            t.finished.add(mine);
        }
        t.calls.writeLock().lock();
        cell.lock.lock();
        try {
            if (mine.reply == null) {
                commitFinished(cell, t);
            }
            return mine.reply.hint(run.hint());
        } finally {
            cell.lock.unlock();
            t.calls.writeLock().unlock();
        }
    }

    /** Commits every finished batch of a threaded actor; under its write lock and its cell lock. */
    private void commitFinished(Cell cell, Cell.Threads t) {
        List<Finished> group = new ArrayList<>();
        synchronized (t.finished) {
            for (Object f : t.finished) {
                group.add((Finished) f);
            }
            t.finished.clear();
        }
        List<Finished> valid = new ArrayList<>();
        for (Finished f : group) {
            if (cell.gone) {
                f.reply = cell.killed ? died(f.b, "it was killed", null) : BatchReply.of(BatchReply.RESEND);
            } else if (cell.record == null || f.generation != cell.generation) {
                f.reply = BatchReply.of(BatchReply.RESEND);
            } else {
                valid.add(f);
            }
        }
        if (valid.isEmpty()) {
            return;
        }
        ActorRecord base = cell.record;
        ActorRecord next = base.headerCopy();
        next.version = base.version + 1;
        next.stamp = ThreadLocalRandom.current().nextLong();
        next.expireCallers(System.currentTimeMillis());
        for (Finished f : valid) {
            next.callers.put(f.b.callerId, f.state);
        }
        next.actor = base.actor;
        Data data;
        try {
            data = ss.toData(next);
        } catch (RuntimeException | StackOverflowError e) {
            cell.unload(); // back to the last committed state: these calls are undone
            for (Finished f : valid) {
                Reply[] replies = new Reply[f.b.size()];
                Arrays.fill(replies, new Reply(Reply.FAILED, grid.toBytes(new HazelrayException("the state of actor "
                        + ActorDiedException.describe(f.b.actorId, f.b.actorName) + " cannot be serialized after these calls,"
                        + " so they were undone: " + serializationProblem(e), e))));
                f.reply = BatchReply.done(replies);
            }
            return;
        }
        byte outcome = commit(base.actorId, cell.header, data);
        for (Finished f : valid) {
            switch (outcome) {
                case CommitRecord.OK -> f.reply = BatchReply.done(f.state.replies()).options(next);
                case CommitRecord.KILLED -> f.reply = died(f.b, "it was killed", null);
                case CommitRecord.MISSING -> f.reply = missing(f.b.actorId,
                        "ran the calls, then found its record gone when storing them");
                default -> f.reply = BatchReply.of(BatchReply.RESEND);
            }
        }
        switch (outcome) {
            case CommitRecord.OK -> {
                cell.set(next, data);
                for (Finished f : valid) {
                    host.stats().served(next, f.b.size());
                }
            }
            case CommitRecord.KILLED -> cell.markGone(true);
            default -> cell.unload();
        }
    }

    private BatchReply read(Run run, ActorRecord record) {
        Reply[] replies = runCalls(run, record.actor, READ_INLINE_BUDGET);
        host.stats().served(record, run.b.size());
        return BatchReply.done(replies).hint(run.hint()).options(record);
    }

    /**
     * Runs the batch's calls one after the other on {@code actor}, keeping whatever they change (a
     * read-only batch, or a live-state actor's mutating batch: nothing to undo to); a call that
     * throws is answered with its exception. Results are inline within {@code inlineBudget} bytes.
     */
    private Reply[] runCalls(Run run, Object actor, int inlineBudget) {
        CallBatch b = run.b;
        Reply[] replies = new Reply[b.size()];
        int[] budget = {inlineBudget};
        for (int i = 0; i < b.size(); i++) {
            Reply early = run.prepared.failure(b, i);
            if (early != null) {
                replies[i] = early;
                continue;
            }
            long start = System.nanoTime();
            try {
                replies[i] = encodeResult(run, i, run.invoke(i, actor), budget);
            } catch (Refused refused) {
                throw refused;
            } catch (Throwable t) {
                replies[i] = failed(b, i, t);
            }
            run.timed(start);
        }
        return replies;
    }

    /** Stores a new record; answers a {@link CommitRecord} outcome. */
    @FunctionalInterface
    private interface Committer {
        byte commit(Data record);
    }

    private BatchReply mutate(Run run, Cell cell, Committer committer) {
        CallBatch b = run.b;
        ActorRecord base = cell.record;
        ActorRecord.CallerState previous = base.callers.get(b.callerId);
        if (previous != null && b.firstSeq <= previous.lastSeq()) {
            return duplicate(b, previous);
        }
        long now = System.currentTimeMillis();
        ActorRecord next = base.headerCopy();
        next.version = base.version + 1;
        next.stamp = ThreadLocalRandom.current().nextLong();
        next.expireCallers(now);
        Reply[] replies = new Reply[b.size()];
        int[] budget = {MUTATE_INLINE_BUDGET};
        Object actor = base.actor;
        // The state before the next call, serialized: what a throwing call is undone to. Null: the
        // committed record. Between calls only the actor is serialized (the record holds every
        // caller's last replies: serializing it after each of a batch's 256 calls cost more than the calls).
        Data image = null;
        boolean imageIsFinal = false;  // image is the whole record, with every reply and the final state
        for (int i = 0; i < b.size(); i++) {
            imageIsFinal = false;
            Reply early = run.prepared.failure(b, i);
            if (early != null) {
                replies[i] = early;
                continue;
            }
            long start = System.nanoTime();
            try {
                Object result = run.invoke(i, actor);
                replies[i] = encodeResult(run, i, result, budget);
            } catch (Refused refused) {
                throw refused;
            } catch (Throwable t) {
                replies[i] = failed(b, i, t);
                actor = restore(cell, image);
                run.timed(start);
                continue;
            }
            boolean last = i == b.size() - 1;
            try {
                if (last) {
                    next.callers.put(b.callerId, new ActorRecord.CallerState(b.firstSeq, b.lastSeq(), now, replies));
                    next.actor = actor;
                    image = ss.toData(next);
                    imageIsFinal = true;
                } else {
                    image = ss.toData(actor);
                }
            } catch (RuntimeException | StackOverflowError e) {
                replies[i] = failed(b, i, new HazelrayException("the state of actor "
                        + ActorDiedException.describe(b.actorId, b.actorName) + " cannot be serialized after this call,"
                        + " so the call was undone: " + serializationProblem(e), e));
                actor = restore(cell, image);
            }
            run.timed(start);
        }
        if (run.lease != null) {
            run.lease.release(); // the commit waits for the backup: no CPU needed
        }
        next.callers.put(b.callerId, new ActorRecord.CallerState(b.firstSeq, b.lastSeq(), now, replies));
        next.actor = actor;
        Data committed = imageIsFinal ? image : ss.toData(next);
        byte outcome = committer.commit(committed);
        if (outcome != CommitRecord.OK) {
            return notStored(cell, b, outcome); // nothing was applied: the stored record is as it was
        }
        cell.set(next, committed);
        host.stats().served(next, b.size());
        return BatchReply.done(replies).hint(run.hint()).options(next);
    }

    private BatchReply duplicate(CallBatch b, ActorRecord.CallerState previous) {
        host.counters().duplicateBatches.increment();
        if (b.firstSeq == previous.firstSeq() && previous.replies().length == b.size()) {
            return BatchReply.done(previous.replies());
        }
        Reply[] replies = new Reply[b.size()];
        Arrays.fill(replies, new Reply(Reply.FAILED, grid.toBytes(new HazelrayException("calls " + b.firstSeq + ".."
                + b.lastSeq() + " of caller " + b.callerId + " on actor " + ActorDiedException.describe(b.actorId, b.actorName)
                + " were applied before, and their results are no longer known"))));
        return BatchReply.done(replies);
    }

    /** The actor as {@code image} holds it (null: as the cell's committed record does); the job's classes are in scope. */
    private Object restore(Cell cell, Data image) {
        if (image == null) {
            ActorRecord before = ss.toObject(cell.committed);
            return before.actor;
        }
        Data actor = image;
        try {
            return JobCode.readWith(cell.record.code, () -> ss.toObject(actor));
        } catch (IOException e) {
            throw new HazelrayException("the state of actor " + cell.actorId + " could not be read back to undo a call", e);
        }
    }

    // ---- creation --------------------------------------------------------------------------------

    private BatchReply create(CallBatch b, Data stored, RecordHeader seen, ClassLoader loader) {
        if (seen.killed()) {
            return died(b, "it was killed before its constructor ran", null);
        }
        if (seen.exists() && seen.status() != ActorRecord.CONSTRUCTING) {
            return created(ss.toObject(stored)); // a retry of a creation that was applied
        }
        Cell cell = host.cell(b.actorId);
        Prepared prepared = prepare(b, loader);
        cell.lock.lock();
        try {
            if (cell.gone) {
                return cell.killed ? died(b, "it was killed before its constructor ran", null)
                        : BatchReply.of(BatchReply.RESEND);
            }
            if (cell.record != null) {
                return created(cell.record);
            }
            if (seen.exists()) {
                // a constructor ran here before and its member was lost: a restart, if allowed
                cell.load(stored, ss);
                BatchReply restart = restart(cell, b, loader, null);
                return restart != null ? restart : created(cell.record);
            }
            ActorRecord record = new ActorRecord();
            record.version = 1;
            record.stamp = ThreadLocalRandom.current().nextLong();
            record.status = ActorRecord.CONSTRUCTING;
            record.actorId = b.actorId;
            record.typeName = b.typeName;
            record.name = b.actorName;
            record.owner = b.owner;
            record.code = b.code;
            record.settings = b.settings;
            record.ctor = b.functions[0];
            record.ctorName = b.functionNames[0];
            record.ctorArgs = b.failures[0] == null ? b.args[0] : null;
            Throwable early = prepared.error(b, 0);
            return construct(cell, record, RecordHeader.ABSENT, (ActorConstructor) prepared.functions[0],
                    prepared.args[0], early, b);
        } finally {
            cell.lock.unlock();
        }
    }

    /**
     * A record found CONSTRUCTING (its constructor's member was lost: counts as a restart) or
     * RESTARTING (killed with a restart, already counted): runs the constructor again from the
     * record, or fails the actor if no restart is left. Under the cell lock, with the record loaded.
     * Returns null when the actor was (re)constructed and committed (the cell holds it), else the reply.
     * {@code lostWhy}: not null for an owner-only actor whose state was lost (counts as a restart).
     */
    private BatchReply restart(Cell cell, CallBatch b, ClassLoader loader, String lostWhy) {
        ActorRecord found = cell.record;
        ActorRecord record = found.headerCopy();
        record.version = found.version + 1;
        record.stamp = ThreadLocalRandom.current().nextLong();
        if (found.status == ActorRecord.CONSTRUCTING || lostWhy != null) {
            if (!found.mayRestart() || found.ctor == null) {
                record.status = ActorRecord.FAILED;
                record.failure = grid.toBytes(new ActorDiedException(found.actorId, found.name, (lostWhy != null ? lostWhy
                        : "the member running its constructor was lost (a crash, or the constructor itself killed it)")
                        + " after " + found.restarts + " restart(s), and maxRestarts is " + found.settings.maxRestarts(), null));
                record.ctor = null;
                record.ctorArgs = null;
                Data failed = ss.toData(record);
                byte outcome = commit(found.actorId, cell.header, failed);
                if (outcome == CommitRecord.OK) {
                    cell.set(record, failed);
                    cell.generation++;
                    return null; // the cell holds the FAILED record: the batch's calls fail with it
                }
                return committedOrReply(cell, b, record, outcome);
            }
            record.restarts = found.restarts + 1;
            host.counters().restarts.increment();
        }
        record.status = ActorRecord.CONSTRUCTING;
        record.actor = null;
        ActorConstructor ctor = null;
        Object[] args = null;
        Throwable early = null;
        String member = grid.localAddress();
        try {
            ctor = (ActorConstructor) grid.codec().decode(found.ctor, loader);
            args = found.ctorArgs == null ? new Object[0] : found.ctorArgs.resolve(grid, found.ctorName, member);
        } catch (Exception | LinkageError e) {
            early = JobCode.isClassMissing(e) ? grid.code().classNotFound(e, "'" + found.ctorName + "'", member, found.code) : e;
        }
        LOG.info("restarting actor {} on {} (restart {} of {}){}", found.actorId, member, record.restarts,
                found.settings.maxRestarts() < 0 ? "unlimited" : found.settings.maxRestarts(), lostWhy == null ? "" : ": " + lostWhy);
        BatchReply reply = construct(cell, record, cell.header, ctor, args, early, b);
        boolean committed = reply.status == BatchReply.DONE && !cell.gone && cell.record != null
                && (cell.record.status == ActorRecord.ALIVE || cell.record.status == ActorRecord.FAILED);
        return committed ? null : reply;
    }

    /**
     * Commits {@code record} (CONSTRUCTING) over {@code expected}, runs the constructor and commits
     * the outcome (ALIVE, or FAILED if it threw); under the cell lock. The CONSTRUCTING record is
     * what tells a later owner that the member running the constructor was lost.
     */
    private BatchReply construct(Cell cell, ActorRecord record, RecordHeader expected, ActorConstructor ctor, Object[] args,
                                 Throwable early, CallBatch b) {
        Data marker = ss.toData(record);
        byte outcome = commit(record.actorId, expected, marker);
        if (outcome != CommitRecord.OK) {
            return committedOrReply(cell, b, record, outcome);
        }
        RecordHeader constructing = new RecordHeader(record.version, record.stamp, record.status);
        ActorRecord done = record.headerCopy();
        done.version = record.version + 1;
        done.stamp = ThreadLocalRandom.current().nextLong();
        if (done.settings.maxRestarts() == 0) {
            done.ctor = null; // never run again: not kept
            done.ctorArgs = null;
        }
        if (early != null) {
            // say why in the message itself: a class the member lacks, an argument that failed
            fail(done, b, "its constructor could not run: " + early.getMessage(), early);
        } else {
            CpuSlots.Lease lease = acquireSlot();
            try {
                RunningCall running = new RunningCall(grid, record.actorId, record.ctorName, record.owner, record.restarts,
                        lease, b.depth).enter();
                try {
                    done.actor = ctor.invoke(args);
                } finally {
                    running.exit();
                }
                done.status = ActorRecord.ALIVE;
            } catch (Throwable t) {
                fail(done, b, "its constructor threw", new ActorTaskException(record.actorId, record.name, record.ctorName,
                        grid.localAddress(), RemoteException.from(t)));
            } finally {
                lease.release();
            }
        }
        done.liveOn = liveOnFor(done);
        done.liveOnAddress = done.liveOn == null ? null : grid.localAddress();
        Data data;
        try {
            data = storedImage(done);
        } catch (RuntimeException | StackOverflowError e) {
            done.actor = null;
            fail(done, b, "its state cannot be serialized: " + serializationProblem(e), RemoteException.from(e));
            data = ss.toData(done);
        }
        outcome = commit(record.actorId, constructing, data);
        if (outcome == CommitRecord.OK) {
            cell.set(done, data);
            cell.generation++;
            return created(done);
        }
        return committedOrReply(cell, b, done, outcome);
    }

    /** The reply for a commit of {@code record} with {@code outcome} (OK: the cell holds it). */
    private BatchReply committedOrReply(Cell cell, CallBatch b, ActorRecord record, byte outcome) {
        switch (outcome) {
            case CommitRecord.OK -> {
                cell.set(record, ss.toData(record));
                return created(record);
            }
            case CommitRecord.KILLED -> {
                cell.markGone(true);
                return died(b, "it was killed before its constructor ran", null);
            }
            default -> {
                cell.unload();
                return BatchReply.of(BatchReply.RESEND); // someone else's record: the resend reads it
            }
        }
    }

    private void fail(ActorRecord record, CallBatch b, String why, Throwable cause) {
        record.status = ActorRecord.FAILED;
        record.failure = grid.toBytes(new ActorDiedException(record.actorId, record.name, why, cause));
    }

    private static BatchReply created(ActorRecord record) {
        return BatchReply.done(new Reply[] {record.status != ActorRecord.FAILED ? Reply.NULL_VALUE
                : new Reply(Reply.DIED, record.failure)});
    }

    // ---- one call ----------------------------------------------------------------------------------

    /** One batch being applied: how its calls run, and what they showed about their methods. */
    private final class Run {
        final CallBatch b;
        final Prepared prepared;
        final String owner;
        final boolean inline;
        CpuSlots.Lease lease;
        long slowestNanos;
        boolean waits;

        Run(CallBatch b, Prepared prepared, String owner, boolean inline) {
            this.b = b;
            this.prepared = prepared;
            this.owner = owner;
            this.inline = inline;
        }

        Object invoke(int i, Object actor) throws Exception {
            return invoke(i, actor, owner);
        }

        Object invoke(int i, Object actor, String actorOwner) throws Exception {
            RunningCall running = new RunningCall(grid, b.refIds[i], b.functionNames[b.functionOf[i]], actorOwner, 0, lease,
                    b.depth);
            if (inline) {
                running.restrict();
            }
            running.enter();
            try {
                return ((ActorMethod) prepared.method(b, i)).invoke(actor, prepared.args[i]);
            } catch (ClassCastException e) {
                throw foreignCopy(actor, e);
            } finally {
                running.exit();
                if (running.waited() || running.madeCalls()) {
                    waits = true;
                    if (inline) {
                        throw new Refused(BatchReply.WAITS); // whatever the method did with the refusal
                    }
                }
            }
        }

        /**
         * A call whose job code has its own copy of the actor's class (another program, or the same
         * one with other files in its class folder, has other code, so another class loader) fails
         * with a ClassCastException between two classes of the same name: said plainly. Else {@code e}.
         */
        private static RuntimeException foreignCopy(Object actor, ClassCastException e) {
            String type = actor == null ? null : actor.getClass().getName();
            String message = e.getMessage();
            if (type == null || message == null || !message.startsWith("class " + type + " cannot be cast to class " + type + " ")) {
                return e;
            }
            return new HazelrayException("the caller's code has its own copy of class " + type + ", not the one the actor was"
                    + " created with: callers of an actor must ship the same classes as its creator (the same jar, or a"
                    + " class folder with the same files: every file counts), or have them installed on the members (--classpath)", e);
        }

        void timed(long startNanos) {
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - startNanos);
        }

        byte hint() {
            return waits ? BatchReply.WAITS
                    : slowestNanos > 10 * FAST_NANOS ? BatchReply.VERY_SLOW
                    : slowestNanos > FAST_NANOS ? BatchReply.SLOW : BatchReply.FAST;
        }
    }

    /** An inline batch that cannot go on on the partition thread; nothing it did is kept. */
    private static final class Refused extends RuntimeException {
        final byte hint;

        Refused(byte hint) {
            super(null, null, false, false);
            this.hint = hint;
        }
    }

    /** Java serialization recurses once per reference: a long linked structure overflows the stack. */
    private static String serializationProblem(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "StackOverflowError (the state is nested too deeply for serialization; a long linked list?)";
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotSerializableException n) { // its message is the class alone
                return "it holds a " + n.getMessage() + ", which is not Serializable (in a field of the actor or of an"
                        + " object it refers to: make that field transient, or its class Serializable)";
            }
        }
        return e.getMessage();
    }

    /** Inline while the batch's budget lasts; larger results go to the object store under the call's ref id. */
    private Reply encodeResult(Run run, int i, Object result, int[] budget) {
        CallBatch b = run.b;
        Data data;
        try {
            data = grid.toData(result);
        } catch (RuntimeException e) {
            throw new HazelrayException("the result of '" + b.functionNames[b.functionOf[i]] + "', a "
                    + result.getClass().getName() + ", cannot be serialized", e);
        }
        if (data == null) {
            return Reply.NULL_VALUE;
        }
        int size = data.totalSize();
        if (size <= Tasks.INLINE_LIMIT_BYTES && size <= budget[0]) {
            budget[0] -= size;
            return new Reply(Reply.VALUE, data.toByteArray());
        }
        if (run.inline) {
            throw new Refused(BatchReply.SLOW); // storing it would wait for the object store
        }
        grid.storeResult(b.refIds[i], data);
        return Reply.STORED_VALUE;
    }

    private Reply failed(CallBatch b, int i, Throwable t) {
        host.stats().failed(b.actorId, t);
        return new Reply(Reply.FAILED, grid.toBytes(taskException(b, i, t)));
    }

    private ActorTaskException taskException(CallBatch b, int i, Throwable t) {
        String name = b.functionNames[b.functionOf[i]];
        LOG.debug("{} on actor {} threw", name, b.actorId, t);
        return new ActorTaskException(b.actorId, b.actorName, name, grid.localAddress(), RemoteException.from(t));
    }

    private BatchReply died(CallBatch b, String why, Throwable cause) {
        Reply[] replies = new Reply[b.size()];
        Arrays.fill(replies, new Reply(Reply.DIED, grid.toBytes(new ActorDiedException(b.actorId, b.actorName, why, cause))));
        return BatchReply.done(replies);
    }

    private byte commit(String actorId, RecordHeader expected, Data record) {
        host.counters().commits.increment();
        return host.records().executeOnKey(actorId, new CommitRecord(expected, record));
    }

    private CpuSlots.Lease acquireSlot() {
        try {
            return grid.slots().acquire(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HazelrayException("interrupted while waiting for a CPU slot", e);
        }
    }

    // ---- arguments ---------------------------------------------------------------------------------

    /** The batch's functions decoded and arguments resolved, before taking the actor's lock. */
    private Prepared prepare(CallBatch b, ClassLoader loader) {
        String member = grid.localAddress();
        Prepared p = new Prepared(b.functions.length, b.size());
        for (int f = 0; f < b.functions.length; f++) {
            try {
                p.functions[f] = grid.codec().decode(b.functions[f], loader);
            } catch (Exception | LinkageError e) {
                p.functionErrors[f] = JobCode.isClassMissing(e)
                        ? grid.code().classNotFound(e, "'" + b.functionNames[f] + "'", member, b.code)
                        : new HazelrayException("'" + b.functionNames[f] + "' cannot be loaded on member " + member + ": " + e, e);
            }
        }
        for (int i = 0; i < b.size(); i++) {
            if (b.failures[i] != null || p.functionErrors[b.functionOf[i]] != null) {
                continue;
            }
            try {
                p.args[i] = b.args[i].resolve(grid, b.functionNames[b.functionOf[i]], member);
            } catch (RuntimeException e) {
                p.argErrors[i] = JobCode.isClassMissing(e)
                        ? grid.code().classNotFound(e, "an argument of '" + b.functionNames[b.functionOf[i]] + "'", member,
                        b.code) : e;
            }
        }
        return p;
    }

    private final class Prepared {
        final Object[] functions;
        final Throwable[] functionErrors;
        final Object[][] args;
        final Throwable[] argErrors;

        Prepared(int functionCount, int callCount) {
            functions = new Object[functionCount];
            functionErrors = new Throwable[functionCount];
            args = new Object[callCount][];
            argErrors = new Throwable[callCount];
        }

        Object method(CallBatch b, int i) {
            return functions[b.functionOf[i]];
        }

        /** Why the call cannot run (failed at the caller, unloadable, unresolvable argument), or null. */
        Throwable error(CallBatch b, int i) {
            if (b.failures[i] != null) {
                return grid.fromBytes(b.failures[i]);
            }
            Throwable error = functionErrors[b.functionOf[i]];
            return error != null ? error : argErrors[i];
        }

        /** The reply of a call that cannot run, or null. */
        Reply failure(CallBatch b, int i) {
            if (b.failures[i] != null) {
                return new Reply(Reply.FAILED, b.failures[i]);
            }
            Throwable error = error(b, i);
            return error == null ? null : failed(b, i, error);
        }
    }
}
