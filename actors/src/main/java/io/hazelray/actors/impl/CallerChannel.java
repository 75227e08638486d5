package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import io.hazelray.tasks.spi.Outcome;
import io.hazelray.tasks.spi.PendingResult;
import com.hazelcast.cluster.Member;
import com.hazelcast.partition.Partition;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import io.hazelray.core.ActorDiedException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.RemoteException;
import io.hazelray.core.TaskCancelledException;
import io.hazelray.tasks.spi.EncodedArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The calls of one process (this Hazelcast instance) on one actor, in submission order. At most
 * one batch is in flight: calls submitted meanwhile wait here and leave together as the next
 * batch when the reply comes, so the owner sees them in order without relying on Hazelcast's
 * delivery order, and a pipeline of calls costs one entry-processor round trip (and one commit)
 * per batch rather than per call.
 *
 * <p>A batch goes as an {@link InlineBatch} when the {@link InlineAdvisor} says its methods are
 * fast, else (and when the owner refuses it inline) as an {@link OffloadedBatch}.
 *
 * <p>Mutating calls are numbered; a batch whose reply was lost (the owner died) is sent again
 * as it was, and the owner recognizes it by its numbers and answers from the actor's record
 * instead of applying it again. Read-only calls are not numbered: running one twice is harmless.
 */
final class CallerChannel {
    private static final Logger LOG = LoggerFactory.getLogger(CallerChannel.class);
    private static final int MAX_BATCH = 256;
    /** How long calls wait for an actor whose creation has not landed (a handle passed on early). */
    private static final long MISSING_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** How long a batch is sent again while members come and go. */
    private static final long RESEND_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(300);
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Lanes (caller ids, batches in flight) of a threaded actor per process, at most. */
    static final int MAX_LANES = 32;

    private final ActorHost host;
    private final GridInternals internals;
    /** The actor's partition (its owner is read at each send), and the last owner seen with its uuid. */
    private volatile Partition partition;
    private volatile KnownOwner lastOwner;
    private final String actorId;
    private final String callerId;
    private volatile String actorName;
    private final ArrayDeque<PendingCall> queue = new ArrayDeque<>();
    private long nextSeq = 1;
    private boolean sending;
    /** Once the actor is known to be dead: the serialized ActorDiedException every call fails with. */
    private byte[] dead;
    /** Whether the actor's record is known to exist (or to have existed). */
    private volatile boolean confirmed;
    private CompletableFuture<Void> awaited;
    private long lastSubmitNanos = System.nanoTime();
    /** The first channel of the actor in this process: this one, or the one whose lane this is. */
    private final CallerChannel primary;
    /**
     * A threaded actor's other lanes (primary only): channels with caller ids of their own, each
     * with one batch in flight, so that up to maxConcurrency calls of this process run at once.
     */
    private volatile CallerChannel[] lanes;
    /** A threaded actor: calls are spread over lanes, and never run inline. */
    private volatile boolean threaded;
    /**
     * A checkpointing or owner-only actor (as far as this process knows): its mutating calls are
     * never sent inline (the owner would refuse them: it cannot undo a call on the live state).
     */
    private volatile boolean liveState;

    CallerChannel(ActorHost host, String actorId, String callerId) {
        this(host, actorId, callerId, null);
    }

    private CallerChannel(ActorHost host, String actorId, String callerId, CallerChannel primary) {
        this.host = host;
        this.internals = host.grid().internals();
        this.actorId = actorId;
        this.callerId = callerId;
        this.primary = primary == null ? this : primary;
    }

    /**
     * What the actor's options are, when known (from a handle, or an owner's reply): a threaded
     * actor gets lanes (at most {@link #MAX_LANES} per process), a checkpointing or owner-only one
     * is marked {@link #liveState}. Its maxTaskRetries is left to the owner, which counts the losses.
     */
    void settings(ActorSettings settings) {
        if (primary != this) {
            primary.settings(settings);
            return;
        }
        if (settings.liveState() && !liveState) {
            liveState = true;
        }
        int maxConcurrency = settings.maxConcurrency();
        if (maxConcurrency > 1 && lanes == null) {
            synchronized (this) {
                if (lanes == null) {
                    int n = Math.min(maxConcurrency, MAX_LANES);
                    CallerChannel[] made = new CallerChannel[n - 1];
                    for (int i = 0; i < made.length; i++) {
                        made[i] = new CallerChannel(host, actorId, callerId + "~" + (i + 1), this);
                        made[i].actorName = actorName;
                        made[i].confirmed = confirmed;
                        made[i].threaded = true;
                        made[i].dead = dead;
                    }
                    threaded = true;
                    lanes = made;
                }
            }
        }
    }

