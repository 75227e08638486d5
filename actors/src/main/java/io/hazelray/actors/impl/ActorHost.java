package io.hazelray.actors.impl;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import com.hazelcast.internal.serialization.Data;
import io.hazelray.actors.ActorInfo;
import io.hazelray.actors.ActorMetrics;
import io.hazelray.actors.Actors;
import io.hazelray.tasks.Tasks;
import io.hazelray.core.HazelrayException;
import io.hazelray.tasks.spi.Driver;
import io.hazelray.tasks.spi.GridInternals;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.RunningCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The actors machinery of one Hazelcast instance (member or client), kept in its user context:
 * its {@link CallerChannels} (as a caller), its {@link LiveCopies} and {@link BatchExecutor} (as
 * an owner), the maps, the codec and the counters they share, and the actor runtimes of its
 * drivers.
 */
public final class ActorHost {
    private static final Logger LOG = LoggerFactory.getLogger(ActorHost.class);
    private static final String KEY = "hazelray.actors.host";
    /** Running hosts of this JVM: binds a handle deserialized outside any task and any Hazelcast call. */
    private static final Set<ActorHost> LIVE = ConcurrentHashMap.newKeySet();

    private final HazelcastInstance hz;
    private final GridServices grid;
    private final CallerChannels channels = new CallerChannels(this);
    private final LiveCopies liveCopies;
    private final Set<String> ownersWithCloseHook = ConcurrentHashMap.newKeySet();
    private final MethodCodec methods;
    private final ActorCounters counters;
    private final ActorStats stats;
    private final InlineAdvisor inlining = new InlineAdvisor();
    private volatile BatchExecutor executor;
    private volatile IMap<String, Object> records;
    private volatile IMap<String, String> names;
    private volatile ActorRuntimeImpl unboundRuntime;
    private volatile boolean closing;
    private volatile ScheduledExecutorService checkpoints;

