package io.hazelray.core;


/**
 * Stands for an exception thrown on another member: its class may not exist here, so it is
 * carried as name, message and stack trace. {@link #getStackTrace()} is the remote one, and the
 * remote cause chain follows as nested {@code RemoteException}s.
 */
public final class RemoteException extends HazelrayException {
    private final String remoteClassName;
    private final String remoteMessage;

    public RemoteException(String remoteClassName, String remoteMessage, StackTraceElement[] stackTrace,
                           RemoteException cause) {
        super(remoteMessage == null ? remoteClassName : remoteClassName + ": " + remoteMessage, cause);
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        setStackTrace(stackTrace);
    }

    /**
     * Captures {@code t} and its cause chain (class names, messages, stack traces) so that it
     * can travel to a JVM that may not have its classes.
     */
    public static RemoteException from(Throwable t) {
        return from(t, 0);
    }

    private static RemoteException from(Throwable t, int depth) {
        if (t instanceof RemoteException r) {
            return r;
        }
        Throwable cause = t.getCause();
        RemoteException remoteCause = cause == null || cause == t || depth > 16 ? null : from(cause, depth + 1);
        return new RemoteException(t.getClass().getName(), t.getMessage(), t.getStackTrace(), remoteCause);
    }

    /** The fully qualified class name of the exception thrown remotely. */
    public String remoteClassName() {
        return remoteClassName;
    }

    /** The remote exception's message, or {@code null}. */
    public String remoteMessage() {
        return remoteMessage;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // the stack trace is the remote one, set in the constructor
    }
}
