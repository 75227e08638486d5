package io.hazelray.examples.bench;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/** The CPU time this process has used, all threads: a cost that other processes on a shared machine disturb far less than wall time. */
final class CpuTime {
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CpuTime() {
    }

    /** Nanoseconds of CPU (user and system) this JVM has used so far. */
    static long processNanos() {
        return OS.getProcessCpuTime();
    }
}