    private ActorHost(HazelcastInstance hz, GridServices grid) {
        this.hz = hz;
        this.grid = grid;
        this.methods = new MethodCodec(grid.codec(), grid.code());
        this.counters = ActorCounters.of(hz);
        this.stats = ActorStats.of(hz);
        this.liveCopies = new LiveCopies(hz);
        LIVE.add(this);
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                LIVE.remove(this);
                closing = true;
                // fired before Hazelcast moves this member's partitions away: the live states of
                // checkpointing and owner-only actors are stored while the member can still do so
                BatchExecutor e = executor;
                if (e != null) {
                    e.storeLiveStates(liveCopies.all());
                }
            } else if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                ScheduledExecutorService s = checkpoints;
                if (s != null) {
                    s.shutdownNow();
                }
            }
        });
    }

    /** Whether this instance is shutting down: every state is then stored at once. */
    boolean closing() {
        return closing;
    }

    /** Runs {@code checkpoint} in {@code millis} on this member's checkpoint thread. */
    void scheduleCheckpoint(Runnable checkpoint, long millis) {
        ScheduledExecutorService s = checkpoints;
        if (s == null) {
            synchronized (this) {
                if (checkpoints == null) {
                    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, "hazelray-actor-checkpoints-" + grid.localAddress());
                        t.setDaemon(true);
                        return t;
                    });
                    pool.setRemoveOnCancelPolicy(true);
                    checkpoints = pool;
                }
                s = checkpoints;
            }
        }
        try {
            s.schedule(checkpoint, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            LOG.debug("member shut down: no timed checkpoint"); // its states were stored as it shut down
        }
    }

    /**
     * Asks {@code holder} to store its live copy of {@code actorId} for this member, the new owner
     * (see {@link HandOverState}); {@link HandOverState#NONE} if it cannot (it left meanwhile).
     */
    byte askHandOver(Member holder, String actorId) {
        try {
            Future<Byte> answer = hz.getExecutorService(Actors.HANDOVER_EXECUTOR)
                    .submitToMember(new HandOverState(actorId), holder);
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HazelrayException("interrupted while fetching the state of actor " + actorId + " from " + holder, e);
        } catch (ExecutionException | RuntimeException e) {
            LOG.debug("hand-over of actor {} from {} failed: {}", actorId, holder, e.toString());
            return HandOverState.NONE;
        }
    }

    /** The host of {@code hz}, created on first use (not on a partition thread: it creates map proxies lazily). */
    public static ActorHost of(HazelcastInstance hz) {
        Object host = hz.getUserContext().get(KEY);
        if (host != null) {
            return (ActorHost) host;
        }
        GridServices grid = GridServices.of(hz); // outside computeIfAbsent: it uses the same map
        return (ActorHost) hz.getUserContext().computeIfAbsent(KEY, k -> new ActorHost(hz, grid));
    }

    /**
     * The host of the only running Hazelray instance of this JVM: where a handle that was
     * deserialized outside any task and any Hazelcast call sends its calls.
     */
    static ActorHost single() {
        Set<ActorHost> live = Set.copyOf(LIVE);
        if (live.size() == 1) {
            return live.iterator().next();
        }
        throw new HazelrayException(live.isEmpty()
                ? "no Hazelray instance is running in this JVM to call the actor through"
                : "this JVM runs " + live.size() + " Hazelray instances and an actor handle deserialized outside"
                  + " Hazelray cannot tell which one to call through: pass it through a task, an actor or an"
                  + " ObjectRef, or look the actor up with getActor");
    }

    /** Called on partition threads (kill, purge): tells the live copy, if this member has one. */
    static void markGone(HazelcastInstance hz, String actorId) {
        markGone(hz, actorId, true);
    }

    /** As {@link #markGone(HazelcastInstance, String)}; not {@code killed}: dropped for a restart. */
    static void markGone(HazelcastInstance hz, String actorId, boolean killed) {
        Object host = hz.getUserContext().get(KEY);
        if (host != null) {
            ((ActorHost) host).liveCopies.markGone(actorId, killed);
        }
        if (killed) {
            ActorStats.of(hz).died(actorId);
        }
    }

    HazelcastInstance hazelcast() {
        return hz;
    }

    GridServices grid() {
        return grid;
    }

    ActorCounters counters() {
        return counters;
    }

    /** What this instance's actor machinery has done, for the status and the dashboard. */
    public ActorMetrics metrics() {
        return counters.snapshot(liveCopies.size());
    }

    ActorStats stats() {
        return stats;
    }

    MethodCodec methods() {
        return methods;
    }

    InlineAdvisor inlining() {
        return inlining;
    }

    IMap<String, Object> records() {
        IMap<String, Object> map = records;
        if (map == null) {
            map = hz.getMap(Actors.ACTORS_MAP);
            records = map;
        }
        return map;
    }

    IMap<String, String> names() {
        IMap<String, String> map = names;
        if (map == null) {
            map = hz.getMap(Actors.NAMES_MAP);
            names = map;
        }
        return map;
    }

    BatchExecutor executor() {
        BatchExecutor e = executor;
        if (e == null) {
            synchronized (this) {
                if (executor == null) {
                    executor = new BatchExecutor(this);
                    liveCopies.listenToMigrations();
                }
                e = executor;
            }
        }
        return e;
    }

    // ---- runtimes -----------------------------------------------------------------------------------

    /** The actors of a driver; a root driver's actors are purged when it closes. */
    public ActorRuntimeImpl runtime(Driver driver) {
        if (!driver.isNested() && ownersWithCloseHook.add(driver.owner())) {
            String owner = driver.owner();
            driver.onClose(() -> purgeOwnedBy(owner));
        }
        return new ActorRuntimeImpl(this, driver);
    }

    /** The actors runtime of the task or actor call running on this thread. */
    ActorRuntimeImpl runtimeFor(RunningCall task) {
        return new ActorRuntimeImpl(this, (Driver) task.runtime());
    }

    /**
     * For handles that arrived outside any task (a value returned to a driver thread): calls go
     * through a driver of this host's own, whose results live until the instance shuts down.
     */
    ActorRuntimeImpl unboundRuntime() {
        ActorRuntimeImpl r = unboundRuntime;
        if (r == null) {
            synchronized (this) {
                if (unboundRuntime == null) {
                    unboundRuntime = new ActorRuntimeImpl(this, Driver.of(Tasks.driver(hz)));
                }
                r = unboundRuntime;
            }
        }
        return r;
    }

    // ---- callers ------------------------------------------------------------------------------------

    CallerChannel channel(String actorId, String actorName) {
        return channels.channel(actorId, actorName);
    }

    /** Drops the call whose result is {@code refId} if it is still queued in a channel of this process. */
    boolean cancelQueued(String refId) {
        return channels.cancel(refId);
    }

    /** Kills every actor {@code owner} created (not the detached ones) and releases their names. */
    public void purgeOwnedBy(String owner) {
        String prefix = owner + "/";
        try {
            records().executeOnEntries(new PurgeActors(), Predicates.like("__key", prefix + "%"));
            names().removeAll(Predicates.like("this", prefix + "%"));
        } catch (HazelcastInstanceNotActiveException gone) {
            LOG.debug("grid already shut down: no actors to purge for owner {}", owner);
        }
        channels.markDead(prefix, "its driver shut down");
        ownersWithCloseHook.remove(owner);
    }

    // ---- owned actors -------------------------------------------------------------------------------

    Cell cell(String actorId) {
        return liveCopies.cell(actorId);
    }

    Cell peekCell(String actorId) {
        return liveCopies.peek(actorId);
    }

    void forget(Cell cell) {
        liveCopies.forget(cell);
    }

    /**
     * The actors whose primary copy is on this member, and the ones that died here lately: what
     * {@code Actors.local} returns. Reads no actor state (only the live copies already loaded).
     */
    public List<ActorInfo> localActors() {
        Set<String> keys = records().localKeySet();
        Set<String> ids = new LinkedHashSet<>(keys);
        for (String id : stats.ids()) {
            ActorStats.PerActor per = stats.get(id);
            if (per != null && per.dead) {
                ids.add(id);
            } else if (!keys.contains(id)) {
                stats.forget(id); // its partition moved away: its new owner counts from now on
            }
        }
        String member = grid.localAddress();
        List<ActorInfo> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            ActorStats.PerActor per = stats.get(id);
            Cell cell = liveCopies.peek(id);
            ActorRecord record = cell == null ? null : cell.record;
            Data committed = cell == null ? null : cell.committed;
            String state = per != null && per.dead ? "DEAD"
                    : record == null ? "IDLE"
                    : record.status == ActorRecord.ALIVE ? "ALIVE" : record.status == ActorRecord.FAILED ? "FAILED" : "DEAD";
            int partition = hz.getPartitionService().getPartition(id).getPartitionId();
            out.add(new ActorInfo(id, record != null ? record.typeName : per == null ? null : per.typeName,
                    record != null ? record.name : per == null ? null : per.name,
                    record != null ? record.owner : per == null ? null : per.owner, state, member,
                    GridInternals.backupAddress(hz, partition), per == null ? 0 : per.served.sum(),
                    per == null ? 0 : per.failed.sum(), per == null ? null : per.lastError, per == null ? 0 : per.lastErrorAt,
                    committed == null ? -1 : committed.totalSize()));
        }
        return out;
    }

    /** Live copies held by this member (for tests and the dashboard). */
    public int liveActors() {
        return liveCopies.size();
    }
}
