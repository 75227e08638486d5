package io.hazelray.actors;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InMemoryFormat;
import io.hazelray.actors.impl.ActorHost;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.Driver;

import java.util.List;
import java.util.Objects;

/**
 * Actors on a plain {@link com.hazelcast.core.HazelcastInstance}: how a member is configured for
 * them, and how to get an {@link ActorRuntime} from a tasks runtime. The {@code Hazelray} facade
 * does both for you.
 *
 * <pre>{@code
 * Config config = new Config();
 * Tasks.configure(config, 2);
 * Actors.configure(config, 2);
 * HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
 * TaskRuntime tasks = Tasks.driver(hz);
 * ActorRuntime actors = Actors.runtime(tasks);
 * }</pre>
 *
 * <p>An actor's state is the value of an entry of the {@link #ACTORS_MAP} IMap (one synchronous
 * backup), and every call runs on the member that owns that entry's partition.
 */
public final class Actors {
    /** The IMap of actor records (state, callers' last calls): one synchronous backup, binary format. */
    public static final String ACTORS_MAP = "hazelray.actors";
    /** The IMap of actor names: name to actor id, one synchronous backup. */
    public static final String NAMES_MAP = "hazelray.actors.names";
    /**
     * The member executor actor calls made by drivers run on (off the partition threads); calls
     * made from inside tasks and actor methods at nesting depth {@code d} use {@code EXECUTOR.depth-d}.
     */
    public static final String EXECUTOR = "hazelray.actors.calls";
    /**
     * The member executor a new owner asks the previous one through for the live state of a
     * checkpointing or owner-only actor whose partition moved (see {@link Durability}).
     */
    public static final String HANDOVER_EXECUTOR = "hazelray.actors.handover";
    /** Executor threads per CPU slot, per depth: calls wait for their actor and their slot on them. */
    public static final int THREADS_PER_SLOT = 8;

    private Actors() {
    }

    /**
     * Sets up the actors map, the names map and the executor calls run on, in {@code config}. Must
     * be applied to every member of the cluster, together with {@link Tasks#configure} (which
     * gives the member its CPU slots: an actor call holds one while its method runs).
     *
     * <p>The actors map keeps records in {@link InMemoryFormat#BINARY}: the member that owns an
     * actor keeps it deserialized next to the record, so a call neither copies nor deserializes
     * the state (OBJECT format would make Hazelcast copy it for every off-partition-thread call).
     */
    public static Config configure(Config config, int cpus) {
        Objects.requireNonNull(config, "config");
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
        }
        config.getMapConfig(ACTORS_MAP).setBackupCount(1).setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY);
        config.getMapConfig(NAMES_MAP).setBackupCount(1).setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY);
        // A batch of calls holds its thread while it waits for its actor (other callers' batches)
        // and for a CPU slot, and while its method waits for calls it made; those run one depth
        // deeper, in the next pool, so nested calls never starve for threads (as tasks do).
        ExecutorConfig executor = new ExecutorConfig(EXECUTOR + "*")
                .setPoolSize(Math.max(16, cpus * THREADS_PER_SLOT))
                .setQueueCapacity(0);
        config.addExecutorConfig(executor);
        config.addExecutorConfig(new ExecutorConfig(executor).setName(EXECUTOR));
        // a hand-over holds its thread while the state is serialized and stored: a few suffice
        config.addExecutorConfig(new ExecutorConfig(HANDOVER_EXECUTOR).setPoolSize(4).setQueueCapacity(0));
        return config;
    }

    /**
     * Makes member {@code member} watch drivers ({@link Tasks#watchDrivers}): a driver that died
     * has its objects released and its actors (not the detached ones) killed, their names freed.
     */
    public static void watchDrivers(HazelcastInstance member) {
        ActorHost host = ActorHost.of(Objects.requireNonNull(member, "member"));
        Tasks.watchDrivers(member, List.of(host::purgeOwnedBy));
    }

    /**
     * What the actor machinery of {@code hz} (a member or a client) has done since it started:
     * batches sent, loads, commits, backups applied, live actors held. Per instance.
     */
    public static ActorMetrics metrics(HazelcastInstance hz) {
        return ActorHost.of(Objects.requireNonNull(hz, "hz")).metrics();
    }

    /**
     * The actors whose primary copy member {@code hz} holds (with their backup's member, calls
     * served, last error, state size), and those that died there lately. The dashboard asks each
     * member for its own.
     */
    public static List<ActorInfo> local(HazelcastInstance member) {
        return ActorHost.of(Objects.requireNonNull(member, "member")).localActors();
    }

    /**
     * The actors of a tasks runtime: actors it creates are owned by the runtime's driver (killed
     * when the driver closes, unless detached), and call results are objects of that driver.
     * {@code driver} is a runtime from {@link Tasks#driver}, or a running task's
     * {@code TaskContext.runtime()}.
     */
    public static ActorRuntime runtime(TaskRuntime driver) {
        Objects.requireNonNull(driver, "driver");
        Driver runtime = Driver.of(driver);
        return ActorHost.of(runtime.grid().hazelcast()).runtime(runtime);
    }
}
