package io.hazelray.tasks;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.query.Predicates;
import io.hazelray.tasks.impl.DriverRuntime;
import io.hazelray.tasks.impl.DriverWatch;
import io.hazelray.tasks.spi.GridServices;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Tasks and the object store on a plain {@link HazelcastInstance}: how a member is configured for
 * them, and how to get a {@link TaskRuntime} on it. The {@code Hazelray} facade does both for you.
 *
 * <pre>{@code
 * Config config = new Config();
 * Tasks.configure(config, 2);                        // 2 CPU slots on this member
 * HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
 * try (TaskRuntime tasks = Tasks.driver(hz)) {
 *     int n = tasks.get(tasks.task(Fibonacci::distributed, 1000).remote());
 * }
 * }</pre>
 */
public final class Tasks {
    /** The IMap that is the object store: one synchronous backup, binary format. */
    public static final String OBJECTS_MAP = "hazelray.objects";
    /**
     * The member config property with the object store's capacity in bytes on that member (primary
     * copies and backups held there); unset: {@link #DEFAULT_OBJECT_STORE_SHARE} of the member's heap.
     */
    public static final String OBJECT_STORE_BYTES = "hazelray.object-store.bytes";
    /**
     * The share of a member's maximum heap its object store may take unless configured: 40%, counting backups
     * (so about a fifth for primary copies in a cluster; Ray gives its store 30% of memory, primary copies only;
     * the launcher's flags give the old generation half the heap, and the store leaves room in it for the rest).
     */
    public static final double DEFAULT_OBJECT_STORE_SHARE = 0.4;
    /** The distributed executor tasks submitted by drivers run on; nested tasks use {@code EXECUTOR.depth-N}. */
    public static final String EXECUTOR = "hazelray.tasks";
    /**
     * The member config property (or JVM system property) that turns off the local fast path when
     * {@code false}: a task a driver sends to its own member is then serialized into an executor
     * operation like one for another member, instead of being handed to the same executor's pool as
     * it is (default {@code true}; for comparing the two).
     */
    public static final String LOCAL_FAST_PATH = "hazelray.tasks.local-fast-path";
    /** The executor of control messages (cancellations): a small pool apart from the tasks'. */
    public static final String CONTROL_EXECUTOR = "hazelray.control";
    /** Live drivers: owner id to the uuid of the member or client connection it runs in. */
    public static final String DRIVERS_MAP = "hazelray.drivers";
    /** Drivers that died: owner id to why, for an hour, so their refs' readers are told. */
    public static final String DEAD_DRIVERS_MAP = "hazelray.drivers.dead";
    /** The small member executor the driver watch asks its questions on. */
    public static final String WATCH_EXECUTOR = "hazelray.watch";
    /** The member attribute that holds a member's CPU slots. */
    public static final String CPUS_ATTRIBUTE = "hazelray.cpus";
    /** The member attribute that holds a member's custom resources, as {@code GPU=1,ssd=2} (see {@link Resources}). */
    public static final String RESOURCES_ATTRIBUTE = "hazelray.resources";
    /**
     * Results whose serialized form is at most this many bytes come back inline with the
     * executor's reply and enter the grid only when their ref is shared; larger ones are written
     * to the object store by the member that computed them. Ray's own threshold is 100 KiB.
     */
    public static final int INLINE_LIMIT_BYTES = 100 * 1024;
    /**
     * Executor threads per CPU slot. A few more threads than slots keep the slots busy while
     * replies are written; many more only make them fight over the slots (measured: 100,000
     * pipelined tasks run about 5x slower with 256 threads than with 8).
     */
    public static final int THREADS_PER_SLOT = 4;

    private Tasks() {
    }

    /**
     * Sets up the executor, the object store map and the member's CPU slots in {@code config}.
     * Must be applied to every member of the cluster.
     */
    public static Config configure(Config config, int cpus) {
        return configure(config, cpus, Map.of());
    }

