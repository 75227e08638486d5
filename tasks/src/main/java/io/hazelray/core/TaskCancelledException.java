package io.hazelray.core;

/**
 * The task was cancelled with {@code ray.cancel(ref)} before it finished (Ray's
 * {@code TaskCancelledError}): {@code get} of its ref throws this.
 */
public final class TaskCancelledException extends HazelrayException {
    private final String taskId;

    public TaskCancelledException(String taskId, String taskName) {
        super("task '" + taskName + "' (" + taskId + ") was cancelled");
        this.taskId = taskId;
    }

    /** The id of the cancelled task's result object. */
    public String taskId() {
        return taskId;
    }
}
