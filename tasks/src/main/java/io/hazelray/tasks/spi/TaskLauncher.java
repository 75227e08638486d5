package io.hazelray.tasks.spi;


import io.hazelray.tasks.TaskCaller;
import io.hazelray.tasks.TaskOptions;
import io.hazelray.tasks.TaskFunc;
import io.hazelray.core.ObjectRef;
/** What {@link TaskCaller#remote()} calls: implemented by the runtime, not by users. */
@FunctionalInterface
public interface TaskLauncher {
    <R> ObjectRef<R> launch(TaskFunc fn, Object[] args, TaskOptions options);
}
