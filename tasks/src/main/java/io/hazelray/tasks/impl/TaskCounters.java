package io.hazelray.tasks.impl;

import io.hazelray.tasks.TaskMetrics;
import io.hazelray.tasks.spi.CpuSlots;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link TaskMetrics}, one set per Hazelcast instance (held by its
 * {@link io.hazelray.tasks.spi.GridServices}). LongAdders: every task touches them, from many
 * threads, and only the status and the dashboard read them.
 */
public final class TaskCounters {
    final LongAdder submitted = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder started = new LongAdder();
    final LongAdder bodiesEnded = new LongAdder();
    final LongAdder finished = new LongAdder();
    final LongAdder failed = new LongAdder();

    /** The counters now, with the member's slots. */
    public TaskMetrics snapshot(CpuSlots slots) {
        long done = finished.sum();
        long failures = failed.sum();
        long running = Math.max(0, started.sum() - bodiesEnded.sum());
        long waiting = Math.max(0, received.sum() - done - failures - running);
        return new TaskMetrics(submitted.sum(), retried.sum(), received.sum(), waiting, running, done, failures,
                slots.total(), slots.inUse(), slots.resources(), slots.available());
    }
}
