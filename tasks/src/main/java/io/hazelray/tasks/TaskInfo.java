package io.hazelray.tasks;

import java.io.Serializable;

/**
 * One task as a member saw it: kept in that member's {@link TaskHistory} while it waits or runs,
 * and afterwards among the most recent finished ones. What the dashboard's task table shows.
 *
 * @param id             the task's id (also the id of its result object)
 * @param function       the function's name, e.g. {@code Fibonacci::distributed}
 * @param driver         the owner id of the driver that submitted it
 * @param member         the address of the member that ran it
 * @param state          where it is now
 * @param startedAt      when this member received it, epoch milliseconds
 * @param durationMillis from receipt to the end (or to now, while it waits or runs)
 * @param error          a failed task's exception, {@code Class: message}; otherwise {@code null}
 * @param stackTrace     a failed task's remote stack trace with its causes; {@code null} when not asked for
 */
public record TaskInfo(String id, String function, String driver, String member, State state, long startedAt,
                       long durationMillis, String error, String stackTrace) implements Serializable {

    /** Where a task is on the member that received it. */
    public enum State {
        /** Received, waiting for its arguments or for CPU slots. */
        QUEUED,
        /** Its body runs. */
        RUNNING,
        /** It returned a value. */
        FINISHED,
        /** It threw, or could not run. */
        FAILED
    }

    /** The same task without its stack trace (lists carry only the message). */
    public TaskInfo withoutStackTrace() {
        return stackTrace == null ? this : new TaskInfo(id, function, driver, member, state, startedAt, durationMillis, error, null);
    }
}
