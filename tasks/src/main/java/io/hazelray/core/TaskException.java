package io.hazelray.core;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A task threw, or could not run. The message says which task, where, and what was thrown; the
 * cause is a {@link RemoteException} carrying the remote class, message and stack trace.
 *
 * <pre>{@code
 * try {
 *     ray.get(ref);
 * } catch (TaskException e) {
 *     e.remoteClassName();   // "java.lang.ArithmeticException"
 *     e.member();            // "127.0.0.1:5702"
 * }
 * }</pre>
 */
public class TaskException extends HazelrayException {
    private final String taskName;
    private final String member;

    /**
     * @param member the address of the member it ran on, or {@code null} if it never reached one
     *               (no member could take it)
     */
    public TaskException(String what, String taskName, String member, RemoteException cause) {
        super(what + " '" + taskName + "' " + (member == null ? "could not be placed on any member" : "failed on member " + member)
                + (cause == null ? "" : ": " + cause.getMessage()), cause);
        this.taskName = taskName;
        this.member = member;
    }

    /** The failed call, e.g. {@code Fibonacci::distributed}. */
    public String taskName() {
        return taskName;
    }

    /** The address of the member the task ran on, or {@code null} if no member could take it. */
    public String member() {
        return member;
    }

    /** The fully qualified class name of the remote exception, or {@code null} if none. */
    public String remoteClassName() {
        return getCause() instanceof RemoteException r ? r.remoteClassName() : null;
    }

    /** The remote exception's message. */
    public String remoteMessage() {
        return getCause() instanceof RemoteException r ? r.remoteMessage() : null;
    }

    /** The remote stack trace, cause chain included, as printed by {@code printStackTrace}. */
    public String remoteStackTrace() {
        if (getCause() == null) {
            return "";
        }
        StringWriter out = new StringWriter();
        getCause().printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
