package io.hazelray.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * How a command ends: the answer, or exactly one line on stderr,
 * {@code error: <what, where>. <what to do>} (exit 1; a stack trace only with {@code --verbose}),
 * or, on Ctrl-C, {@code interrupted} (exit 130, the JVM's own code for SIGINT).
 *
 * <p>Why here and not in picocli's execution-exception handler: that handler adds a second line
 * and cannot tell a failure from the shutdown Ctrl-C causes, where the embedded member is stopped
 * under the running job and the job fails with "Hazelcast instance is not active!". While the JVM
 * shuts down, a failure is not reported at all: the shutdown hook has said "interrupted", and the
 * JVM exits with 130 once every hook (member shutdown, temporary-file cleanup) has run.
 */
public final class OneLineErrors {
    /** How long the shutdown after Ctrl-C may take before the JVM is halted. */
    static final long HALT_AFTER_MS = 500;

    private OneLineErrors() {
    }

    /**
     * Runs {@code body}, reporting a failure in one line made by {@code explain}. Usage errors
     * (picocli's {@link CommandLine.ParameterException}) pass through: picocli reports them, exit 2.
     */
    public static int run(CommandLine.Model.CommandSpec spec, Callable<Integer> body, Function<Throwable, String> explain) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return body.call();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            if (jvmShuttingDown()) {
                waitForHalt();
            }
            err.println("error: " + printable(firstLine(explain.apply(e))));
            if (Verbosity.isVerbose()) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        }
    }

    /**
     * Runs {@code command} so that Ctrl-C (or SIGTERM) stops it within a second, saying
     * {@code interrupted} (exit 130, the JVM's own code for SIGINT): what {@code HazelrayCli} does
     * for every command but {@code member}, whose stop is a graceful shutdown that takes its time.
     */
    static int interruptible(Callable<Integer> command) throws Exception {
        Signals.record();
        Thread interrupted = new Thread(() -> {
            System.out.flush();
            if (System.console() != null) {
                System.err.println(); // after the terminal's "^C"
            }
            System.err.println("interrupted");
            System.err.flush();
            // The other hooks stop the member (Hazelcast's terminates it at once, Hazelray's shuts
            // it down gracefully, which waits for a running actor call) and delete temporary
            // files; the JVM waits for all of them. A user who pressed Ctrl-C should not: after
            // HALT_AFTER_MS whatever still runs is cut short (the process, its member with it, ends).
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MS);
                } catch (InterruptedException e) {
                    return;
                }
                Runtime.getRuntime().halt(Signals.exitCode()); // 130 for Ctrl-C, 143 for SIGTERM, as the JVM's own
            }, "hazelray-interrupted-halt");
            halt.setDaemon(true);
            halt.start();
        }, "hazelray-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            return command.call();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: it says "interrupted"
            }
        }
    }

    /** {@code e}'s own message, or its class name when it has none. */
    public static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** True once the JVM has begun to shut down (Ctrl-C, kill): shutdown hooks can no longer be added. */
    public static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** Parks this thread until the JVM halts: it must print nothing more. */
    private static void waitForHalt() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // keep waiting: the halt comes
            }
        }
    }

    /** The longest line printed for one error or warning; a longer one is cut, saying so. */
    static final int MAX_LINE = 1_000;

    /**
     * {@code s} as a terminal should show it: control and invisible characters (an escape
     * sequence, a carriage return, a byte-order mark from a file's content) written as
     * a backslash, u and four hex digits, and cut at {@link #MAX_LINE} characters. For messages that quote input.
     */
    public static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_LINE) + 16);
        for (int i = 0; i < s.length(); i++) {
            if (out.length() >= MAX_LINE) {
                return out.append("... (").append(s.length() - i).append(" more characters)").toString();
            }
            char c = s.charAt(i);
            int type = Character.getType(c);
            boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || (type == Character.SURROGATE
                    && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))));
            if (invisible && c != '\t') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
