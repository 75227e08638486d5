package io.hazelray.tasks.impl;

import io.hazelray.tasks.Resources;
import io.hazelray.tasks.Tasks;
import java.util.concurrent.CompletionException;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Map;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import io.hazelray.tasks.spi.PendingRef;
import io.hazelray.tasks.spi.Driver;
import io.hazelray.tasks.spi.Outcome;
import io.hazelray.tasks.spi.FunctionCodec;
import io.hazelray.tasks.spi.GridServices;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectStoreFullException;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.TaskCaller;
import io.hazelray.tasks.TaskFunc;
import io.hazelray.tasks.TaskOptions;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.core.WaitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

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
    private static final String[] NO_NAMES = new String[0];

    private final GridServices grid;
    private final String owner;
    private final boolean nested;
    /** 0 for a driver; a task at depth d submits at depth d + 1 (see Tasks.configure). */
    private final int depth;
    private volatile boolean closed;
    /** Objects whose call has not answered yet: failed by close(), so no get waits forever. */
    private final Set<LocalObject> pending = ConcurrentHashMap.newKeySet();
    /** Tasks not finished yet, by result id: what cancel() finds. */
    private final Map<String, TaskSubmission> submissions = new ConcurrentHashMap<>();
    private final Placement placement;
    /** Set by {@link #cancelAll}: tasks submitted from now on are cancelled at once. */
    private volatile boolean cancelNew;
    private volatile boolean cancelNewForced;
    /** What TaskCaller calls: one task, or one task whose result is split into parts. */
    private final TaskCaller.Launcher launcher = new TaskCaller.Launcher() {
        @Override
        public <R> ObjectRef<R> launch(TaskFunc fn, Object[] args, TaskOptions options) {
            return DriverRuntime.this.launch(fn, args, options);
        }

        @Override
        public <E> List<ObjectRef<E>> split(ObjectRef<?> whole, int n, TaskFunc fn, String name) {
            return DriverRuntime.this.split(whole, n, name != null ? name : FunctionCodec.describe(fn));
        }
    };
    private final ObjectReader reader;
    private final LocalTasks localTasks;
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();

    private DriverRuntime(GridServices grid, String owner, boolean nested, int depth) {
        this.grid = grid;
        this.owner = owner;
        this.nested = nested;
        this.depth = depth;
        this.placement = new Placement(grid);
        this.reader = new ObjectReader(this);
        this.localTasks = LocalTasks.of(grid);
    }

    /** A driver of its own: what it creates is released when it closes. */
    public static DriverRuntime root(GridServices grid) {
        DriverRuntime driver = new DriverRuntime(grid, newOwnerId(), false, 0);
        // Members learn which connection this driver runs in, so they can purge what it owns if
        // its process dies, and tell readers of its refs that their owner died.
        grid.store().drivers().register(driver.owner);
        return driver;
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
        Objects.requireNonNull(hook, "hook");
        if (!nested) {
            closeHooks.add(hook);
        }
    }

    // ---- submission ----------------------------------------------------------------------------

    @Override
    public <R> TaskCaller<R> taskOf(TaskFunc f, Object[] args) {
        return new TaskCaller<>(f, args, launcher);
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
        submissions.remove(local.id);
        reader.completed();
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
        PlannedArguments plan = planArguments(args, name);
        ObjectRefImpl<R> ref = newRef();
        String[] retry = options.retryExceptions().isEmpty() ? NO_NAMES
                : options.retryExceptions().stream().map(Class::getName).toArray(String[]::new);
        TaskSpec spec = new TaskSpec(ref.id(), owner, name, encoded.bytes(), null, options.cpus(), retry, depth,
                grid.code().codeFor(fn));
        spec.resources = options.resources();
        TaskSubmission submission = new TaskSubmission(this, spec, ref.local(), plan, options.maxRetries(), options.strategy());
        submissions.put(ref.id(), submission);
        if (cancelNew) { // the task submitting it was cancelled recursively: it never runs
            if (submissions.remove(ref.id()) != null) {
                submission.cancel(cancelNewForced, true);
            }
            return ref;
        }
        if (plan.dependencies.isEmpty()) {
            submission.start();
        } else if (!submission.failIfInfeasible()) {
            CompletableFuture.allOf(plan.dependencies.toArray(CompletableFuture[]::new))
                    .whenComplete((v, t) -> submission.start());
        }
        return ref;
    }

    /**
     * The parts of a task's result, as Ray's {@code num_returns}: {@code n} pending refs, completed
     * once the whole arrives (each part inline if small, else stored under its own id), and the
     * whole released. The parts pass through this driver.
     */
    private <E> List<ObjectRef<E>> split(ObjectRef<?> whole, int n, String name) {
        List<ObjectRefImpl<E>> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parts.add(newRef());
        }
        reader.future(whole).whenComplete((value, error) -> {
            try {
                List<?> values = error == null ? asList(value) : null;
                if (error == null && (values == null || values.size() != n)) {
                    error = new HazelrayException("task '" + name + "' returned " + (value == null ? "null"
                            : values == null ? "a " + value.getClass().getTypeName() : "a " + value.getClass().getTypeName()
                            + " of " + values.size()) + ", but withNumReturns(" + n + ") expects a List or an array of " + n);
                }
                for (int i = 0; i < n; i++) {
                    LocalObject part = parts.get(i).local();
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error;
                        part.complete(failedOutcome(cause instanceof HazelrayException h ? h
                                : new HazelrayException("task '" + name + "' failed: " + cause, cause)));
                    } else {
                        completePart(part, values.get(i));
                    }
                }
            } catch (RuntimeException e) {
                parts.forEach(p -> p.local().complete(failedOutcome(new HazelrayException("task '" + name
                        + "': its result could not be split: " + e, e))));
            } finally {
                if (!closed) {
                    free(List.of(whole));
                }
            }
        });
        return new ArrayList<>(parts);
    }

    private void completePart(LocalObject part, Object value) {
        Data data = grid.toData(value);
        if (data == null || data.totalSize() <= Tasks.INLINE_LIMIT_BYTES) {
            part.complete(new Outcome(Outcome.Kind.INLINE, data == null ? null : data.toByteArray()));
        } else {
            part.storedBytes = data.totalSize();
            grid.store().storeAsync(part.id, data).whenComplete((v, t) -> {
                Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
                part.complete(cause == null ? Outcome.STORED : failedOutcome(cause instanceof ObjectStoreFullException full
                        ? full : new HazelrayException("object " + part.id + " could not be stored: " + cause, cause)));
            });
        }
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        if (value != null && value.getClass().isArray()) {
            List<Object> boxed = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                boxed.add(Array.get(value, i));
            }
            return boxed;
        }
        return null;
    }

    /**
     * Serializes plain arguments now, on the caller's thread, so that one that cannot be
     * serialized fails {@code remote()} with its position; refs are resolved at submission.
     */
    @Override
    public PlannedArguments planArguments(Object[] args, String callName) {
        PlannedArguments plan = new PlannedArguments(this, args.length);
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

    Placement placement() {
        return placement;
    }

    LocalTasks localTasks() {
        return localTasks;
    }

    @Override
    public String newObjectIdPlacedFor(String idOwner, int cpus, Map<String, Double> resources) {
        ensureOpen();
        return placement.idPlacedFor(idOwner, new Placement.Demand(cpus, Resources.check(resources, "resources")));
    }

    // ---- the object store -------------------------------------------------------------------------

    @Override
    public <T> ObjectRef<T> put(T value) {
        ensureOpen();
        Objects.requireNonNull(value, "value");
        Data data;
        try {
            data = grid.toData(value);
        } catch (HazelcastSerializationException e) {
            throw new IllegalArgumentException("put: a " + value.getClass().getName() + " is not serializable: "
                    + rootMessage(e), e);
        }
        ObjectRefImpl<T> ref = newRef();
        ref.local().storedBytes = data.totalSize();
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
        return reader.get(ref, timeout);
    }

    @Override
    public boolean cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
        Objects.requireNonNull(ref, "ref");
        TaskSubmission submission = submissions.remove(ref.id());
        if (submission == null) {
            return false; // done already, not a task of this driver, or an actor call
        }
        submission.cancel(force, recursive);
        return true;
    }

    /**
     * Cancels every task this runtime submitted that has not finished, and theirs in turn, and
     * every task it submits from now on: what a recursive cancel of the running task this
     * (nested) runtime belongs to does.
     *
     * @return how many were cancelled
     */
    public int cancelAll(boolean force) {
        cancelNewForced = force;
        cancelNew = true;
        int n = 0;
        for (String id : List.copyOf(submissions.keySet())) {
            TaskSubmission submission = submissions.remove(id);
            if (submission != null) {
                submission.cancel(force, true);
                n++;
            }
        }
        return n;
    }

    @Override
    public <T> CompletableFuture<T> future(ObjectRef<T> ref) {
        return reader.future(ref);
    }

    @Override
    public <T> List<T> get(List<? extends ObjectRef<T>> refs) {
        return reader.get(refs);
    }

    @Override
    public <T> WaitResult<T> waitFor(List<? extends ObjectRef<T>> refs, int numReturns, Duration timeout) {
        return reader.waitFor(refs, numReturns, timeout);
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
        // Nobody waits for them any more: this driver's calls running on the local member stop now
        // (a member shutting down would otherwise wait up to 3 s for each of its pools to drain).
        grid.interruptCallsOf(owner);
        for (Runnable hook : closeHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.warn("a close hook of driver {} failed", owner, e);
            }
        }
        try {
            grid.store().deleteOwnedBy(owner);
            grid.store().drivers().unregister(owner);
        } catch (HazelcastInstanceNotActiveException gone) {
            LOG.debug("grid already shut down: nothing to release for owner {}", owner);
        }
    }

    void ensureOpen() {
        if (closed) {
            throw new HazelrayException("this driver was closed (TaskRuntime.close(), or Hazelray.shutdown() above it)"
                    + " and makes no new calls; start a new one");
        }
    }

    static HazelrayException shutDown(ObjectRef<?> ref) {
        return new HazelrayException("cannot get " + ref + ": the Hazelray runtime that created it was shut down,"
                + " and its objects were released with it");
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }
}
