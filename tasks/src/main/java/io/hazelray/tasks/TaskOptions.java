package io.hazelray.tasks;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one task runs. Immutable; {@link TaskCaller} builds it.
 *
 * @param name            shown in errors and logs; defaults to the function, e.g. {@code Fibonacci::distributed}
 * @param cpus            CPU slots the task holds on its member while it runs (default 1)
 * @param maxRetries      re-runs when the executing member is lost (default 3, like Ray)
 * @param retryExceptions exception classes that also cause a re-run (default none); {@code Throwable} retries any
 * @param resources       custom resources the task holds on its member while it runs (default none; see {@link Resources})
 * @param strategy        where it may run (default {@link SchedulingStrategy#DEFAULT})
 */
public record TaskOptions(String name, int cpus, int maxRetries, List<Class<? extends Throwable>> retryExceptions,
                          Map<String, Double> resources, SchedulingStrategy strategy) {
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final TaskOptions DEFAULTS = new TaskOptions(null, 1, DEFAULT_MAX_RETRIES, List.of());

    /** Options without custom resources, placed by the default strategy. */
    public TaskOptions(String name, int cpus, int maxRetries, List<Class<? extends Throwable>> retryExceptions) {
        this(name, cpus, maxRetries, retryExceptions, Map.of(), SchedulingStrategy.DEFAULT);
    }

    public TaskOptions {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
        }
        retryExceptions = List.copyOf(Objects.requireNonNull(retryExceptions, "retryExceptions"));
        resources = Resources.check(resources, "resources");
        Objects.requireNonNull(strategy, "strategy");
    }
}
