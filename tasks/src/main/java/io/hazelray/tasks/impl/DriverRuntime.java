package io.hazelray.tasks.impl;

import io.hazelray.tasks.spi.ArgumentPlan;
import io.hazelray.tasks.spi.PendingRef;
import io.hazelray.tasks.spi.Driver;
import io.hazelray.tasks.spi.Outcome;
import io.hazelray.tasks.spi.FunctionCodec;
import io.hazelray.tasks.spi.EncodedArgs;
import io.hazelray.tasks.spi.RunningCall;
import io.hazelray.tasks.spi.GridServices;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.partition.Partition;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.hazelray.core.GetTimeoutException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectLostException;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.RemoteException;
import io.hazelray.tasks.TaskCaller;
import io.hazelray.core.TaskException;
import io.hazelray.tasks.TaskFunc;
import io.hazelray.tasks.TaskOptions;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.core.WaitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The driver side of tasks and the object store: submits tasks through the Hazelray executor,
 * tracks their results, reads objects, and owns what it creates (ids start with its owner id).
 *
 * <p>A task is submitted when its ObjectRef arguments that this driver is computing are ready
 * (as Ray's owner resolves dependencies), to the member that owns the partition of the task's
 * result id, so results are stored where they are computed and load spreads by hash. A member
 * lost mid-task fails the executor's future with {@link MemberLeftException}; the task is then
 * re-run on the new owner, up to {@code maxRetries} times.
 */
public final class DriverRuntime implements TaskRuntime, Driver {
    static final Logger LOG = LoggerFactory.getLogger(DriverRuntime.class);

    private final GridServices grid;
    private final String owner;
    private final boolean nested;
    /** 0 for a driver; a task at depth d submits at depth d + 1 (see Tasks.configure). */
    private final int depth;
    private volatile boolean closed;
    /** Objects whose call has not answered yet: failed by close(), so no get waits forever. */
    private final java.util.Set<LocalObject> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Bumped at every completion; waitFor waits on it instead of adding listeners to every future. */
    private final Object completions = new Object();
    private long completionCount;
    private volatile int waiters;
    private final List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    private DriverRuntime(GridServices grid, String owner, boolean nested, int depth) {
        this.grid = grid;
        this.owner = owner;
        this.nested = nested;
        this.depth = depth;
    }

    /** A driver of its own: what it creates is released when it closes. */
    public static DriverRuntime root(GridServices grid) {
        return new DriverRuntime(grid, newOwnerId(), false, 0);
    }

    /** The runtime a running task uses for nested calls: owned by the task's driver, never closed by it. */
    public static DriverRuntime nested(GridServices grid, String owner, int depth) {
        return new DriverRuntime(grid, owner, true, depth);
    }

    private static String newOwnerId() {
        return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }

    @Override
    public GridServices grid() {
        return grid;
    }

    /** The owner id every object of this driver starts with. */
    @Override
    public String owner() {
        return owner;
    }

    @Override
    public String localAddress() {
        return grid.localAddress();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Whether this is a running task's runtime, which is never closed itself. */
    @Override
    public boolean isNested() {
        return nested;
    }

    /**
     * Runs {@code hook} when this (root) driver closes, before its objects are released: how other
     * modules (actors) release what the driver owns. Ignored for nested runtimes. Hooks run once,
     * in registration order; one that throws does not stop the others.
     */
    @Override
    public void onClose(Runnable hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        if (!nested) {
            closeHooks.add(hook);
        }
    }

    // ---- submission ----------------------------------------------------------------------------

    @Override
    public <R> TaskCaller<R> taskOf(TaskFunc f, Object[] args) {
        return new TaskCaller<>(f, args, this::launch);
    }

    @Override
    public <R> PendingRef<R> newPendingRef() {
        ObjectRefImpl<R> ref = newRef();
        return new PendingRef<>(ref, ref.local());
    }

    private <R> ObjectRefImpl<R> newRef() {
        String id = grid.newObjectId(owner);
        LocalObject local = new LocalObject(this, id);
        pending.add(local);
        return new ObjectRefImpl<>(id, local);
    }

    /** Called by {@link LocalObject#complete} once an outcome is recorded. */
    void completed(LocalObject local) {
        pending.remove(local);
        if (waiters > 0) {
            synchronized (completions) {
                completionCount++;
                completions.notifyAll();
            }
        }
    }

    /** A failed outcome that cannot fail to be made (serialization may be gone at shutdown). */
    Outcome failedOutcome(HazelrayException e) {
        try {
            return new Outcome(Outcome.Kind.FAILED, grid.toBytes(e));
        } catch (RuntimeException serializationGone) {
            return new Outcome(Outcome.Kind.FAILED, null, e);
        }
    }

    private <R> ObjectRef<R> launch(TaskFunc fn, Object[] args, TaskOptions options) {
        ensureOpen();
        FunctionCodec.Encoded encoded = grid.codec().encode(fn, "fn");
        String name = options.name() != null ? options.name() : encoded.name();
        Arguments plan = planArguments(args, name);
        ObjectRefImpl<R> ref = newRef();
        String[] retry = options.retryExceptions().stream().map(Class::getName).toArray(String[]::new);
        TaskSpec spec = new TaskSpec(ref.id(), owner, name, encoded.bytes(), null, options.cpus(), retry, depth);
        Submission submission = new Submission(spec, ref.local(), plan, options.maxRetries());
        if (plan.dependencies.isEmpty()) {
            submission.start();
        } else {
            CompletableFuture.allOf(plan.dependencies.toArray(CompletableFuture[]::new))
                    .whenComplete((v, t) -> submission.start());
        }
        return ref;
    }

    /**
     * Serializes plain arguments now, on the caller's thread, so that one that cannot be
     * serialized fails {@code remote()} with its position; refs are resolved at submission.
     */
    @Override
    public Arguments planArguments(Object[] args, String callName) {
        Arguments plan = new Arguments(args.length);
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof ObjectRefImpl<?> ref) {
                plan.refs[i] = ref;
                LocalObject local = ref.local();
                if (local != null && local.runtime == this && !local.outcome.isDone()) {
                    plan.dependencies.add(local.outcome);
                }
            } else {
                try {
                    plan.values[i] = grid.toBytes(arg);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("argument " + i + " of '" + callName + "', a "
                            + arg.getClass().getName() + ", is not serializable: " + rootMessage(e), e);
                }
            }
        }
        return plan;
    }

    /** Arguments on their way: plain values already serialized, refs to resolve when ready. */
    public final class Arguments implements ArgumentPlan {
        final byte[][] values;
        final ObjectRefImpl<?>[] refs;
        final List<CompletableFuture<?>> dependencies = new ArrayList<>();

        Arguments(int n) {
            values = new byte[n][];
            refs = new ObjectRefImpl<?>[n];
        }

        @Override
        public List<CompletableFuture<?>> dependencies() {
            return dependencies;
        }

        /**
         * The arguments as they travel, once the dependencies are done: a ref whose result came
         * back inline travels as its value, others as their id.
         *
         * @throws HazelrayException naming the argument whose call failed
         */
        @Override
        public EncodedArgs encode(String callName) {
            EncodedArgs encoded = new EncodedArgs(values.length);
            for (int i = 0; i < values.length; i++) {
                ObjectRefImpl<?> ref = refs[i];
                if (ref == null) {
                    encoded.setValue(i, values[i]);
                    continue;
                }
                LocalObject local = ref.local();
                if (local != null && local.runtime == DriverRuntime.this) {
                    if (local.isFreed()) {
                        throw new ObjectLostException(ref.id(), "argument " + i + " of '" + callName + "' was freed");
                    }
                    Outcome outcome = local.outcome.join();
                    switch (outcome.kind()) {
                        case INLINE -> encoded.setValue(i, outcome.bytes());
                        case STORED -> encoded.setRef(i, ref.id());
                        case FAILED -> {
                            HazelrayException upstream = failure(outcome);
                            throw new HazelrayException("argument " + i + " of '" + callName
                                    + "' is the result of a call that failed: " + upstream.getMessage(), upstream);
                        }
                    }
                } else {
                    if (local != null) {
                        local.share(); // another driver's ref in this JVM: read it from the grid
                    }
                    encoded.setRef(i, ref.id());
                }
            }
            return encoded;
        }
    }

    /** One task from submission to outcome, with its retries. */
    private final class Submission implements ExecutionCallback<TaskReply> {
        private final TaskSpec spec;
        private final LocalObject result;
        private final Arguments plan;
        private final int maxRetries;
        private volatile Member target;

        Submission(TaskSpec spec, LocalObject result, Arguments plan, int maxRetries) {
            this.spec = spec;
            this.result = result;
            this.plan = plan;
            this.maxRetries = maxRetries;
        }

        void start() {
            try {
                spec.args = plan.encode(spec.name);
            } catch (RuntimeException e) {
                fail(new TaskException("task", spec.name, localAddress(), RemoteException.from(e)));
                return;
            }
            submit();
        }

        private void submit() {
            try {
                target = targetFor(spec.taskId, spec.cpus);
                grid.executor(depth).submitToMember(spec, target, this);
            } catch (RuntimeException e) {
                onFailure(e);
            }
        }

        @Override
        public void onResponse(TaskReply reply) {
            // Hazelcast drops what a callback throws: nothing may escape, or the ref never completes.
            try {
                handle(reply);
            } catch (Throwable t) {
                fail(new TaskException("task", spec.name, localAddress(), RemoteException.from(t)));
            }
        }

        private void handle(TaskReply reply) {
            switch (reply.kind) {
                case INLINE -> result.complete(new Outcome(Outcome.Kind.INLINE, reply.payload));
                case STORED -> result.complete(Outcome.STORED);
                case FAILED_RETRIABLE -> {
                    if (spec.attempt < maxRetries && !closed) {
                        LOG.debug("task {} threw a retriable exception, attempt {} of {}", spec.name,
                                spec.attempt + 1, maxRetries + 1);
                        spec.attempt++;
                        submit();
                    } else {
                        result.complete(new Outcome(Outcome.Kind.FAILED, reply.payload));
                    }
                }
                case FAILED -> result.complete(new Outcome(Outcome.Kind.FAILED, reply.payload));
            }
        }

        @Override
        public void onFailure(Throwable t) {
            try {
                handleFailure(t);
            } catch (Throwable again) {
                fail(new TaskException("task", spec.name, localAddress(), RemoteException.from(t)));
            }
        }

        private void handleFailure(Throwable t) {
            String where = target == null ? "(none)" : GridServices.address(target);
            if (isMemberLoss(t) && spec.attempt < maxRetries && !closed) {
                LOG.info("member {} was lost while running task {}; retrying ({} of {})", where, spec.name,
                        spec.attempt + 1, maxRetries);
                spec.attempt++;
                submit();
                return;
            }
            String what = isMemberLoss(t)
                    ? "task (lost with its member after " + (spec.attempt + 1) + " attempt(s), maxRetries=" + maxRetries + ")"
                    : "task";
            fail(new TaskException(what, spec.name, where, RemoteException.from(t)));
        }

        private void fail(HazelrayException e) {
            result.complete(failedOutcome(e));
        }
    }

    private static boolean isMemberLoss(Throwable t) {
        return t instanceof MemberLeftException || t instanceof TargetNotMemberException
                || t instanceof TargetDisconnectedException || t instanceof HazelcastInstanceNotActiveException;
    }

    /**
     * The owner of the partition of {@code key} if it has {@code cpus} slots, else a member that
     * has (chosen by the key, so retries spread too).
     *
     * @throws HazelrayException if no member has that many slots
     */
    Member targetFor(String key, int cpus) {
        Partition partition = grid.hazelcast().getPartitionService().getPartition(key);
        Member owner = partition.getOwner();
        if (owner != null && (cpus == 1 || cpusOf(owner) >= cpus)) { // every member has a slot: no look-up on the common path
            return owner;
        }
        List<Member> able = grid.hazelcast().getCluster().getMembers().stream()
                .filter(m -> !m.isLiteMember() && cpusOf(m) >= cpus).toList();
        if (able.isEmpty()) {
            throw new IllegalArgumentException("no member has " + cpus + " CPU slots (most: "
                    + grid.hazelcast().getCluster().getMembers().stream().mapToInt(DriverRuntime::cpusOf).max().orElse(0) + ")");
        }
        return able.get(Math.floorMod(key.hashCode(), able.size()));
    }

    private static int cpusOf(Member member) {
        String cpus = member.getAttribute(io.hazelray.tasks.Tasks.CPUS_ATTRIBUTE);
        return cpus == null ? Integer.MAX_VALUE : Integer.parseInt(cpus); // a member Hazelray did not configure: let it decide
    }

    // ---- the object store -------------------------------------------------------------------------

    @Override
    public <T> ObjectRef<T> put(T value) {
        ensureOpen();
        java.util.Objects.requireNonNull(value, "value");
        com.hazelcast.internal.serialization.Data data;
        try {
            data = grid.toData(value);
        } catch (com.hazelcast.nio.serialization.HazelcastSerializationException e) {
            throw new IllegalArgumentException("put: a " + value.getClass().getName() + " is not serializable: "
                    + rootMessage(e), e);
        }
        ObjectRefImpl<T> ref = newRef();
        try {
            grid.store().set(ref.id(), data);
        } finally {
            ref.local().complete(Outcome.STORED); // not pending either way; a failed set is lost, and said so
        }
        return ref;
    }

    @Override
    public <T> T get(ObjectRef<T> ref) {
        return get(ref, null);
    }

    @Override
    public <T> T get(ObjectRef<T> ref, Duration timeout) {
        java.util.Objects.requireNonNull(ref, "ref");
        ObjectRefImpl<T> r = (ObjectRefImpl<T>) ref;
        LocalObject local = r.local();
        if (local != null && local.runtime == this) {
            if (closed) {
                throw shutDown(ref);
            }
            Outcome outcome = await(local, ref, timeout);
            if (closed) {
                throw shutDown(ref);
            }
            if (local.isFreed()) {
                throw new ObjectLostException(ref.id(), "it was freed with free()");
            }
            return switch (outcome.kind()) {
                case INLINE -> grid.fromBytes(outcome.bytes());
                case STORED -> unwrap(ref, readStored(ref));
                case FAILED -> throw failure(outcome);
            };
        }
        if (closed) {
            throw shutDown(ref);
        }
        if (local != null) {
            if (local.runtime.isClosed()) {
                throw shutDown(ref);
            }
            local.share();
        }
        return unwrap(ref, awaitInGrid(ref, timeout));
    }

    private Object readStored(ObjectRef<?> ref) {
        Object value = grid.store().map().get(ref.id());
        if (value == null) {
            throw new ObjectLostException(ref.id(),
                    "it is not in the object store (freed, released when its owner shut down, or lost with members)");
        }
        return value;
    }

    private Object awaitInGrid(ObjectRef<?> ref, Duration timeout) {
        try (RunningCall.Blocking ignored = RunningCall.blocking()) {
            return grid.store().await(ref, timeout);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T unwrap(ObjectRef<?> ref, Object stored) {
        if (stored instanceof ObjectStore.StoredFailure failure) {
            HazelrayException e = failure.exception();
            e.fillInStackTrace();
            throw e;
        }
        if (stored instanceof LocalObject.NullValue) {
            return null;
        }
        return (T) stored;
    }

    private HazelrayException failure(Outcome outcome) {
        if (outcome.error() != null) {
            return new HazelrayException(outcome.error().getMessage(), outcome.error());
        }
        HazelrayException e = grid.fromBytes(outcome.bytes()); // a fresh copy for each get
        e.fillInStackTrace(); // the stack of the get that throws it; the remote one is the cause
        return e;
    }

    private Outcome await(LocalObject local, ObjectRef<?> ref, Duration timeout) {
        CompletableFuture<Outcome> future = local.outcome;
        Outcome done = future.getNow(null);
        if (done != null) {
            return done;
        }
        try (RunningCall.Blocking ignored = RunningCall.blocking()) {
            return timeout == null ? future.get() : future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new GetTimeoutException(ref, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HazelrayException("interrupted while waiting for object " + ref.id(), e);
        } catch (ExecutionException e) {
            throw new HazelrayException("unexpected failure waiting for object " + ref.id(), e.getCause());
        }
    }

    @Override
    public <T> List<T> get(List<? extends ObjectRef<T>> refs) {
        List<T> values = new ArrayList<>(refs.size());
        for (ObjectRef<T> ref : refs) {
            values.add(get(ref));
        }
        return values;
    }

    @Override
    public <T> WaitResult<T> waitFor(List<? extends ObjectRef<T>> refs, int numReturns, Duration timeout) {
        java.util.Objects.requireNonNull(refs, "refs");
        if (numReturns < 0 || numReturns > refs.size()) {
            throw new IllegalArgumentException("numReturns must be between 0 and " + refs.size() + ", was " + numReturns);
        }
        ensureOpen();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        boolean anyForeign = refs.stream().anyMatch(ref -> {
            LocalObject local = ((ObjectRefImpl<?>) ref).local();
            return local == null || local.runtime != this;
        });
        waitersChange(1);
        try (RunningCall.Blocking ignored = RunningCall.blocking()) {
            long pause = TimeUnit.MICROSECONDS.toNanos(100);
            while (true) {
                long seen;
                synchronized (completions) {
                    seen = completionCount;
                }
                List<ObjectRef<T>> ready = new ArrayList<>();
                List<ObjectRef<T>> unready = new ArrayList<>();
                for (ObjectRef<T> ref : refs) {
                    (ready.size() < numReturns && isReady(ref) ? ready : unready).add(ref);
                }
                long left = deadline - System.nanoTime();
                if (ready.size() >= numReturns || left <= 0) {
                    return new WaitResult<>(ready, unready);
                }
                // This driver's results signal their completion; refs of other drivers are polled in the grid.
                long slice = anyForeign ? Math.min(left, pause) : left;
                synchronized (completions) {
                    if (completionCount == seen) {
                        TimeUnit.NANOSECONDS.timedWait(completions, Math.min(slice, TimeUnit.SECONDS.toNanos(1)));
                    }
                }
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HazelrayException("interrupted in waitFor", e);
        } finally {
            waitersChange(-1);
        }
    }

    private void waitersChange(int delta) {
        synchronized (completions) {
            waiters += delta;
        }
    }

    private boolean isReady(ObjectRef<?> ref) {
        LocalObject local = ((ObjectRefImpl<?>) ref).local();
        if (local != null && local.runtime == this) {
            return local.outcome.isDone();
        }
        return grid.store().isReady(ref.id());
    }

    @Override
    public void free(Collection<? extends ObjectRef<?>> refs) {
        ensureOpen();
        for (ObjectRef<?> ref : refs) {
            LocalObject local = ((ObjectRefImpl<?>) ref).local();
            if (local == null || local.free()) {
                grid.store().delete(ref.id());
            }
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    @Override
    public void close() {
        if (nested || closed) {
            return;
        }
        closed = true;
        // Calls still running: their results are released when they arrive, and whoever waits
        // for them is told now instead of waiting for a grid that may be going away.
        for (LocalObject local : pending) {
            local.free();
            local.complete(failedOutcome(new HazelrayException("object " + local.id
                    + " was not ready when its Hazelray runtime was shut down")));
        }
        for (Runnable hook : closeHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("a close hook of driver {} failed", owner, e);
            }
        }
        try {
            grid.store().deleteOwnedBy(owner);
        } catch (HazelcastInstanceNotActiveException gone) {
            LOG.debug("grid already shut down: nothing to release for owner {}", owner);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new HazelrayException("this Hazelray runtime was shut down; call Hazelray.init() to start a new one");
        }
    }

    private static HazelrayException shutDown(ObjectRef<?> ref) {
        return new HazelrayException("cannot get " + ref + ": the Hazelray runtime that created it was shut down,"
                + " and its objects were released with it");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }
}
