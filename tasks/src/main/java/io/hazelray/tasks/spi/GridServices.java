package io.hazelray.tasks.spi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.hazelray.tasks.impl.DriverRegistry;
import io.hazelray.tasks.impl.ObjectStore;
import io.hazelray.tasks.impl.TaskCounters;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.internal.serialization.Data;
import io.hazelray.tasks.LargeObjects;
import io.hazelray.tasks.Resources;
import io.hazelray.tasks.TaskHistory;
import io.hazelray.tasks.Tasks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Hazelcast handles Hazelray uses on one instance, created once per instance and kept in its
 * user context, so that every driver and every task executed there shares them (and a JVM that
 * holds several members, as tests do, keeps them apart).
 */
public final class GridServices {
    private static final String KEY = "hazelray.tasks.services";

    private final HazelcastInstance hz;
    private final GridInternals serialization;
    private final ObjectStore store;
    private final List<IExecutorService> executors = new CopyOnWriteArrayList<>();
    private final FunctionCodec codec;
    private final JobCode code;
    private final CpuSlots slots;
    private final String idPrefix;
    private final String localAddress;
    private final AtomicLong sequence = new AtomicLong();
    private final TaskCounters taskCounters = new TaskCounters();
    private final LargeObjects largeObjects = new LargeObjects();
    private final TaskHistory taskHistory;
    /** The calls (tasks, actor methods) running on this member now, and their threads. */
    private final Map<RunningCall, Thread> running = new ConcurrentHashMap<>();

    private GridServices(HazelcastInstance hz) {
        this.hz = hz;
        this.serialization = GridInternals.of(hz);
        this.store = new ObjectStore(hz.getMap(Tasks.OBJECTS_MAP), largeObjects, new DriverRegistry(hz), hz);
        this.executors.add(hz.getExecutorService(Tasks.EXECUTOR));
        this.codec = new FunctionCodec(classLoader(hz), () -> SerializationFilter.allowlist(hz));
        this.code = new JobCode(hz, classLoader(hz));
        this.slots = new CpuSlots(localCpus(hz), localResources(hz));
        this.idPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        this.localAddress = addressOf(hz);
        this.taskHistory = new TaskHistory(localAddress, historyCapacity(hz));
    }

