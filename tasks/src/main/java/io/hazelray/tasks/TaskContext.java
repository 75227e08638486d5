package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.tasks.spi.RunningCall;
import java.util.Optional;

/**
 * What a running task knows about itself. {@link #current()} is set on the member's thread while a
 * task body runs; tasks use {@link #runtime()} to submit nested tasks and {@code get} their
 * results (a task blocked in {@code get} gives its CPU slots back until the result is there).
 *
 * <pre>{@code
 * static int parent(int n) {
 *     TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
 *     return ray.get(ray.task(Child::work, n).remote()) + 1;
 * }
 * }</pre>
 */
public interface TaskContext {

    /** The context of the task running on this thread, if any. */
    static Optional<TaskContext> current() {
        return Optional.ofNullable(RunningCall.current());
    }

    /** The id of the task's result object. */
    String taskId();

    /** The task's name, e.g. {@code Fibonacci::distributed}. */
    String taskName();

    /** The address of the member running the task. */
    String memberAddress();

    /** 0 for the first run, then 1, 2, ... when the task is retried. */
    int attempt();

    /** The Hazelcast member running the task. */
    HazelcastInstance hazelcast();

    /** A runtime for nested calls; what it creates is owned by the task's driver. */
    TaskRuntime runtime();
}
