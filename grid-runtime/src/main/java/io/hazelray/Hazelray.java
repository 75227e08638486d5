package io.hazelray;

import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.TreeMap;
import io.hazelray.tasks.Resources;
import java.util.ArrayList;
import io.hazelray.tasks.spi.Driver;
import io.hazelray.core.RuntimeContext;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.actors.ActorConstructor;
import io.hazelray.actors.ActorCreator;
import io.hazelray.actors.ActorCreatorCall;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.ActorRuntime;
import io.hazelray.actors.Actors;
import io.hazelray.dashboard.Dashboard;
import io.hazelray.runtime.MemberConfigs;
import io.hazelray.runtime.Members;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.runtime.status.ClusterStatus;
import io.hazelray.runtime.status.ClusterStatuses;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.TaskCaller;
import io.hazelray.tasks.TaskContext;
import io.hazelray.tasks.TaskFunc;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.TaskCall;
import io.hazelray.tasks.Tasks;
import io.hazelray.core.WaitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hazelray's one entry point: remote tasks, actors and the object store on a Hazelcast grid.
 * Every method is a short call into the tasks or actors runtime.
 *
 * <pre>{@code
 * try (Hazelray ray = Hazelray.init()) {                        // an embedded member, one slot per core
 *     ObjectRef<Integer> ref = ray.task(Fibonacci::distributed, 100_000).remote();
 *     int size = ray.get(ref);
 *
 *     ActorHandle<Counter> counter = ray.actor(Counter::new, 10).remote();
 *     int n = ray.get(counter.task(Counter::increment).remote());
 * }
 * }</pre>
 *
 * <p>{@link #init} starts a member inside this JVM, at most one at a time (as {@code ray.init}).
 * {@link #connect} wraps a Hazelcast instance you manage yourself (a member or a client), and
 * any number of those may coexist, which is what tests that hold two clusters use.
 */
public final class Hazelray implements TaskCall, ActorCreatorCall, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Hazelray.class);
    /** The resource name of CPU slots in {@link #nodes()} and the resource maps, as Ray names it. */
    public static final String CPU = "CPU";
    private static final AtomicReference<Hazelray> INITIALIZED = new AtomicReference<>();

    private final HazelcastInstance hz;
    private final TaskRuntime tasks;
    private final ActorRuntime actors;
    private final boolean ownsMember;
    private final boolean ownsRuntime;
    private volatile boolean shutDown;
    private Thread shutdownHook;
    private volatile Dashboard dashboard;

    private Hazelray(HazelcastInstance hz, TaskRuntime tasks, boolean ownsMember, boolean ownsRuntime) {
        this.hz = hz;
        this.tasks = tasks;
        this.actors = Actors.runtime(tasks);
        this.ownsMember = ownsMember;
        this.ownsRuntime = ownsRuntime;
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /** Starts an embedded member with the {@linkplain HazelrayOptions#defaults() defaults}. */
    public static Hazelray init() {
        return init(HazelrayOptions.defaults());
    }

    /**
     * Starts a Hazelcast member inside this JVM and returns the runtime on it.
     *
     * @throws IllegalStateException if an earlier {@code init} has not been shut down
     * @throws HazelrayException     if the member cannot start (for example its port is taken)
     */
    public static Hazelray init(HazelrayOptions options) {
        Objects.requireNonNull(options, "options");
        Hazelray live = INITIALIZED.get();
        if (live != null) {
            throw new IllegalStateException("Hazelray is already initialized in this JVM (member "
                    + live.address() + "); call shutdown() on it first. Maybe you called Hazelray.init() twice by accident?");
        }
        warnIfCommonPoolIsTooSmall();
        HazelcastInstance hz = Members.start(options);
        Hazelray ray = new Hazelray(hz, Tasks.driver(hz), true, true);
        if (!INITIALIZED.compareAndSet(null, ray)) {
            hz.shutdown();
            throw new IllegalStateException("Hazelray.init() raced with another init(); call shutdown() first");
        }
        ray.shutdownHook = new Thread(ray::shutdown, "hazelray-shutdown");
        Runtime.getRuntime().addShutdownHook(ray.shutdownHook);
        LOG.info("Hazelray member {} started in cluster '{}' with {} CPU slots", ray.address(),
                hz.getConfig().getClusterName(), Tasks.metrics(hz).cpuSlots());
        ray.dashboard = Dashboard.start(hz, options.dashboard()); // prints where; a taken port only warns
        return ray;
    }

    /**
     * Connects to a running cluster as a client driver, as Ray's {@code ray.init(address=...)}:
     * this driver stores no data and runs no tasks; tasks, actors, {@code put}/{@code get} work as
     * with an embedded member. {@link #shutdown()} releases what it created and closes the client.
     *
     * <pre>{@code
     * try (Hazelray ray = Hazelray.connect("127.0.0.1:5701")) { ... }
     * }</pre>
     *
     * @param addresses {@code host:port} of one or more members, comma-separated
     * @throws HazelrayException naming the addresses and the cluster if no member answers within 10 s
     */
    public static Hazelray connect(String addresses) {
        return connect(ConnectOptions.of(addresses));
    }

    /**
     * Connects to a running cluster as a client driver, with a cluster name, a timeout and extra
     * code to ship (see {@link ConnectOptions}).
     */
    public static Hazelray connect(ConnectOptions options) {
        Objects.requireNonNull(options, "options");
        warnIfCommonPoolIsTooSmall();
        HazelcastInstance client = Members.startClient(options);
        try {
            GridServices grid = GridServices.of(client);
            options.code().forEach(grid.code()::addCode);
            Hazelray ray = new Hazelray(client, Tasks.driver(client), true, true);
            LOG.info("Hazelray driver connected to cluster at {}", String.join(",", options.addresses()));
            return ray;
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    /**
     * A runtime on a Hazelcast instance you manage (a member configured with
     * {@link MemberConfigs#memberConfig}, or a client of such a cluster). {@link #shutdown()}
     * releases what this runtime created but leaves the instance running.
     */
    public static Hazelray connect(HazelcastInstance hz) {
        return new Hazelray(Objects.requireNonNull(hz, "hz"), Tasks.driver(hz), false, true);
    }

    /**
     * The runtime of the calling code: inside a task or an actor method, one that submits nested
     * calls on behalf of the same driver; elsewhere, the one {@link #init} started.
     *
     * @throws IllegalStateException if there is neither
     */
    public static Hazelray current() {
        Optional<TaskContext> context = TaskContext.current();
        if (context.isPresent()) {
            return new Hazelray(context.get().hazelcast(), context.get().runtime(), false, false);
        }
        Hazelray live = INITIALIZED.get();
        if (live == null) {
            throw new IllegalStateException("Hazelray is not initialized: call Hazelray.init() first");
        }
        return live;
    }

    /**
     * Releases every object and actor this runtime created, then (for {@link #init}) shuts the
     * embedded member down gracefully, handing its partitions to the other members. Idempotent.
     */
    public void shutdown() {
        synchronized (this) {
            if (shutDown) {
                return;
            }
            shutDown = true;
        }
        try {
            if (dashboard != null) {
                dashboard.close();
            }
            if (ownsRuntime) {
                tasks.close(); // releases the driver's objects and kills its (non-detached) actors
            }
        } catch (RuntimeException e) {
            LOG.warn("releasing this driver's objects failed: {}", e.toString());
        } finally {
            if (ownsMember) {
                try {
                    hz.shutdown(); // a member hands its partitions over first; a client just closes
                } finally {
                    INITIALIZED.compareAndSet(this, null);
                }
                if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(shutdownHook);
                    } catch (IllegalStateException jvmShuttingDown) {
                        // the hook is running or about to
                    }
                }
            }
        }
    }

    /** Same as {@link #shutdown()}, for try-with-resources. */
    @Override
    public void close() {
        shutdown();
    }

    public boolean isShutdown() {
        return shutDown;
    }

    // ---- tasks --------------------------------------------------------------------------------

    @Override
    public <R> TaskCaller<R> taskOf(TaskFunc f, Object[] args) {
        ensureOpen();
        return tasks.taskOf(f, args);
    }

    /** Stores {@code value} in the grid's object store (one synchronous backup). */
    public <T> ObjectRef<T> put(T value) {
        ensureOpen();
        return tasks.put(value);
    }

    /** Waits for the object and returns it; a failed call throws its {@code TaskException}. */
    public <T> T get(ObjectRef<T> ref) {
        return tasks.get(ref);
    }

    /** Waits at most {@code timeout}, then throws {@link io.hazelray.core.GetTimeoutException}. */
    public <T> T get(ObjectRef<T> ref, Duration timeout) {
        return tasks.get(ref, timeout);
    }

    /**
     * Ray's {@code ray.cancel(ref)} with Ray's defaults: {@code cancel(ref, false, true)}.
     *
     * @return whether a pending task or a queued actor call of this driver was cancelled
     */
    public boolean cancel(ObjectRef<?> ref) {
        return cancel(ref, false, true);
    }

    /**
     * Cancels the task or actor call behind {@code ref}, as Ray's
     * {@code ray.cancel(ref, force, recursive)}; {@code get} then throws
     * {@link io.hazelray.core.TaskCancelledException}. A task: see
     * {@link TaskRuntime#cancel(ObjectRef, boolean, boolean)} (a queued task never runs, a running
     * one is interrupted; {@code force} frees its CPU slots at once, {@code recursive} cancels the
     * tasks it submitted). An actor call: dropped if this process has not sent it to the actor
     * yet, see {@link ActorRuntime#cancel(ObjectRef)}; a call already sent is not interrupted
     * ({@code force} and {@code recursive} change nothing for actor calls).
     *
     * @return whether a pending task or a queued actor call of this driver was cancelled
     */
    public boolean cancel(ObjectRef<?> ref, boolean force, boolean recursive) {
        ensureOpen();
        return tasks.cancel(ref, force, recursive) || actors.cancel(ref);
    }

    /**
     * The value as a {@link CompletableFuture}, completed without a thread per ref (Python's
     * {@code await ref}); for any ref, also one received from another process.
     */
    public <T> CompletableFuture<T> future(ObjectRef<T> ref) {
        return tasks.future(ref);
    }

    /** Waits for every object; the values come in the order of {@code refs}. */
    public <T> List<T> get(List<? extends ObjectRef<T>> refs) {
        return tasks.get(refs);
    }

    /** Waits until all of {@code refs} are ready. */
    public <T> WaitResult<T> waitFor(List<? extends ObjectRef<T>> refs) {
        return waitFor(refs, refs.size());
    }

    /** Waits, without a time limit, until {@code numReturns} of {@code refs} are ready. */
    public <T> WaitResult<T> waitFor(List<? extends ObjectRef<T>> refs, int numReturns) {
        return waitFor(refs, numReturns, null);
    }

    /**
     * Waits until {@code numReturns} of {@code refs} are ready or {@code timeout} passes
     * ({@code null}: no limit). At most {@code numReturns} refs are reported ready; both lists
     * keep the order of {@code refs}.
     */
    public <T> WaitResult<T> waitFor(List<? extends ObjectRef<T>> refs, int numReturns, Duration timeout) {
        ensureOpen();
        return tasks.waitFor(refs, numReturns, timeout);
    }

    /** Releases these objects at once; a later {@code get} throws {@link io.hazelray.core.ObjectLostException}. */
    public void free(Collection<? extends ObjectRef<?>> refs) {
        ensureOpen();
        tasks.free(refs);
    }

    public void free(ObjectRef<?>... refs) {
        free(Arrays.asList(refs));
    }

    // ---- actors -------------------------------------------------------------------------------

    @Override
    public <A> ActorCreator<A> actorOf(ActorConstructor ctor, Object[] args) {
        ensureOpen();
        return actors.actorOf(ctor, args);
    }

    /** The actor created with {@code .name(name)}, if it is alive. */
    public <A> Optional<ActorHandle<A>> getActor(String name) {
        ensureOpen();
        return actors.getActor(name);
    }

    /** Removes the actor; its pending and later calls fail with {@code ActorDiedException}. */
    public void kill(ActorHandle<?> actor) {
        ensureOpen();
        actors.kill(actor);
    }

    /**
     * Ray's {@code ray.kill(actor, no_restart=...)}: with {@code noRestart} false, an actor created
     * with {@code maxRestarts} left is restarted (fresh state, its constructor runs again before its
     * next call) instead of killed.
     */
    public void kill(ActorHandle<?> actor, boolean noRestart) {
        ensureOpen();
        actors.kill(actor, noRestart);
    }

    // ---- the grid -----------------------------------------------------------------------------

    /** The Hazelcast instance underneath, for what Hazelray does not wrap (maps, Jet jobs...). */
    public HazelcastInstance hazelcast() {
        return hz;
    }

    /**
     * The cluster now, as {@code ray status} shows it: each member's address, uptime, CPU slots
     * busy/total, heap, object store entries and bytes, actors, task counts; the Jet jobs.
     * Each member answers for itself (a member that does not answer within 5 s is listed as
     * unreachable).
     */
    public ClusterStatus status() {
        return ClusterStatuses.of(hz);
    }

    /**
     * Where the dashboard {@link #init} started is, e.g. {@code http://127.0.0.1:8265}; empty if it
     * is off, its port was taken, or this runtime came from {@link #connect}.
     */
    public Optional<String> dashboardUrl() {
        Dashboard d = dashboard;
        return d == null ? Optional.empty() : d.url();
    }

    /**
     * Who runs the calling code, as Ray's {@code ray.get_runtime_context()}: this driver's id and
     * node, and inside a task or an actor method, that call's id, name and attempt.
     */
    public RuntimeContext runtimeContext() {
        Optional<TaskContext> call = TaskContext.current();
        if (call.isPresent()) {
            TaskContext c = call.get();
            return new RuntimeContext(Driver.of(tasks).owner(), c.memberAddress(), c.taskId(), c.taskName(), c.attempt());
        }
        return new RuntimeContext(Driver.of(tasks).owner(), address(), null, null, 0);
    }

    /** The members of the cluster and what each offers, as Ray's {@code ray.nodes()}. */
    public List<NodeInfo> nodes() {
        ensureOpen();
        List<NodeInfo> nodes = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            if (m.isLiteMember()) {
                continue; // stores no data, runs no tasks
            }
            String cpus = m.getAttribute(Tasks.CPUS_ATTRIBUTE);
            String custom = m.getAttribute(Tasks.RESOURCES_ATTRIBUTE);
            Map<String, Double> resources = new TreeMap<>(custom == null ? Map.of() : Resources.parse(custom, "resources"));
            resources.put(CPU, cpus == null ? 0.0 : Double.parseDouble(cpus));
            nodes.add(new NodeInfo(m.getAddress().getHost() + ":" + m.getAddress().getPort(), m.getUuid().toString(),
                    m.localMember(), resources));
        }
        return nodes;
    }

    /**
     * What the whole cluster offers, as Ray's {@code ray.cluster_resources()}: {@code CPU}, the sum of the
     * CPU slots, and the sum of each custom resource.
     */
    public Map<String, Double> clusterResources() {
        Map<String, Double> sum = new TreeMap<>();
        sum.put(CPU, 0.0);
        nodes().forEach(n -> n.resources().forEach((name, amount) -> sum.merge(name, amount, Double::sum)));
        return sum;
    }

    /**
     * What is free right now, as Ray's {@code ray.available_resources()}: {@code CPU}, the CPU slots
     * not held by a running task or actor call, and each custom resource not held by a running task.
     * Asks every member (see {@link #status()}).
     */
    public Map<String, Double> availableResources() {
        ClusterStatus status = status();
        Map<String, Double> free = new TreeMap<>();
        free.put(CPU, (double) (status.cpuSlots() - status.slotsBusy()));
        status.members().forEach(m -> m.tasks().resourcesFree().forEach((name, amount) -> free.merge(name, amount, Double::sum)));
        return free;
    }

    /** This member's address, e.g. {@code 127.0.0.1:5701}. */
    public String address() {
        return tasks.localAddress();
    }

    /** The facade's own words for a call after shutdown: what its user calls next. */
    private void ensureOpen() {
        if (shutDown) {
            throw new HazelrayException("this Hazelray was shut down; call Hazelray.init() (or connect) to start a new one");
        }
    }

    private static void warnIfCommonPoolIsTooSmall() {
        if (ForkJoinPool.getCommonPoolParallelism() < 2) {
            LOG.warn("ForkJoinPool common parallelism is {}: Hazelcast completes its futures there and runs"
                    + " up to 40x slower; start the JVM with -Djava.util.concurrent.ForkJoinPool.common.parallelism=2"
                    + " (./hazelray does)", ForkJoinPool.getCommonPoolParallelism());
        }
    }
}
