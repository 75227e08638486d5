package io.hazelray.tasks.impl;

import io.hazelray.core.TaskCancelledException;
import io.hazelray.tasks.spi.EncodedArgs;
import io.hazelray.tasks.spi.RunningCall;
import io.hazelray.tasks.spi.CpuSlots;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.JobCode;
import com.hazelcast.internal.serialization.Data;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectStoreFullException;
import io.hazelray.core.RemoteException;
import io.hazelray.core.TaskException;
import io.hazelray.tasks.TaskFunc;
import io.hazelray.tasks.TaskHistory;
import io.hazelray.tasks.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TaskSpec} on the member that received it: resolves the arguments (waiting for
 * pending ones without holding CPU slots), takes the task's slots, runs the body, and answers
 * with the result inline or stored, or with the failure.
 */
final class TaskExecution {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecution.class);

    private TaskExecution() {
    }

    static TaskReply run(GridServices grid, TaskSpec spec) {
        TaskCounters counters = grid.taskCounters();
        counters.received.increment();
        TaskHistory.Entry recent = grid.taskHistory().received(spec.taskId, spec.name, spec.owner);
        TaskReply reply = execute(grid, spec, counters, recent);
        boolean ok = reply.kind == TaskReply.Kind.INLINE || reply.kind == TaskReply.Kind.STORED;
        (ok ? counters.finished : counters.failed).increment();
        if (recent != null) {
            HazelrayException failure = ok ? null : grid.fromBytes(reply.payload); // the failure path only
            grid.taskHistory().ended(recent, ok ? null : failure.getCause() == null ? failure.getMessage()
                    : failure.getCause().getMessage(), failure instanceof TaskException t ? t.remoteStackTrace() : null);
        }
        return reply;
    }

    private static TaskReply execute(GridServices grid, TaskSpec spec, TaskCounters counters, TaskHistory.Entry recent) {
        String member = grid.localAddress();
        if (grid.isCancelled(spec.taskId)) {
            return failed(grid, spec, member, new TaskCancelledException(spec.taskId, spec.name), false);
        }
        JobCode code = grid.code();
        ClassLoader loader;
        try {
            loader = code.loaderFor(spec.code);
        } catch (RuntimeException e) {
            return failed(grid, spec, member, new HazelrayException("the code of task '" + spec.name
                    + "' cannot be loaded on member " + member + ": " + e.getMessage(), e), false);
        }
        // The job's classes are this thread's context class loader while the call is decoded, runs
        // and its result is serialized: Hazelcast finds argument and object classes there too.
        try (JobCode.Scope ignored = code.enter(loader)) {
            TaskFunc fn;
            Object[] args;
            try {
                fn = (TaskFunc) grid.codec().decode(spec.function, loader);
            } catch (Exception | LinkageError e) {
                return failed(grid, spec, member, JobCode.isClassMissing(e)
                        ? code.classNotFound(e, "task '" + spec.name + "'", member, spec.code)
                        : new HazelrayException("the function of task '" + spec.name + "' cannot be loaded on member "
                                + member + ": " + e, e), false);
            }
            try {
                args = spec.args.resolve(grid, spec.name, member);
            } catch (RuntimeException e) {
                return failed(grid, spec, member, JobCode.isClassMissing(e)
                        ? code.classNotFound(e, "an argument of task '" + spec.name + "'", member, spec.code) : e, false);
            }
            CpuSlots slots = grid.slots();
            long[] demand;
            try {
                demand = slots.demand(spec.cpus, spec.resources, "task '" + spec.name + "'", member);
            } catch (IllegalArgumentException e) {
                return failed(grid, spec, member, e, false);
            }
            Object result;
            CpuSlots.Lease lease;
            try {
                lease = slots.acquire(demand);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed(grid, spec, member, e, false);
            }
            if (grid.isCancelled(spec.taskId)) { // cancelled while it waited for its slots
                lease.release();
                return failed(grid, spec, member, new TaskCancelledException(spec.taskId, spec.name), false);
            }
            counters.started.increment();
            if (recent != null) {
                recent.started();
            }
            RunningCall running = new RunningCall(grid, spec.taskId, spec.name, spec.owner, spec.attempt, lease, spec.depth)
                    .enter();
            try {
                result = fn.invoke(args);
            } catch (Throwable t) {
                LOG.debug("task {} ({}) threw on {}", spec.name, spec.taskId, member, t);
                return failed(grid, spec, member, t, retries(spec, t));
            } finally {
                running.exit();
                lease.release();
                counters.bodiesEnded.increment();
            }
            if (grid.isCancelled(spec.taskId)) { // cancelled while it ran: whatever it returned is dropped
                return failed(grid, spec, member, new TaskCancelledException(spec.taskId, spec.name), false);
            }
            return reply(grid, spec, member, result);
        }
    }

    private static TaskReply reply(GridServices grid, TaskSpec spec, String member, Object result) {
        Data data;
        try {
            data = grid.toData(result);
        } catch (RuntimeException e) {
            return failed(grid, spec, member, new HazelrayException("the result of task '" + spec.name + "', a "
                    + result.getClass().getName() + ", cannot be serialized", e), false);
        }
        if (data == null || data.totalSize() <= Tasks.INLINE_LIMIT_BYTES) {
            return new TaskReply(TaskReply.Kind.INLINE, data == null ? null : data.toByteArray());
        }
        try {
            grid.store().setResult(spec.taskId, data);
        } catch (ObjectStoreFullException e) {
            LOG.debug("the result of task {} ({}) does not fit: {}", spec.name, spec.taskId, e.getMessage());
            return new TaskReply(TaskReply.Kind.FAILED, grid.toBytes(e)); // get throws it as it is
        }
        return TaskReply.stored(data.totalSize());
    }

    private static TaskReply failed(GridServices grid, TaskSpec spec, String member, Throwable t, boolean retriable) {
        TaskException failure = t instanceof EncodedArgs.ArgumentException arg
                ? new TaskException("task", spec.name, member, RemoteException.from(arg))
                : new TaskException("task", spec.name, member, RemoteException.from(t));
        return new TaskReply(retriable ? TaskReply.Kind.FAILED_RETRIABLE : TaskReply.Kind.FAILED,
                grid.toBytes(failure));
    }

    private static boolean retries(TaskSpec spec, Throwable t) {
        if (spec.retryExceptions == null) {
            return false;
        }
        for (String name : spec.retryExceptions) {
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
