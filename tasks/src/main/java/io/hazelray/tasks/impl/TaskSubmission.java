package io.hazelray.tasks.impl;

import io.hazelray.core.TaskCancelledException;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.RemoteException;
import io.hazelray.core.TaskException;
import io.hazelray.tasks.SchedulingStrategy;
import io.hazelray.tasks.spi.GridInternals;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.Outcome;
import io.hazelray.tasks.spi.PendingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One task from submission to outcome, with its retries: sent through the Hazelray executor of its
 * nesting depth to the member {@link Placement} picks; a member lost mid-task fails the executor's
 * future with {@link MemberLeftException}, and the task is then re-run on the new owner, up to
 * {@code maxRetries} times (Hazelcast's {@code submitToMember} does not retry by itself, which is
 * what lets {@code maxRetries=0} mean what Ray says it means). A task for the driver's own member
 * takes the local fast path ({@link LocalTasks}): the same pool and the same answers, without the
 * executor's operation.
 */
final class TaskSubmission implements ExecutionCallback<TaskReply> {
    private static final Logger LOG = LoggerFactory.getLogger(TaskSubmission.class);
    /** Sends of a retry to a member already lost before it counts as another loss (about 5 s, see handleFailure). */
    private static final int MAX_RESENDS_TO_LOST = 55;

    private final DriverRuntime driver;
    private final TaskSpec spec;
    private final LocalObject result;
    private final GridInternals internals;
    private final PlannedArguments plan;
    private final int maxRetries;
    private final Placement.Demand demand;
    private final SchedulingStrategy strategy;
    private volatile Member target;
    private volatile boolean cancelled;
    /**
     * The member whose loss the last retry was for, and how often the retry was sent to it again:
     * right after a loss the member list may still name the lost member, and a retry placed on it
     * fails without running anywhere, so it is sent again (a little later) without costing a retry.
     */
    private volatile Member lost;
    private int resendsToLost;

    TaskSubmission(DriverRuntime driver, TaskSpec spec, LocalObject result, PlannedArguments plan, int maxRetries,
                   SchedulingStrategy strategy) {
        this.driver = driver;
        this.demand = new Placement.Demand(spec.cpus, spec.resources);
        this.strategy = strategy;
        this.spec = spec;
        this.result = result;
        this.internals = driver.grid().internals();
        this.plan = plan;
        this.maxRetries = maxRetries;
    }

    /**
     * Fails the task at once if no member could ever run it (a task that waits for its arguments
     * would otherwise fail only once they are ready).
     *
     * @return whether it was failed
     */
    boolean failIfInfeasible() {
        if (demand.plain()) {
            return false;
        }
        try {
            driver.placement().checkFeasible(demand);
            return false;
        } catch (IllegalArgumentException e) {
            fail(new TaskException("task", spec.name, null, RemoteException.from(e)));
            return true;
        }
    }

    void start() {
        if (cancelled) {
            return; // cancelled while it waited for its arguments: never sent
        }
        driver.grid().taskCounters().submitted.increment();
        try {
            spec.args = plan.encode(spec.name);
        } catch (RuntimeException e) {
            fail(new TaskException("task", spec.name, driver.localAddress(), RemoteException.from(e)));
            return;
        }
        submit();
    }

    private void submit() {
        try {
            target = null; // counted on no member until chosen and sent
            Member chosen = driver.placement().targetFor(spec.taskId, demand, strategy, plan);
            driver.placement().sent(chosen, demand);
            target = chosen;
            if (!chosen.localMember() || !driver.localTasks().submit(spec, this)) {
                GridInternals.submitToMember(driver.grid().executor(spec.depth), spec, chosen, this::onReply,
                        PendingResult.replyExecutor(List.of(result)));
            }
        } catch (RuntimeException e) {
            onFailure(e);
        }
    }

    /** A reply from another member's executor, as Hazelcast's callback would get it (run where PendingResult.replyExecutor says). */
    private void onReply(Object delivered, Throwable t) {
        if (t != null) {
            onFailure(t);
            return;
        }
        TaskReply reply;
        try {
            reply = internals.resolve(delivered);
        } catch (RuntimeException e) {
            onFailure(e);
            return;
        }
        onResponse(reply);
    }

    @Override
    public void onResponse(TaskReply reply) {
        answered();
        // Hazelcast drops what a callback throws: nothing may escape, or the ref never completes.
        try {
            handle(reply);
        } catch (Throwable t) {
            fail(new TaskException("task", spec.name, driver.localAddress(), RemoteException.from(t)));
        }
    }

    private void handle(TaskReply reply) {
        switch (reply.kind) {
            case INLINE -> result.complete(new Outcome(Outcome.Kind.INLINE, reply.payload));
            case STORED -> {
                result.storedBytes = reply.size; // before completing: tasks that wait on it are placed by it
                result.complete(Outcome.STORED);
            }
            case FAILED_RETRIABLE -> {
                if (spec.attempt < maxRetries && !driver.isClosed() && !cancelled) {
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
        answered();
        try {
            handleFailure(t);
        } catch (Throwable again) {
            fail(new TaskException("task", spec.name, driver.localAddress(), RemoteException.from(t)));
        }
    }

    private void handleFailure(Throwable t) {
        Member failedOn = target;
        String where = failedOn == null ? null : GridServices.address(failedOn);
        boolean going = !driver.isClosed() && !cancelled;
        if (isMemberLoss(t) && failedOn != null && failedOn.equals(lost) && resendsToLost < MAX_RESENDS_TO_LOST && going) {
            resendsToLost++; // placed on the member already lost: it never ran, so no retry is used
            LOG.debug("task {} was placed on member {}, already lost; sending it again", spec.name, where);
            CompletableFuture.delayedExecutor(Math.min(100, 1L << resendsToLost), TimeUnit.MILLISECONDS).execute(this::submit);
            return;
        }
        if (isMemberLoss(t) && spec.attempt < maxRetries && going) {
            LOG.info("member {} was lost while running task {}; retrying ({} of {})", where, spec.name,
                    spec.attempt + 1, maxRetries);
            lost = failedOn;
            resendsToLost = 0;
            spec.attempt++;
            submit();
            return;
        }
        String what = isMemberLoss(t)
                ? "task (lost with its member after " + (spec.attempt + 1) + " attempt(s), maxRetries=" + maxRetries + ")"
                : "task";
        fail(new TaskException(what, spec.name, where, RemoteException.from(t)));
    }

    /** The task no longer counts on its member's load (before a retry sends it again). */
    private void answered() {
        Member sentTo = target;
        if (sentTo != null) {
            driver.placement().answered(sentTo, demand);
        }
    }

    private void fail(HazelrayException e) {
        result.complete(driver.failedOutcome(e));
    }

    /**
     * Cancels the task (Ray's {@code ray.cancel}): its ref fails with TaskCancelledException at
     * once; a task not sent yet never is; the member it was sent to drops it if it has not
     * started, or interrupts it (see {@link CancelTask} for {@code force} and {@code recursive}).
     */
    void cancel(boolean force, boolean recursive) {
        cancelled = true;
        fail(new TaskCancelledException(spec.taskId, spec.name));
        Member sentTo = target;
        if (sentTo != null) {
            driver.grid().controlExecutor().submitToMember(new CancelTask(spec.taskId, force, recursive), sentTo);
        }
    }

    String taskId() {
        return spec.taskId;
    }

    private static boolean isMemberLoss(Throwable t) {
        return t instanceof MemberLeftException || t instanceof TargetNotMemberException
                || t instanceof TargetDisconnectedException || t instanceof HazelcastInstanceNotActiveException;
    }
}
