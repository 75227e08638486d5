package io.hazelray.tasks.impl;

import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.GridInternals;
import io.hazelray.tasks.spi.GridServices;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The local fast path: a task that a driver sends to its own member (an embedded driver, or a task's
 * nested calls) is handed as it is to the pool of the executor service it would have gone through,
 * instead of being serialized into an executor operation, run through Hazelcast's invocation
 * machinery on the driver's thread, and read back. The task's spec already holds its function and
 * arguments as bytes, so the member decodes them as it would have (a private copy of each argument);
 * it runs in {@link TaskExecution} as on the slow path (cancellation, CPU slots, history, retries
 * decided by the caller), on the same pool (same threads, same nesting depths), and its reply goes to
 * the caller's callback from the thread that ran it. What a member shutting down does to the
 * executor's operations (they fail with {@link HazelcastInstanceNotActiveException}, which the
 * caller treats as a lost member) it does here to the tasks still queued. Off with
 * {@link Tasks#LOCAL_FAST_PATH}{@code =false}.
 */
final class LocalTasks {
    private static final String KEY = "hazelray.tasks.local";

    private final GridServices grid;
    private final boolean enabled;
    private final List<Executor> pools = new CopyOnWriteArrayList<>();
    /** Tasks handed to a pool that have not started: what a shutdown fails. */
    private final Set<Run> queued = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    private LocalTasks(GridServices grid) {
        this.grid = grid;
        HazelcastInstance hz = grid.hazelcast();
        this.enabled = enabled(hz);
        if (enabled) {
            hz.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN
                        || event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                    shuttingDown = true;
                    failQueued();
                }
            });
        }
    }

    static LocalTasks of(GridServices grid) {
        HazelcastInstance hz = grid.hazelcast();
        Object local = hz.getUserContext().get(KEY);
        if (local != null) {
            return (LocalTasks) local;
        }
        return (LocalTasks) hz.getUserContext().computeIfAbsent(KEY, k -> new LocalTasks(grid));
    }

    private static boolean enabled(HazelcastInstance hz) {
        String value;
        try {
            value = hz.getConfig().getProperty(Tasks.LOCAL_FAST_PATH);
        } catch (UnsupportedOperationException client) {
            return false; // a client has no pool of its own
        }
        if (value == null) {
            value = System.getProperty(Tasks.LOCAL_FAST_PATH);
        }
        return value == null || !value.trim().equalsIgnoreCase("false");
    }

    /**
     * Runs {@code spec} on this member's pool of its depth, answering {@code callback} as the
     * executor's operation would.
     *
     * @return false if the fast path is off or the member is shutting down: send it the usual way
     * @throws HazelcastInstanceNotActiveException if the pool no longer takes tasks
     */
    boolean submit(TaskSpec spec, ExecutionCallback<TaskReply> callback) {
        if (!enabled || shuttingDown) {
            return false;
        }
        Executor pool = pool(spec.depth);
        Run run = new Run(spec, callback);
        queued.add(run);
        try {
            pool.execute(run);
        } catch (RejectedExecutionException e) {
            queued.remove(run);
            throw new HazelcastInstanceNotActiveException("the task pool of member " + grid.localAddress() + " is shut down");
        }
        return true;
    }

    private Executor pool(int depth) {
        int d = Math.min(depth, GridServices.MAX_DEPTH_POOLS);
        while (pools.size() <= d) {
            synchronized (pools) {
                int next = pools.size();
                if (next <= d) {
                    pools.add(GridInternals.executorPool(grid.hazelcast(), grid.executor(next).getName()));
                }
            }
        }
        return pools.get(d);
    }

    private void failQueued() {
        for (Run run : queued) {
            if (queued.remove(run)) {
                run.callback.onFailure(new HazelcastInstanceNotActiveException("member " + grid.localAddress()
                        + " shut down before task '" + run.spec.name + "' started"));
            }
        }
    }

    private final class Run implements Runnable {
        final TaskSpec spec;
        final ExecutionCallback<TaskReply> callback;

        Run(TaskSpec spec, ExecutionCallback<TaskReply> callback) {
            this.spec = spec;
            this.callback = callback;
        }

        @Override
        public void run() {
            if (!queued.remove(this)) {
                return; // failed by a shutdown already
            }
            TaskReply reply;
            try {
                reply = TaskExecution.run(grid, spec);
            } catch (Throwable t) {
                callback.onFailure(t);
                return;
            }
            callback.onResponse(reply);
        }
    }
}
