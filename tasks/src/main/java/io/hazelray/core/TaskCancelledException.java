package io.hazelray.core;

/**
 * The task was cancelled with {@code ray.cancel(ref)} before it finished (Ray's
 * {@code TaskCancelledError}): {@code get} of its ref throws this.
 */
public final class TaskCancelledException extends HazelrayException {
    private final String taskId;

    public TaskCancelledException(String taskId, String taskName) {
        this(taskId, "task '" + taskName + "' (" + taskId + ") was cancelled", true);
    }

    private TaskCancelledException(String taskId, String message, boolean ignored) {
        super(message);
        this.taskId = taskId;
    }

    /** An actor call dropped by {@code ray.cancel(ref)} before it was sent to its actor. */
    public static TaskCancelledException actorCall(String refId, String method) {
        return new TaskCancelledException(refId, "actor call '" + method + "' (" + refId
                + ") was cancelled before it was sent to its actor", true);
    }

    /** The id of the cancelled task's (or actor call's) result object. */
    public String taskId() {
        return taskId;
    }
}
