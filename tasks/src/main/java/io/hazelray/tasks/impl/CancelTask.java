package io.hazelray.tasks.impl;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.tasks.spi.GridServices;
import io.hazelray.tasks.spi.MemberCall;


/**
 * Sent to the member a cancelled task was submitted to: a task still queued there never runs, a
 * running one is interrupted (with {@code force}, its CPU slots and resources are given back at
 * once; with {@code recursive}, the tasks it submitted are cancelled too). Answers whether it
 * found the task running.
 */
final class CancelTask extends MemberCall<Boolean> {
    private static final long serialVersionUID = 1L;

    private final String taskId;
    private final boolean force;
    private final boolean recursive;

    CancelTask(String taskId, boolean force, boolean recursive) {
        this.taskId = taskId;
        this.force = force;
        this.recursive = recursive;
    }

    @Override
    protected Boolean answer(HazelcastInstance member) {
        return GridServices.of(member).cancel(taskId, force, recursive);
    }
}
