package io.hazelray.examples.bench;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

/**
 * The bytes this process's live threads have allocated on the heap: what a path costs the
 * garbage collector, a figure that neither the machine's load nor the JIT's timing moves.
 */
final class Allocation {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    /**
     * Bytes allocated so far by the threads alive now. A thread that ends between two readings
     * takes its count with it, so measure across threads that outlive the measure (members' and
     * pools' threads do).
     */
    static long liveThreadsBytes() {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, bytes); // -1: the thread ended while being read
        }
        return sum;
    }
}