    /**
     * As {@link #configure(Config, int)}, and this member offers these custom resources (as Ray's
     * {@code ray start --resources}): tasks and actors that ask for them with {@code withResources}
     * run only on members that offer them, and a task holds its share while it runs.
     *
     * @throws IllegalArgumentException naming a resource whose name or amount is invalid
     */
    public static Config configure(Config config, int cpus, Map<String, Double> resources) {
        Objects.requireNonNull(config, "config");
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
        }
        Map<String, Double> checked = Resources.check(resources, "resources");
        config.getMemberAttributeConfig().setAttribute(CPUS_ATTRIBUTE, Integer.toString(cpus));
        if (checked.isEmpty()) {
            config.getMemberAttributeConfig().removeAttribute(RESOURCES_ATTRIBUTE);
        } else {
            config.getMemberAttributeConfig().setAttribute(RESOURCES_ATTRIBUTE, Resources.format(checked));
        }
        // One executor per nesting depth (hazelray.tasks, hazelray.tasks.depth-1, ...): a task that
        // blocks in get() holds a thread of its depth's pool, and its children run in the next
        // depth's pool, so nested tasks never starve for threads however many parents wait.
        ExecutorConfig executor = new ExecutorConfig(EXECUTOR + "*")
                .setPoolSize(Math.max(8, cpus * THREADS_PER_SLOT))
                .setQueueCapacity(0); // unbounded: CPU slots, not the queue, bound the work
        config.addExecutorConfig(executor);
        config.addExecutorConfig(new ExecutorConfig(executor).setName(EXECUTOR));
        config.addExecutorConfig(new ExecutorConfig(CONTROL_EXECUTOR).setPoolSize(2));
        MapConfig objects = config.getMapConfig(OBJECTS_MAP);
        objects.setBackupCount(1).setAsyncBackupCount(0).setInMemoryFormat(InMemoryFormat.BINARY);
        config.getMapConfig(DRIVERS_MAP).setBackupCount(1).setAsyncBackupCount(0);
        config.getMapConfig(DEAD_DRIVERS_MAP).setBackupCount(1).setAsyncBackupCount(0).setTimeToLiveSeconds(3600);
        config.addExecutorConfig(new ExecutorConfig(WATCH_EXECUTOR).setPoolSize(2));
        waitForBackupsUntilTheirMemberIsDeclaredDead(config);
        return config;
    }

    /** Hazelcast's own setting: a member that sent no heartbeat for this long is removed. */
    private static final String MAX_NO_HEARTBEAT = "hazelcast.max.no.heartbeat.seconds";
    /** Hazelcast's own setting: how long an operation waits for its backups' acks. */
    public static final String BACKUP_TIMEOUT = "hazelcast.operation.backup.timeout.millis";

    /** A member silent this long is declared dead (Hazelcast's default: 60 s; Ray's health check: about 15-25 s). */
    static final long HEARTBEAT_TIMEOUT_SECONDS = 20;

    /**
     * By default Hazelcast acknowledges an operation whose backup did not answer within 5 s with
     * one copy: a backup member paused past that (a long GC pause, SIGSTOP) and then the loss of
     * the owner lose acknowledged actor calls and objects (found by the chaos suite). Here an
     * operation waits for its backup until that member is declared dead (no heartbeat for
     * {@value #MAX_NO_HEARTBEAT}, 20 s here), and 10 s more: a stalled backup delays writes
     * instead of weakening them; a dead one is removed, and the write completes with the copies
     * left, as for any single fault. The same bound is how long an operation can wait when its
     * owner dies after answering and before its backup was sent, so the heartbeat timeout is
     * shorter than Hazelcast's. Set either property to choose otherwise.
     */
    private static void waitForBackupsUntilTheirMemberIsDeclaredDead(Config config) {
        String heartbeat = config.getProperty(MAX_NO_HEARTBEAT);
        if (heartbeat == null && System.getProperty(MAX_NO_HEARTBEAT) == null) {
            heartbeat = Long.toString(HEARTBEAT_TIMEOUT_SECONDS);
            config.setProperty(MAX_NO_HEARTBEAT, heartbeat);
        }
        if (config.getProperty(BACKUP_TIMEOUT) == null && System.getProperty(BACKUP_TIMEOUT) == null) {
            long seconds = heartbeat != null ? Long.parseLong(heartbeat.trim()) : Long.getLong(MAX_NO_HEARTBEAT, 60);
            config.setProperty(BACKUP_TIMEOUT, Long.toString((seconds + 10) * 1000));
        }
    }

    /**
     * Sets the capacity of the member's object store in {@code config}: a {@code put} or a stored
     * result that would take the member's objects (primary copies and backups) past it fails with
     * {@link io.hazelray.core.ObjectStoreFullException}. Unset: {@link #DEFAULT_OBJECT_STORE_SHARE}
     * of the heap.
     */
    public static Config objectStoreCapacity(Config config, long bytes) {
        Objects.requireNonNull(config, "config");
        if (bytes < 1) {
            throw new IllegalArgumentException("the object store capacity must be at least 1 byte, was " + bytes);
        }
        config.setProperty(OBJECT_STORE_BYTES, Long.toString(bytes));
        return config;
    }

    /**
     * What {@code hz} (a member or a client) has done with tasks since it started: submitted,
     * received, running, finished, failed, and its CPU slots in use. Per instance.
     */
    public static TaskMetrics metrics(HazelcastInstance hz) {
        GridServices grid = GridServices.of(Objects.requireNonNull(hz, "hz"));
        return grid.taskCounters().snapshot(grid.slots());
    }

    /**
     * The recent tasks of member {@code hz}: those it is running or about to run, and the last
     * {@link TaskHistory#capacity()} that ended there (10,000 unless the member property
     * {@value TaskHistory#CAPACITY_PROPERTY} says otherwise). Per instance.
     */
    public static TaskHistory history(HazelcastInstance hz) {
        return GridServices.of(Objects.requireNonNull(hz, "hz")).taskHistory();
    }

    /** The largest objects {@code hz} wrote into the object store that are still there, largest first. */
    public static List<LargeObjects.ObjectInfo> largestObjects(HazelcastInstance hz) {
        GridServices grid = GridServices.of(Objects.requireNonNull(hz, "hz"));
        List<LargeObjects.ObjectInfo> remembered = grid.largeObjects().largest();
        if (remembered.isEmpty()) {
            return remembered;
        }
        // one key-only query: reading the values would move the largest objects across the network
        Set<String> present = new HashSet<>(hz.<String, Object>getMap(OBJECTS_MAP).keySet(Predicates.in("__key",
                remembered.stream().map(LargeObjects.ObjectInfo::id).toArray(String[]::new))));
        List<String> freed = remembered.stream().map(LargeObjects.ObjectInfo::id).filter(id -> !present.contains(id)).toList();
        if (!freed.isEmpty()) {
            grid.largeObjects().forget(freed);
        }
        return remembered.stream().filter(o -> present.contains(o.id())).toList();
    }

    /**
     * Makes member {@code member} watch drivers: when a client driver's process dies (every
     * connection gone for a few seconds) or a member running drivers leaves, what those drivers
     * owned is released and readers of their refs get an {@code OwnerDiedException}. Call once per
     * member, after it started; {@code onDriverDied} runs first for each dead owner id (the actors
     * module kills its actors there).
     */
    public static void watchDrivers(HazelcastInstance member, List<Consumer<String>> onDriverDied) {
        GridServices grid = GridServices.of(Objects.requireNonNull(member, "member"));
        DriverWatch.install(member, grid, List.copyOf(onDriverDied));
    }

    /**
     * A runtime that submits tasks from {@code hz} and owns what it creates, until it is closed.
     * {@code hz} may be a member or a client of a cluster whose members were configured with
     * {@link #configure}.
     */
    public static TaskRuntime driver(HazelcastInstance hz) {
        return DriverRuntime.root(GridServices.of(Objects.requireNonNull(hz, "hz")));
    }
}
