package io.hazelray.tasks.spi;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.HazelrayException;
import io.hazelray.tasks.impl.DriverRuntime;
import io.hazelray.tasks.TaskContext;
import io.hazelray.tasks.TaskRuntime;

/**
 * The context of the call running on the current thread of a member: set while a task body (or
 * an actor method) runs, so that a {@code get} made from inside it can give the call's CPU slots
 * back while it waits, and so nested calls are owned by the same driver.
 */
public final class RunningCall implements TaskContext {
    private static final ThreadLocal<RunningCall> CURRENT = new ThreadLocal<>();

    private final GridServices grid;
    private final String taskId;
    private final String name;
    private final String owner;
    private final int attempt;
    private final CpuSlots.Lease lease;
    private final int depth;
    /** Made on the first nested call; read by a recursive cancel on another thread. */
    private volatile DriverRuntime runtime;
    /** Set by a recursive cancel: the tasks of this call are cancelled, also those it submits afterwards. */
    private volatile boolean childrenCancelled;
    private volatile boolean childrenForced;
    private boolean restricted;
    private boolean waited;
    private boolean madeCalls;

    /** {@code depth}: the nesting depth of this call; calls it makes are one deeper. */
    public RunningCall(GridServices grid, String taskId, String name, String owner, int attempt, CpuSlots.Lease lease,
                       int depth) {
        this.grid = grid;
        this.taskId = taskId;
        this.name = name;
        this.owner = owner;
        this.attempt = attempt;
        this.lease = lease;
        this.depth = depth;
    }

    public static RunningCall current() {
        return CURRENT.get();
    }

    /** The services of the member this call runs on (actors bind deserialized handles to it). */
    public GridServices grid() {
        return grid;
    }

    /** The owner id of the driver this call belongs to. */
    public String owner() {
        return owner;
    }

    /** The nesting depth of this call (0: submitted by a driver); calls it makes are one deeper. */
    public int depth() {
        return depth;
    }

    /**
     * Cancels the tasks this call submitted that have not finished (a recursive cancel of this
     * call), and those it submits later (a body that ignored the interrupt) as they are submitted.
     *
     * @return how many were cancelled
     */
    public int cancelChildren(boolean force) {
        childrenForced = force;
        childrenCancelled = true;
        DriverRuntime nested = runtime;
        return nested == null ? 0 : nested.cancelAll(force);
    }

    /** Gives this call's CPU slots and resources back now (a forced cancel); the body may run on. */
    public void releaseSlots() {
        if (lease != null) {
            lease.release();
        }
    }

    /** Makes this the current call of this thread until {@link #exit()}. */
    public RunningCall enter() {
        CURRENT.set(this);
        grid.running(this, Thread.currentThread());
        return this;
    }

    public void exit() {
        grid.done(this);
        CURRENT.remove();
        Thread.interrupted(); // an interrupt meant for the call (its driver closed) must not fail its reply
    }

    /**
     * Restricts this call to computing: waiting for an object that is not ready ({@code get},
     * {@code waitFor}) or making calls ({@link #runtime()}, {@link #hazelcast()}) fails at once
     * instead. For calls that run where waiting could deadlock (an actor call running on a
     * partition thread); the caller sees it with {@link #waited()} or {@link #madeCalls()} and
     * runs the call elsewhere.
     */
    public RunningCall restrict() {
        restricted = true;
        return this;
    }

    /** Whether this call waited (or, restricted, tried to wait) for an object that was not ready. */
    public boolean waited() {
        return waited;
    }

    /** Whether this call asked for its runtime or its Hazelcast instance (or, restricted, tried to). */
    public boolean madeCalls() {
        return madeCalls;
    }

    private void refuseIfRestricted(String what) {
        if (restricted) {
            throw new HazelrayException("'" + name + "' may not " + what
                    + " here (it runs on a partition thread); it will be run again where it may");
        }
    }

    /**
     * Marks the start of a wait of the call running on this thread, if any: its CPU slots are given
     * back until the returned {@link Blocking} is closed, so the calls it waits for can run even
     * when every slot is held by a waiting caller. The one way to block inside a call:
     *
     * <pre>{@code
     * try (RunningCall.Blocking ignored = RunningCall.blocking()) {
     *     return future.get();
     * }
     * }</pre>
     *
     * @throws io.hazelray.core.HazelrayException if the running call is {@linkplain #restrict() restricted}
     */
    public static Blocking blocking() {
        RunningCall call = CURRENT.get();
        if (call == null) {
            return NOT_IN_A_CALL;
        }
        call.waited = true;
        call.refuseIfRestricted("wait");
        if (call.lease != null) {
            call.lease.suspend();
            return call.lease::resume;
        }
        return NOT_IN_A_CALL;
    }

    /** Closing it takes the slots given back by {@link #blocking()} again. */
    @FunctionalInterface
    public interface Blocking extends AutoCloseable {
        @Override
        void close();
    }

    private static final Blocking NOT_IN_A_CALL = () -> { };

    @Override
    public String taskId() {
        return taskId;
    }

    @Override
    public String taskName() {
        return name;
    }

    @Override
    public String memberAddress() {
        return grid.localAddress();
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public HazelcastInstance hazelcast() {
        madeCalls = true;
        refuseIfRestricted("use the Hazelcast instance");
        return grid.hazelcast();
    }

    @Override
    public TaskRuntime runtime() {
        madeCalls = true;
        refuseIfRestricted("make nested calls");
        DriverRuntime made = runtime;
        if (made == null) {
            made = DriverRuntime.nested(grid, owner, depth + 1);
            runtime = made;
            if (childrenCancelled) { // cancelled before it made calls (a cancelChildren may mark it too)
                made.cancelAll(childrenForced);
            }
        }
        return made;
    }

    @Override
    public String toString() {
        return "TaskContext(" + name + ", id " + taskId + ", member " + grid.localAddress() + ", attempt " + attempt + ")";
    }
}
