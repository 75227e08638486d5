package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import io.hazelray.tasks.spi.JobCode;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.spi.exception.RetryableException;
import io.hazelray.actors.ActorConstructor;
import io.hazelray.core.ActorDiedException;
import io.hazelray.actors.ActorMethod;
import io.hazelray.core.ActorTaskException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.RemoteException;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.CpuSlots;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.RunningCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
                    || cell.header.stamp() != seen.stamp() || cell.record.status != ActorRecord.ALIVE) {
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
            return BatchReply.of(BatchReply.MISSING); // not created yet (or purged): the caller decides
        }
        Prepared prepared = prepare(b, loader);
        cell.lock.lock();
        try {
            if (cell.gone) {
                return cell.killed ? died(b, "it was killed", null) : BatchReply.of(BatchReply.RESEND);
            }
            if (!cell.isCurrent(seen)) {
                if (!seen.exists()) {
                    return BatchReply.of(BatchReply.MISSING);
                }
                cell.load(stored, ss);
                host.counters().actorLoads.increment();
            }
            ActorRecord record = cell.record;
            if (record.status == ActorRecord.KILLED) {
                return died(b, "it was killed", null);
            }
            if (record.status == ActorRecord.FAILED) {
                Reply[] replies = new Reply[b.size()];
                Arrays.fill(replies, new Reply(Reply.DIED, record.failure));
                return BatchReply.done(replies);
            }
            Run run = new Run(b, prepared, record.owner, false);
            run.lease = acquireSlot();
            try {
                return b.mode == CallBatch.READ ? read(run, record)
                        : mutate(run, cell, data -> commit(b.actorId, cell.header, data));
            } finally {
                run.lease.release();
            }
        } catch (RuntimeException | Error e) {
            // whatever happened (an OutOfMemoryError too), the live copy may hold changes that were
            // never committed: reload from the stored record next time
            cell.unload();
            throw e;
        } finally {
            cell.lock.unlock();
        }
    }

    private BatchReply read(Run run, ActorRecord record) {
        CallBatch b = run.b;
        Reply[] replies = new Reply[b.size()];
        int[] budget = {READ_INLINE_BUDGET};
        for (int i = 0; i < b.size(); i++) {
            Reply early = run.prepared.failure(b, i);
            if (early != null) {
                replies[i] = early;
                continue;
            }
            long start = System.nanoTime();
            try {
                Object result = run.invoke(i, record.actor);
                replies[i] = encodeResult(run, i, result, budget);
            } catch (Refused refused) {
                throw refused;
            } catch (Throwable t) {
                replies[i] = failed(b, i, t);
            }
            run.timed(start);
        }
        host.stats().served(record, b.size());
        return BatchReply.done(replies).hint(run.hint());
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
        Data image = cell.committed;   // the state before the next call, serialized
        boolean imageIsFinal = false;  // image already holds every reply and the final state
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
                actor = restore(image);
                run.timed(start);
                continue;
            }
            boolean last = i == b.size() - 1;
            if (last) {
                next.callers.put(b.callerId, new ActorRecord.CallerState(b.firstSeq, b.lastSeq(), now, replies));
            }
            next.actor = actor;
            try {
                image = ss.toData(next);
                imageIsFinal = last;
            } catch (RuntimeException | StackOverflowError e) {
                replies[i] = failed(b, i, new HazelrayException("the state of actor "
                        + ActorDiedException.describe(b.actorId, b.actorName) + " cannot be serialized after this call,"
                        + " so the call was undone: " + serializationProblem(e), e));
                actor = restore(image);
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
        switch (outcome) {
            case CommitRecord.OK -> {
                cell.set(next, committed);
                host.stats().served(next, b.size());
                return BatchReply.done(replies).hint(run.hint());
            }
            case CommitRecord.KILLED -> {
                cell.markGone(true);
                return died(b, "it was killed", null);
            }
            case CommitRecord.MISSING -> {
                cell.unload();
                return BatchReply.of(BatchReply.MISSING);
            }
            default -> {
                // the stored record moved on without this copy (another member owned the actor):
                // nothing was applied; the caller sends the batch again
                cell.unload();
                return BatchReply.of(BatchReply.RESEND);
            }
        }
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

    private Object restore(Data image) {
        ActorRecord before = ss.toObject(image);
        return before.actor;
    }

    // ---- creation --------------------------------------------------------------------------------

    private BatchReply create(CallBatch b, Data stored, RecordHeader seen, ClassLoader loader) {
        if (seen.killed()) {
            return died(b, "it was killed before its constructor ran", null);
        }
        if (seen.exists()) {
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
            ActorRecord record = new ActorRecord();
            record.version = 1;
            record.stamp = ThreadLocalRandom.current().nextLong();
            record.actorId = b.actorId;
            record.typeName = b.typeName;
            record.name = b.actorName;
            record.owner = b.owner;
            record.code = b.code;
            Throwable early = prepared.error(b, 0);
            if (early != null) {
                // say why in the message itself: a class the member lacks, an argument that failed
                fail(record, b, "its constructor could not run: " + early.getMessage(), early);
            } else {
                CpuSlots.Lease lease = acquireSlot();
                try {
                    ActorConstructor ctor = (ActorConstructor) prepared.functions[0];
                    RunningCall running = new RunningCall(grid, b.actorId, b.functionNames[0], b.owner, 0, lease, b.depth)
                            .enter();
                    try {
                        record.actor = ctor.invoke(prepared.args[0]);
                    } finally {
                        running.exit();
                    }
                    record.status = ActorRecord.ALIVE;
                } catch (Throwable t) {
                    fail(record, b, "its constructor threw", taskException(b, 0, t));
                } finally {
                    lease.release();
                }
            }
            Data data;
            try {
                data = ss.toData(record);
            } catch (RuntimeException | StackOverflowError e) {
                record.actor = null;
                fail(record, b, "its state cannot be serialized (" + (e instanceof StackOverflowError ? serializationProblem(e)
                        : "is " + b.typeName + " Serializable?") + ")",
                        RemoteException.from(e));
                data = ss.toData(record);
            }
            byte outcome = commit(b.actorId, RecordHeader.ABSENT, data);
            switch (outcome) {
                case CommitRecord.OK -> {
                    cell.set(record, data);
                    return created(record);
                }
                case CommitRecord.KILLED -> {
                    cell.markGone(true);
                    return died(b, "it was killed before its constructor ran", null);
                }
                default -> {
                    return BatchReply.of(BatchReply.RESEND); // someone else's record: the resend reads it
                }
            }
        } finally {
            cell.lock.unlock();
        }
    }

    private void fail(ActorRecord record, CallBatch b, String why, Throwable cause) {
        record.status = ActorRecord.FAILED;
        record.failure = grid.toBytes(new ActorDiedException(b.actorId, b.actorName, why, cause));
    }

    private static BatchReply created(ActorRecord record) {
        return BatchReply.done(new Reply[] {record.status == ActorRecord.ALIVE ? Reply.NULL_VALUE
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
            RunningCall running = new RunningCall(grid, b.refIds[i], b.functionNames[b.functionOf[i]], owner, 0, lease,
                    b.depth);
            if (inline) {
                running.restrict();
            }
            running.enter();
            try {
                return ((ActorMethod) prepared.method(b, i)).invoke(actor, prepared.args[i]);
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
        return e instanceof StackOverflowError
                ? "StackOverflowError (the state is nested too deeply for serialization; a long linked list?)"
                : e.getMessage();
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
