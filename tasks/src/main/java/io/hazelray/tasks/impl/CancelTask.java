package io.hazelray.tasks.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.hazelray.tasks.spi.GridServices;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Sent to the member a cancelled task was submitted to: a task still queued there never runs, a
 * running one is interrupted. Answers whether it found the task running.
 */
final class CancelTask implements Callable<Boolean>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String taskId;
    private transient HazelcastInstance hz;

    CancelTask(String taskId) {
        this.taskId = taskId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public Boolean call() {
        return GridServices.of(hz).cancel(taskId);
    }
}
