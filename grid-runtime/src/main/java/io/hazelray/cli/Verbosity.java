package io.hazelray.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --verbose}, accepted by every command. Logging is quiet by default (warnings and errors);
 * SLF4J's simple binding reads its levels once, when the first logger is made, so
 * {@link #configureLogging} runs before anything logs, from the raw arguments.
 */
public final class Verbosity {
    private static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log what Hazelray and Hazelcast do (to stderr).")
    public void setVerbose(boolean v) {
        // already applied by configureLogging; picocli only needs to accept the option
    }

    public static boolean isVerbose() {
        return verbose;
    }

    static void configureLogging(boolean v) {
        verbose = v;
        System.setProperty("hazelcast.logging.type", "slf4j");
        if (v) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "info");
            System.setProperty("org.slf4j.simpleLogger.log.io.hazelray", "debug");
        } else {
            // Quiet by default, whatever simplelogger.properties the class path carries (or none):
            // warnings of Hazelray, errors of Hazelcast.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "error");
            // Hazelray reports a port it cannot bind in one line of its own; Hazelcast's ERROR with a
            // stack trace says the same
            System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast.instance.AddressPicker", "off");
            // A Jet job's failure reaches whoever submitted it, which reports it in one line; Jet's
            // ERROR with the stack trace (on the member that coordinated it) says the same again
            System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast.jet.impl.MasterJobContext", "off");
        }
    }
}