    /** The services of {@code hz}, created on first use. */
    public static GridServices of(HazelcastInstance hz) {
        return (GridServices) hz.getUserContext().computeIfAbsent(KEY, k -> new GridServices(hz));
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    /** The instance's internals (its serialization service): one per instance, as this is. */
    public GridInternals internals() {
        return serialization;
    }

    /** The object store, for the tasks implementation; other modules use {@link #storeResult}. */
    public ObjectStore store() {
        return store;
    }

    /**
     * Writes a call's large result into the object store under its object id (with its backup,
     * before returning), for the call's caller to read: what a member does with a result too large
     * to come back inline.
     */
    public void storeResult(String objectId, Data serialized) {
        store.setResult(objectId, serialized);
    }

    /**
     * Nesting depths with a pool of their own; deeper tasks share the last one (a bound on
     * threads: recursion thousands deep would otherwise make thousands of pools).
     */
    public static final int MAX_DEPTH_POOLS = 64;

    /** The executor of tasks submitted at nesting {@code depth} (0: by a driver). */
    public IExecutorService executor(int depth) {
        depth = Math.min(depth, MAX_DEPTH_POOLS);
        while (executors.size() <= depth) {
            synchronized (executors) {
                int next = executors.size();
                if (next <= depth) {
                    executors.add(hz.getExecutorService(Tasks.EXECUTOR + ".depth-" + next));
                }
            }
        }
        return executors.get(depth);
    }

    void running(RunningCall call, Thread thread) {
        running.put(call, thread);
    }

    void done(RunningCall call) {
        running.remove(call);
    }

    /** Tasks cancelled on this member (task id to when), kept for {@link #CANCEL_MEMORY_MILLIS}. */
    private final Map<String, Long> cancelled = new ConcurrentHashMap<>();
    /** How long a cancellation is remembered: longer than any task waits in a queue here. */
    static final long CANCEL_MEMORY_MILLIS = 10 * 60_000L;

    /**
     * Cancels task {@code taskId} on this member: if it has not started, it never will; if it runs,
     * its thread is interrupted; with {@code force} its CPU slots and resources are given back at
     * once; with {@code recursive} the tasks it submitted are cancelled too.
     *
     * @return whether it was running here
     */
    public boolean cancel(String taskId, boolean force, boolean recursive) {
        long now = System.currentTimeMillis();
        if (cancelled.size() > 1_000) {
            cancelled.values().removeIf(at -> now - at > CANCEL_MEMORY_MILLIS);
        }
        cancelled.put(taskId, now);
        boolean found = false;
        for (Map.Entry<RunningCall, Thread> call : running.entrySet()) {
            RunningCall running = call.getKey();
            if (running.taskId().equals(taskId)) {
                if (recursive) {
                    running.cancelChildren(force); // before the interrupt: the body may end and stop tracking them
                }
                call.getValue().interrupt();
                if (force) {
                    running.releaseSlots(); // after the interrupt: whatever runs in its slots next finds it delivered
                }
                found = true;
            }
        }
        return found;
    }

    /** Whether {@code taskId} was cancelled on this member. */
    public boolean isCancelled(String taskId) {
        return !cancelled.isEmpty() && cancelled.containsKey(taskId);
    }

    /**
     * Interrupts the calls of driver {@code owner} running on this member: what a driver that
     * shuts down its own embedded member does, since nobody waits for those results any more and
     * Hazelcast's shutdown would otherwise wait up to 3 s for each pool to finish them. Calls of
     * other drivers are left to finish (or to be retried elsewhere once the member is gone).
     *
     * @return how many calls were interrupted
     */
    public int interruptCallsOf(String owner) {
        int interrupted = 0;
        for (Map.Entry<RunningCall, Thread> call : running.entrySet()) {
            if (call.getKey().owner().equals(owner)) {
                call.getValue().interrupt();
                interrupted++;
            }
        }
        return interrupted;
    }

    /** The task counters of this instance (the tasks implementation counts, {@code Tasks.metrics} reads). */
    public TaskCounters taskCounters() {
        return taskCounters;
    }

    /** The small executor of control messages (cancellations): never queued behind tasks. */
    public IExecutorService controlExecutor() {
        return hz.getExecutorService(Tasks.CONTROL_EXECUTOR);
    }

    /** Job code that travels: what a driver ships, the class loaders a member runs it in. */
    public JobCode code() {
        return code;
    }

    /** The recent tasks of this member (the tasks implementation records, {@code Tasks.history} reads). */
    public TaskHistory taskHistory() {
        return taskHistory;
    }

    /** The largest objects this instance wrote (the object store records, {@code Tasks.largestObjects} reads). */
    public LargeObjects largeObjects() {
        return largeObjects;
    }

    public FunctionCodec codec() {
        return codec;
    }

    public CpuSlots slots() {
        return slots;
    }

    /** A new object id owned by {@code owner}: unique across the cluster, and prefixed by the owner. */
    public String newObjectId(String owner) {
        return owner + "/" + idPrefix + "." + Long.toString(sequence.incrementAndGet(), 36);
    }

    /** Serializes {@code value} with the cluster's serializers; {@code null} stays {@code null}. */
    public byte[] toBytes(Object value) {
        Data data = serialization.toData(value);
        return data == null ? null : data.toByteArray();
    }

    public Data toData(Object value) {
        return serialization.toData(value);
    }

    /** Wraps already-serialized bytes so Hazelcast stores them without serializing again. */
    public Data dataOf(byte[] bytes) {
        return GridInternals.data(bytes);
    }

    public <T> T fromBytes(byte[] bytes) {
        try {
            return bytes == null ? null : serialization.toObject(GridInternals.data(bytes));
        } catch (RuntimeException e) {
            throw SerializationFilter.explain(e);
        }
    }

    /** This instance's address, e.g. {@code 127.0.0.1:5701} (a client names its cluster connection). */
    public String localAddress() {
        return localAddress; // every task and actor reply names it: computed once
    }

    private static String addressOf(HazelcastInstance hz) {
        try {
            return address(hz.getCluster().getLocalMember());
        } catch (UnsupportedOperationException client) {
            return "client " + hz.getName();
        }
    }

    /** A member's address as messages show it, e.g. {@code 127.0.0.1:5702}. */
    public static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private static int localCpus(HazelcastInstance hz) {
        try {
            String cpus = hz.getCluster().getLocalMember().getAttribute(Tasks.CPUS_ATTRIBUTE);
            return cpus == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(cpus);
        } catch (UnsupportedOperationException client) {
            return 0; // a client runs no tasks
        }
    }

    private static Map<String, Double> localResources(HazelcastInstance hz) {
        try {
            String resources = hz.getCluster().getLocalMember().getAttribute(Tasks.RESOURCES_ATTRIBUTE);
            return resources == null ? Map.of() : Resources.parse(resources, "member attribute " + Tasks.RESOURCES_ATTRIBUTE);
        } catch (UnsupportedOperationException client) {
            return Map.of();
        }
    }

    /** The member's property, else the JVM's, else the default; a client keeps no history. */
    private static int historyCapacity(HazelcastInstance hz) {
        String value;
        try {
            value = hz.getConfig().getProperty(TaskHistory.CAPACITY_PROPERTY);
        } catch (UnsupportedOperationException client) {
            return 0;
        }
        if (value == null) {
            value = System.getProperty(TaskHistory.CAPACITY_PROPERTY);
        }
        try {
            return value == null ? TaskHistory.DEFAULT_CAPACITY : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TaskHistory.CAPACITY_PROPERTY + " must be a number of tasks, was '" + value + "'");
        }
    }

    private static ClassLoader classLoader(HazelcastInstance hz) {
        try {
            ClassLoader configured = hz.getConfig().getClassLoader();
            if (configured != null) {
                return configured;
            }
        } catch (UnsupportedOperationException ignored) {
            // clients do not expose a member Config
        }
        return GridServices.class.getClassLoader();
    }
}