    /** Calls queued or in flight here. */
    private synchronized int load() {
        return queue.size() + (sending ? 1 : 0);
    }

    /** The least busy lane of a threaded actor (this channel when it has none). */
    private CallerChannel lane() {
        CallerChannel[] more = lanes;
        if (more == null) {
            return this;
        }
        CallerChannel best = this;
        int bestLoad = load();
        for (CallerChannel c : more) {
            if (bestLoad == 0) {
                break;
            }
            int l = c.load();
            if (l < bestLoad) {
                best = c;
                bestLoad = l;
            }
        }
        return best;
    }

    void nameIfUnknown(String name) {
        if (name != null && actorName == null) {
            actorName = name;
            CallerChannel[] more = lanes;
            if (more != null) {
                for (CallerChannel c : more) {
                    c.nameIfUnknown(name);
                }
            }
        }
    }

    String actorName() {
        return actorName;
    }

    /** The actor's creation landed (a handle that says so arrived, or the record was seen). */
    void confirm() {
        confirmed = true;
        CallerChannel[] more = lanes;
        if (more != null) {
            for (CallerChannel c : more) {
                c.confirmed = true;
            }
        }
    }

    /** Nothing queued or in flight, and no call submitted for a minute: may be dropped (see ActorHost). */
    boolean isIdle() {
        CallerChannel[] more = lanes;
        if (more != null) {
            for (CallerChannel c : more) {
                if (!c.isIdleHere()) {
                    return false;
                }
            }
        }
        return isIdleHere();
    }

    private synchronized boolean isIdleHere() {
        return queue.isEmpty() && !sending && System.nanoTime() - lastSubmitNanos > IDLE_NANOS;
    }

    void submit(PendingCall call) {
        if (call.mode != CallBatch.CREATE && lanes != null) {
            lane().submitHere(call);
        } else {
            submitHere(call);
        }
    }

    private void submitHere(PendingCall call) {
        byte[] failure;
        synchronized (this) {
            failure = dead;
            lastSubmitNanos = System.nanoTime();
            if (failure == null) {
                if (call.mode == CallBatch.MUTATE) {
                    call.seq = nextSeq++;
                }
                queue.add(call);
            }
        }
        if (failure != null) {
            call.complete(new Outcome(Outcome.Kind.FAILED, failure));
            return;
        }
        pump();
    }

