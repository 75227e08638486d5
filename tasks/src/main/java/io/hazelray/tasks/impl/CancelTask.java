package io.hazelray.tasks.impl;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.MemberCall;


/**
 * Sent to the member a cancelled task was submitted to: a task still queued there never runs, a
 * running one is interrupted. Answers whether it found the task running.
 */
final class CancelTask extends MemberCall<Boolean> {
    private static final long serialVersionUID = 1L;

    private final String taskId;

    CancelTask(String taskId) {
        this.taskId = taskId;
    }

    @Override
    protected Boolean answer(HazelcastInstance member) {
        return GridServices.of(member).cancel(taskId);
    }
}
