package io.hazelray.tasks;

import io.hazelray.core.ObjectRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A prepared remote call: chain options, then {@link #remote()} submits it and returns at once.
 *
 * <pre>{@code
 * ObjectRef<Integer> size = ray.task(Fibonacci::distributed, 100_000)
 *     .withCpus(2)
 *     .withMaxRetries(0)
 *     .remote();
 * }</pre>
 *
 * Not thread-safe; each {@code remote()} submits a new task.
 *
 * @param <R> the function's result type
 */
public final class TaskCaller<R> {
    private final TaskFunc fn;
    private final Object[] args;
    private final Launcher launcher;
    private String name;
    private int cpus = 1;
    private int maxRetries = TaskOptions.DEFAULT_MAX_RETRIES;
    private final List<Class<? extends Throwable>> retryExceptions = new ArrayList<>();

    private int numReturns = 1;
    private final Map<String, Double> resources = new TreeMap<>();
    private SchedulingStrategy strategy = SchedulingStrategy.DEFAULT;

    /** What {@link #remote()} calls: implemented by the runtime, not by users. */
    public interface Launcher {
        <R> ObjectRef<R> launch(TaskFunc fn, Object[] args, TaskOptions options);

        /** The {@code n} parts of the result behind {@code whole} (a List or an array), each its own ref. */
        <E> List<ObjectRef<E>> split(ObjectRef<?> whole, int n, TaskFunc fn, String name);
    }

    public TaskCaller(TaskFunc fn, Object[] args, Launcher launcher) {
        this.fn = Objects.requireNonNull(fn, "fn: the remote function must not be null");
        this.args = Objects.requireNonNull(args, "args").clone();
        this.launcher = Objects.requireNonNull(launcher, "launcher");
    }

    /** Names the task in errors and logs (default: the function's name). */
    public TaskCaller<R> withName(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * The task returns a {@code List} or an array of {@code n} values, each to be its own object,
     * as Ray's {@code num_returns}: submit it with {@link #remoteAll()}, which gives a ref per
     * value, each freed on its own. (The parts are split by the driver, so they pass through it.)
     */
    public TaskCaller<R> withNumReturns(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("numReturns must be at least 1, was " + n);
        }
        this.numReturns = n;
        return this;
    }

    /** CPU slots the task holds on its member while running (default 1). */
    public TaskCaller<R> withCpus(int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
        }
        this.cpus = cpus;
        return this;
    }

    /**
     * Custom resources the task needs, as Ray's {@code resources={"GPU": 1}} (Ray Java's
     * {@code setResource}): it runs only on a member that offers them, and holds them there while its
     * body runs, as it holds its CPU slots (a member runs a task only while it has them free). A
     * request no member can meet fails at once, naming the largest member. {@code CPU} here is the
     * same as {@link #withCpus} (whole slots).
     *
     * <pre>{@code
     * ray.task(Train::step, batch).withResources(Map.of("GPU", 1.0)).remote();
     * }</pre>
     *
     * @throws IllegalArgumentException naming a resource whose name or amount is invalid
     */
    public TaskCaller<R> withResources(Map<String, Double> resources) {
        Objects.requireNonNull(resources, "resources");
        Map<String, Double> custom = new TreeMap<>(resources);
        Double cpu = custom.remove(Resources.CPU);
        if (cpu != null) {
            if (cpu != Math.rint(cpu)) {
                throw new IllegalArgumentException("resources: CPU must be a whole number of slots, was " + cpu);
            }
            withCpus((int) Math.min(Integer.MAX_VALUE, cpu));
        }
        this.resources.putAll(Resources.check(custom, "resources"));
        return this;
    }

    /** One custom resource, as Ray Java's {@code setResource(name, amount)}; see {@link #withResources}. */
    public TaskCaller<R> withResource(String name, double amount) {
        return withResources(Map.of(Objects.requireNonNull(name, "name"), amount));
    }

    /** Where the task may run: {@link SchedulingStrategy#SPREAD}, a {@link NodeAffinity}, or the default. */
    public TaskCaller<R> withSchedulingStrategy(SchedulingStrategy strategy) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        return this;
    }

    /** How often the task is re-run when its member is lost (default 3; 0 never re-runs it). */
    public TaskCaller<R> withMaxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
        }
        this.maxRetries = maxRetries;
        return this;
    }

    /**
     * Also re-runs the task (up to {@code maxRetries}) when it throws one of these, as Ray's
     * {@code retry_exceptions}; {@code withRetryExceptions(true)} retries on any exception.
     */
    @SafeVarargs
    public final TaskCaller<R> withRetryExceptions(Class<? extends Throwable>... exceptions) {
        retryExceptions.addAll(Arrays.asList(exceptions));
        return this;
    }

    /** {@code true}: re-run the task on any exception, up to {@code maxRetries} times. */
    public TaskCaller<R> withRetryExceptions(boolean any) {
        retryExceptions.clear();
        if (any) {
            retryExceptions.add(Throwable.class);
        }
        return this;
    }

    private TaskOptions options() {
        return new TaskOptions(name, cpus, maxRetries, retryExceptions, resources, strategy);
    }

    /**
     * Submits the task and returns at once. Arguments that are {@link ObjectRef}s are resolved
     * on the member that runs the task, once they are ready.
     *
     * @return a reference to the future result, never {@code null}
     * @throws IllegalArgumentException if the function, something it captures, or an argument
     *                                  is not serializable (the message names which)
     */
    public ObjectRef<R> remote() {
        if (numReturns != 1) {
            throw new IllegalStateException("withNumReturns(" + numReturns + "): submit with remoteAll(), which gives a ref"
                    + " per returned value");
        }
        return launcher.launch(fn, args, options());
    }

    /**
     * Submits a task set up {@link #withNumReturns(int)} and returns at once a ref per value it
     * will return, in order. If the task fails, or returns something else than a List or an array
     * of that many values, every ref fails with that error.
     *
     * <pre>{@code
     * List<ObjectRef<Integer>> halves = ray.task(Split::halves, data).withNumReturns(2).remoteAll();
     * }</pre>
     *
     * @param <E> the type of each returned value
     */
    public <E> List<ObjectRef<E>> remoteAll() {
        ObjectRef<R> whole = launcher.launch(fn, args, options());
        return launcher.split(whole, numReturns, fn, name);
    }
}
