package io.hazelray.actors;

import io.hazelray.core.ActorTaskException;
import io.hazelray.core.ObjectRef;

import java.util.Objects;

/**
 * A prepared call of an actor method: chain options, then {@link #remote()} submits it and returns
 * at once.
 *
 * <pre>{@code
 * ObjectRef<Integer> n = counter.task(Counter::add, 5).remote();
 * ObjectRef<Integer> v = counter.task(Counter::value).readOnly().remote();
 * }</pre>
 *
 * Not thread-safe; each {@code remote()} submits a new call.
 *
 * @param <R> the method's result type ({@code Void} for void methods, whose refs yield {@code null})
 */
public final class ActorTaskCaller<R> {
    private final ActorMethod method;
    private final Object[] args;
    private final Launcher launcher;
    private boolean readOnly;

    /** What {@link #remote()} calls: implemented by the runtime, not by users. */
    @FunctionalInterface
    public interface Launcher {
        <R> ObjectRef<R> call(ActorMethod method, Object[] args, boolean readOnly);
    }

    public ActorTaskCaller(ActorMethod method, Object[] args, Launcher launcher) {
        this.method = Objects.requireNonNull(method, "method: the actor method must not be null");
        this.args = Objects.requireNonNull(args, "args").clone();
        this.launcher = Objects.requireNonNull(launcher, "launcher");
    }

    /**
     * Declares that this call does not change the actor's state, as {@link ReadOnly} does for
     * every call of a method: nothing is saved or sent to the backup after it.
     */
    public ActorTaskCaller<R> readOnly() {
        this.readOnly = true;
        return this;
    }

    /**
     * Submits the call and returns at once. Calls submitted from one process are applied one at a
     * time, in submission order; {@link ObjectRef} arguments are resolved on the member that owns
     * the actor. If the method throws, {@code get} throws {@link ActorTaskException} and the
     * actor's state is as it was before the call.
     *
     * @return a reference to the future result, never {@code null}
     * @throws IllegalArgumentException if the method, something it captures, or an argument is not
     *                                  serializable (the message says which)
     */
    public ObjectRef<R> remote() {
        return launcher.call(method, args, readOnly);
    }
}
