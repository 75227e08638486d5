package io.hazelray.core;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Who runs the calling code, as Ray's {@code ray.get_runtime_context()}: the driver (job) it
 * belongs to, the member or client it runs on, and, inside a task or an actor method, that call.
 * Immutable and serializable (a task may return it).
 */
public final class RuntimeContext implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String driverId;
    private final String nodeAddress;
    private final String taskId;
    private final String taskName;
    private final int attempt;

    /**
     * @param driverId    the id of the driver the code belongs to: the prefix of every object and actor id it creates
     * @param nodeAddress {@code host:port} of the member running the code ({@code client ...} for a client driver)
     * @param taskId      inside a task or actor method: the id of its result object; else {@code null}
     * @param taskName    inside a task or actor method: its name, e.g. {@code Fibonacci::distributed}; else {@code null}
     * @param attempt     inside a task: 0 for the first run, then 1, 2, ... when retried; else 0
     */
    public RuntimeContext(String driverId, String nodeAddress, String taskId, String taskName, int attempt) {
        this.driverId = Objects.requireNonNull(driverId, "driverId");
        this.nodeAddress = Objects.requireNonNull(nodeAddress, "nodeAddress");
        this.taskId = taskId;
        this.taskName = taskName;
        this.attempt = attempt;
    }

    /** The id of the driver the code belongs to (the prefix of every object and actor id it creates). */
    public String driverId() {
        return driverId;
    }

    /** {@code host:port} of the member running the code. */
    public String nodeAddress() {
        return nodeAddress;
    }

    /** Inside a task or an actor method: the id of its result object. */
    public Optional<String> taskId() {
        return Optional.ofNullable(taskId);
    }

    /** Inside a task or an actor method: its name, e.g. {@code Fibonacci::distributed}. */
    public Optional<String> taskName() {
        return Optional.ofNullable(taskName);
    }

    /** Inside a task: 0 for the first run, then 1, 2, ... when it is retried. */
    public int attempt() {
        return attempt;
    }

    /** Whether the code runs inside a task or an actor method. */
    public boolean inCall() {
        return taskId != null;
    }

    @Override
    public String toString() {
        return "RuntimeContext[driver=" + driverId + ", node=" + nodeAddress
                + (taskId == null ? "" : ", task=" + taskName + " (" + taskId + "), attempt " + attempt) + "]";
    }
}
