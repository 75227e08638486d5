package io.hazelray.cli;

// sun.misc.Signal (module jdk.unsupported, kept for this use) is the JDK's only way to see a signal
// CHECKSTYLE.OFF: IllegalImport
import sun.misc.Signal;
import sun.misc.SignalHandler;
// CHECKSTYLE.ON: IllegalImport

import java.util.concurrent.atomic.AtomicReference;

/**
 * Which signal is stopping the JVM: a shutdown hook is not told, and a command that halts the JVM
 * itself (after Ctrl-C, see {@link OneLineErrors}) must exit as the JVM would have: 128 plus the
 * signal's number (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP). Each handler records its
 * signal and hands it to the JVM's own handler, which starts the shutdown as before.
 */
final class Signals {
    private static final String[] STOPPING = {"INT", "TERM", "HUP"};
    private static volatile int last = 2; // SIGINT, if none was recorded
    private static boolean recording;

    private Signals() {
    }

    /** Starts recording (once per JVM; a signal the JVM reserves, with -Xrs say, is left alone). */
    static synchronized void record() {
        if (recording) {
            return;
        }
        recording = true;
        for (String name : STOPPING) {
            try {
                Signal signal = new Signal(name);
                AtomicReference<SignalHandler> jvms = new AtomicReference<>(); // set on this thread, read on the signal's
                jvms.set(Signal.handle(signal, s -> {
                    last = s.getNumber();
                    SignalHandler jvm = jvms.get();
                    if (jvm != null) {
                        jvm.handle(s);
                    } else {
                        System.exit(128 + s.getNumber()); // arrived before the JVM's handler was known: what it does
                    }
                }));
            } catch (IllegalArgumentException reservedOrUnknown) {
                // not recorded: the exit code stays that of SIGINT
            }
        }
    }

    /** The exit code of a JVM stopped by the last signal recorded. */
    static int exitCode() {
        return 128 + last;
    }
}
