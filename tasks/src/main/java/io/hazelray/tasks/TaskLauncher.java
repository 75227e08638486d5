package io.hazelray.tasks;

/** What {@link TaskCaller#remote()} calls: implemented by the runtime, not by users. */
@FunctionalInterface
public interface TaskLauncher {
    <R> ObjectRef<R> launch(TaskFunc fn, Object[] args, TaskOptions options);
}