    /**
     * Drops the call whose result is {@code refId} if it is still queued (not sent in a batch):
     * its ref fails with TaskCancelledException at once. A read-only call leaves the queue; a
     * mutating one keeps its place and its number (the owner orders and de-duplicates by number)
     * and travels with its failure, which the owner answers without running anything.
     *
     * @return whether it was found queued here (or in a lane of this channel)
     */
    boolean cancel(String refId) {
        if (cancelHere(refId)) {
            return true;
        }
        CallerChannel[] more = primary == this ? lanes : null;
        if (more != null) {
            for (CallerChannel c : more) {
                if (c.cancelHere(refId)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean cancelHere(String refId) {
        PendingCall found = null;
        byte[] failure = null;
        synchronized (this) {
            for (Iterator<PendingCall> it = queue.iterator(); it.hasNext(); ) {
                PendingCall c = it.next();
                if (refId.equals(c.refId) && !c.cancelled) {
                    failure = host.grid().toBytes(TaskCancelledException.actorCall(refId, c.functionName));
                    c.cancelled = true;
                    if (c.mode == CallBatch.MUTATE) {
                        c.failure = failure;
                    } else {
                        it.remove();
                    }
                    found = c;
                    break;
                }
            }
        }
        if (found == null) {
            return false;
        }
        found.complete(new Outcome(Outcome.Kind.FAILED, failure));
        pump(); // it may have been the head, waiting for its arguments
        return true;
    }

    /** The actor is dead (killed, purged): queued and later calls fail with {@code e}. */
    void markDead(ActorDiedException e) {
        markDead(host.grid().toBytes(e));
    }

    private void markDead(byte[] e) {
        synchronized (this) {
            if (dead == null) {
                dead = e;
            }
        }
        pump();
        CallerChannel[] more = primary == this ? lanes : null;
        if (more != null) {
            for (CallerChannel c : more) {
                c.markDead(e);
            }
        }
    }

    // ---- sending --------------------------------------------------------------------------------

    private void pump() {
        Batch batch;
        List<PendingCall> failedHere = new ArrayList<>();
        List<Outcome> failures = new ArrayList<>();
        synchronized (this) {
            if (sending || queue.isEmpty()) {
                return;
            }
            if (dead != null) {
                while (!queue.isEmpty()) {
                    failedHere.add(queue.poll());
                    failures.add(new Outcome(Outcome.Kind.FAILED, dead));
                }
                batch = null;
            } else {
                PendingCall head = queue.peek();
                if (!head.ready()) {
                    if (awaited != head.dependencies) {
                        awaited = head.dependencies;
                        head.dependencies.whenComplete((v, t) -> pump());
                    }
                    return;
                }
                batch = takeBatch(failedHere, failures);
                sending = batch != null;
            }
        }
        for (int i = 0; i < failedHere.size(); i++) {
            failedHere.get(i).complete(failures.get(i));
        }
        if (batch != null) {
            host.counters().batchesSent.increment();
            send(batch);
        } else if (!failedHere.isEmpty()) {
            pump();
        }
    }

    /** Consecutive ready calls of the head's kind; read-only calls that cannot run fail here. */
    private Batch takeBatch(List<PendingCall> failedHere, List<Outcome> failures) {
        byte mode = queue.peek().mode;
        List<PendingCall> calls = new ArrayList<>();
        while (!queue.isEmpty() && calls.size() < MAX_BATCH) {
            PendingCall c = queue.peek();
            if (c.mode != mode || !c.ready() || (mode == CallBatch.CREATE && !calls.isEmpty())) {
                break;
            }
            queue.poll();
            try {
                if (!c.cancelled) { // a cancelled call travels with its failure, for its number alone
                    c.args = c.plan.encode(c.functionName);
                }
            } catch (RuntimeException e) {
                byte[] failure = host.grid().toBytes(e instanceof HazelrayException h ? h
                        : new HazelrayException(e.getMessage(), RemoteException.from(e)));
                if (mode == CallBatch.READ) {
                    failedHere.add(c);
                    failures.add(new Outcome(Outcome.Kind.FAILED, failure));
                    continue;
                }
                c.failure = failure; // still sent: its number is used, and the owner answers with this
            }
            calls.add(c);
        }
        if (calls.isEmpty()) {
            return null;
        }
        Batch batch = new Batch(mode, calls, build(mode, calls));
        batch.inline = !threaded && !(mode == CallBatch.MUTATE && primary.liveState) && host.inlining().mayInline(mode, calls);
        return batch;
    }

    private CallBatch build(byte mode, List<PendingCall> calls) {
        CallBatch b = new OffloadedBatch();
        b.mode = mode;
        b.actorId = actorId;
        b.actorName = actorName;
        b.callerId = callerId;
        b.firstSeq = calls.get(0).seq;
        int n = calls.size();
        b.functionOf = new int[n];
        b.refIds = new String[n];
        b.args = new EncodedArgs[n];
        b.failures = new byte[n][];
        for (int i = 0; i < n; i++) {
            PendingCall c = calls.get(i);
            b.depth = Math.max(b.depth, c.depth);
            b.readsObjects |= c.readsObjects;
            b.refIds[i] = c.refId;
            b.args[i] = c.args;
            b.failures[i] = c.failure;
        }
        if (mode == CallBatch.CREATE) {
            b.owner = calls.get(0).owner;
            b.typeName = calls.get(0).typeName;
            b.settings = calls.get(0).settings;
        }
        if (oneFunction(calls)) { // the common case (one call, or many of one method): no index to build
            PendingCall first = calls.get(0);
            b.functions = new byte[][] {first.function};
            b.functionNames = new String[] {first.functionName};
            b.code = first.code;
            return b;
        }
        Map<byte[], Integer> functionIndex = new IdentityHashMap<>();
        List<byte[]> functions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Set<String> code = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            PendingCall c = calls.get(i);
            Integer f = functionIndex.get(c.function);
            if (f == null) {
                f = functions.size();
                functionIndex.put(c.function, f);
                functions.add(c.function);
                names.add(c.functionName);
            }
            b.functionOf[i] = f;
            code.addAll(Arrays.asList(c.code));
        }
        b.functions = functions.toArray(byte[][]::new);
        b.functionNames = names.toArray(String[]::new);
        b.code = code.toArray(String[]::new);
        return b;
    }

    /** Whether every call has the first one's function and code (the same encoded method: the same arrays). */
    private static boolean oneFunction(List<PendingCall> calls) {
        PendingCall first = calls.get(0);
        for (int i = 1; i < calls.size(); i++) {
            PendingCall c = calls.get(i);
            if (c.function != first.function || c.code != first.code) {
                return false;
            }
        }
        return true;
    }

    private void send(Batch batch) {
        try {
            if (batch.inline) {
                host.counters().inlineSent.increment();
            }
            batch.ep.target = targetOf(actorId);
            GridInternals.submitToKey(host.records(), actorId, batch.inline ? new InlineBatch(batch.ep) : batch.ep)
                    .whenCompleteAsync((reply, t) -> onReply(batch, reply, t), PendingResult.replyExecutor(batch.results()));
        } catch (RuntimeException e) {
            onReply(batch, null, e);
        }
    }

    /**
     * The uuid of the member that owns the actor's partition now, as this process sees it (a table
     * look-up). The partition is looked up once (hashing the serialized key every call cost more);
     * its owner at each call.
     */
    private String targetOf(String key) {
        try {
            Partition p = partition;
            if (p == null) {
                p = host.hazelcast().getPartitionService().getPartition(key);
                partition = p;
            }
            Member owner = p.getOwner();
            if (owner == null) {
                return null;
            }
            KnownOwner known = lastOwner;
            if (known == null || known.member != owner) {
                known = new KnownOwner(owner, owner.getUuid().toString());
                lastOwner = known;
            }
            return known.uuid;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void onReply(Batch batch, Object delivered, Throwable t) {
        BatchReply reply = null;
        if (t == null) {
            try {
                reply = internals.resolve(delivered);
            } catch (RuntimeException e) {
                t = e;
            }
        }
        if (t != null) {
            Throwable cause = unwrap(t);
            boolean running = host.hazelcast().getLifecycleService().isRunning();
            if (running && isRetriable(cause) && batch.age() < RESEND_PATIENCE_NANOS) {
                LOG.debug("batch for actor {} failed ({}); sending it again", actorId, cause.toString());
                if (isMemberLoss(cause) && batch.mode != CallBatch.CREATE) {
                    batch.ep.losses++; // the owner answers past the actor's maxTaskRetries
                    batch.inline = false;
                }
                resendLater(batch);
                return;
            }
            HazelrayException e = !running
                    ? new HazelrayException("the Hazelcast instance this call was made through shut down", cause)
                    : new HazelrayException("call of actor " + ActorDiedException.describe(actorId, actorName)
                      + " could not be delivered: " + cause, RemoteException.from(cause));
            finish(batch, failAll(batch, host.grid().toBytes(e)), false);
            return;
        }
        host.inlining().observed(batch.calls, reply.hint);
        if (reply.settings != null) {
            settings(reply.settings);
        }
        switch (reply.status) {
            case BatchReply.DONE -> finish(batch, reply.replies, true);
            case BatchReply.REFUSED -> {
                host.counters().inlineRefused.increment();
                batch.inline = false; // run it on the owner's executor instead
                send(batch);
            }
            case BatchReply.RESEND -> {
                if (batch.age() < RESEND_PATIENCE_NANOS) {
                    resendLater(batch);
                } else {
                    finish(batch, failAll(batch, host.grid().toBytes(new HazelrayException("call of actor "
                            + ActorDiedException.describe(actorId, actorName) + " gave up: its owner kept changing"))), false);
                }
            }
            default -> { // MISSING
                if (!confirmed && batch.age() < MISSING_PATIENCE_NANOS) {
                    resendLater(batch); // its creation has not landed yet
                } else {
                    String where = reply.why == null ? "" : " (" + reply.why + ")";
                    ActorDiedException e = new ActorDiedException(actorId, actorName,
                            (confirmed ? "it no longer exists (its driver shut down)"
                                    : "it does not exist (never created, or its driver shut down)") + where, null);
                    finish(batch, failAll(batch, new Reply(Reply.DIED, host.grid().toBytes(e))), true);
                }
            }
        }
    }

    private Reply[] failAll(Batch batch, byte[] exception) {
        return failAll(batch, new Reply(Reply.FAILED, exception));
    }

    private static Reply[] failAll(Batch batch, Reply reply) {
        Reply[] replies = new Reply[batch.calls.size()];
        Arrays.fill(replies, reply);
        return replies;
    }

    private void finish(Batch batch, Reply[] replies, boolean answered) {
        for (int i = 0; i < replies.length; i++) {
            Reply r = replies[i];
            PendingCall call = batch.calls.get(i);
            if (answered) {
                confirmed = true; // the owner answered: the record is (or was) there
            }
            if (r.kind() == Reply.DIED) {
                synchronized (this) {
                    if (dead == null) {
                        dead = r.payload();
                    }
                }
            }
            call.complete(switch (r.kind()) {
                case Reply.VALUE -> new Outcome(Outcome.Kind.INLINE, r.payload());
                case Reply.STORED -> Outcome.STORED;
                default -> new Outcome(Outcome.Kind.FAILED, r.payload());
            });
        }
        synchronized (this) {
            sending = false;
        }
        pump();
    }

    private void resendLater(Batch batch) {
        host.counters().batchesResent.increment();
        batch.attempts++;
        long delay = Math.min(100, 1L << Math.min(batch.attempts, 7));
        CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> send(batch));
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Whether the batch may be sent again: always safe, since the owner answers a batch it already
     * applied from the caller's last batch kept in the record (de-duplication by sequence). A client
     * whose connection to the owner closed gets {@link TargetDisconnectedException} (Hazelcast's
     * client does not redo operations by itself); without resending it, a call that was applied
     * before the owner died would be reported failed, and a later count would exceed the
     * acknowledged calls (found by ChaosTest). An indeterminate outcome is resent for the same reason.
     */
    /** The member the batch was sent to left while it was there. */
    private static boolean isMemberLoss(Throwable t) {
        return t instanceof MemberLeftException || t instanceof TargetDisconnectedException;
    }

    private static boolean isRetriable(Throwable t) {
        return BatchExecutor.isMemberChange(t) || t instanceof OperationTimeoutException
                || t instanceof TargetDisconnectedException || t instanceof IndeterminateOperationStateException;
    }

    private record KnownOwner(Member member, String uuid) {
    }

    /** One batch on its way, sent again as it is until answered. */
    private static final class Batch {
        final byte mode;
        final List<PendingCall> calls;
        final CallBatch ep;
        final long started = System.nanoTime();
        int attempts;
        boolean inline;

        Batch(byte mode, List<PendingCall> calls, CallBatch ep) {
            this.mode = mode;
            this.calls = calls;
            this.ep = ep;
        }

        long age() {
            return System.nanoTime() - started;
        }

        /** The results its calls complete (a creation has none), for whoever waits on one. */
        Iterable<PendingResult> results() {
            return () -> new Iterator<>() { // looked at each time a reply arrives: no stream, one small object
                private int next = skipToResult(0);

                private int skipToResult(int i) {
                    while (i < calls.size() && calls.get(i).result == null) {
                        i++;
                    }
                    return i;
                }

                @Override
                public boolean hasNext() {
                    return next < calls.size();
                }

                @Override
                public PendingResult next() {
                    if (next >= calls.size()) {
                        throw new NoSuchElementException();
                    }
                    PendingResult r = calls.get(next).result;
                    next = skipToResult(next + 1);
                    return r;
                }
            };
        }
    }
}
