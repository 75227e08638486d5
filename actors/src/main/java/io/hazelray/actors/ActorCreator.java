package io.hazelray.actors;

import io.hazelray.core.ActorDiedException;
import io.hazelray.tasks.Resources;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A prepared actor creation: chain options, then {@link #remote()} creates the actor and returns
 * its handle at once, without waiting for the constructor.
 *
 * <pre>{@code
 * ActorHandle<GsodActor> y1980 = ray.actor(GsodActor::new, "1980", 100.0)
 *     .name("gsod-1980")
 *     .remote();
 * }</pre>
 *
 * Not thread-safe; each {@code remote()} creates a new actor.
 *
 * @param <A> the actor's class
 */
public final class ActorCreator<A> {
    private final ActorConstructor ctor;
    private final Object[] args;
    private final Launcher launcher;
    /** The most calls a threaded actor may run at once ({@link #maxConcurrency}). */
    public static final int MAX_CONCURRENCY = 256;

    private String name;
    private boolean detached;
    private int maxConcurrency = 1;
    private int maxRestarts;
    private int maxTaskRetries = -1;
    private Durability durability = Durability.everyCall();
    private final Map<String, Double> resources = new TreeMap<>();

    /**
     * The options of one creation. {@code name} is {@code null} for an unnamed actor;
     * {@code maxRestarts} and {@code maxTaskRetries} are -1 for "no limit"; {@code resources} are the
     * custom resources a member must offer to host it (empty: any member).
     */
    public record Options(String name, boolean detached, int maxConcurrency, int maxRestarts, int maxTaskRetries,
                          Map<String, Double> resources, Durability durability) {
        public Options {
            resources = Map.copyOf(resources);
            Objects.requireNonNull(durability, "durability");
        }

        /**
         * Ray's defaults: one call at a time, no restart, calls re-sent as long as members come and
         * go; and every mutating call backed up before it is acknowledged.
         */
        public Options(String name, boolean detached) {
            this(name, detached, 1, 0, -1, Map.of(), Durability.everyCall());
        }
    }

    /** What {@link #remote()} calls: implemented by the runtime, not by users. */
    @FunctionalInterface
    public interface Launcher {
        <A> ActorHandle<A> create(ActorConstructor ctor, Object[] args, Options options);
    }

    public ActorCreator(ActorConstructor ctor, Object[] args, Launcher launcher) {
        this.ctor = Objects.requireNonNull(ctor, "ctor: the actor constructor must not be null");
        this.args = Objects.requireNonNull(args, "args").clone();
        this.launcher = Objects.requireNonNull(launcher, "launcher");
    }

    /**
     * Registers the actor under {@code name}, unique in the cluster, so that
     * {@link ActorRuntime#getActor} finds it. {@link #remote()} fails with
     * {@link IllegalArgumentException} if a live actor already has this name.
     */
    public ActorCreator<A> name(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an actor name must not be blank");
        }
        this.name = name;
        return this;
    }

    /**
     * Lets the actor outlive the driver that creates it, as Ray's {@code lifetime="detached"}: it
     * lives until it is killed (or the cluster stops). By default an actor is killed when its
     * driver closes.
     */
    public ActorCreator<A> detached() {
        this.detached = true;
        return this;
    }

    /**
     * Makes a threaded actor, as Ray's {@code max_concurrency}: up to {@code n} of its calls run at
     * once, on as many threads, in no guaranteed order, without CPU slots (like a Ray actor's
     * concurrent methods, they share the actor's reservation). The actor's class is responsible for
     * its own thread safety. Its state is committed (serialized and backed up) between calls: a
     * finished call's batch waits until no call of the actor is running, then the state is stored
     * with the calls finished so far, and only then are they acknowledged. A call that throws keeps
     * what it changed (other calls may already have seen it). Default 1: one call at a time, in
     * order, and a throwing call has no effect.
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and {@value #MAX_CONCURRENCY}
     */
    public ActorCreator<A> maxConcurrency(int n) {
        if (n < 1 || n > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("maxConcurrency must be between 1 and " + MAX_CONCURRENCY + ", was " + n);
        }
        this.maxConcurrency = n;
        return this;
    }

    /**
     * How many times the actor's constructor may be run again, as Ray's {@code max_restarts}
     * ({@code -1}: no limit; default 0): when the member running the constructor died (the
     * constructor crashed its member, or the member was lost meanwhile), or after
     * {@link ActorRuntime#kill(ActorHandle, boolean) kill(handle, false)}. A restart starts from a
     * fresh state. The loss of the member that runs a constructed actor is not a restart: the actor
     * fails over to its backup with its committed state.
     *
     * @throws IllegalArgumentException if {@code n} is below -1
     */
    public ActorCreator<A> maxRestarts(int n) {
        if (n < -1) {
            throw new IllegalArgumentException("maxRestarts must be -1 (no limit) or more, was " + n);
        }
        this.maxRestarts = n;
        return this;
    }

    /**
     * How many times a call is sent again after the member running it was lost, as Ray's
     * {@code max_task_retries} ({@code -1}, the default: as long as members come and go, up to
     * five minutes). Past the limit, a call that the new owner has not applied fails with an
     * {@link io.hazelray.core.ActorTaskException} saying so (a call that was applied is still
     * answered with its result): a method that crashes its member is then not run member after member.
     *
     * @throws IllegalArgumentException if {@code n} is below -1
     */
    public ActorCreator<A> maxTaskRetries(int n) {
        if (n < -1) {
            throw new IllegalArgumentException("maxTaskRetries must be -1 (no limit) or more, was " + n);
        }
        this.maxTaskRetries = n;
        return this;
    }

    /**
     * When the actor's state is copied to its backup member (see {@link Durability}): after every
     * mutating call (the default), at checkpoints, or never (owner only, as in Ray). The last two
     * make calls on a large state fast, at the price of what a crash of the owner loses.
     *
     * @throws IllegalArgumentException if a checkpointing or owner-only actor is also threaded
     *                                  ({@link #maxConcurrency} above 1): not supported yet
     */
    public ActorCreator<A> durability(Durability durability) {
        this.durability = Objects.requireNonNull(durability, "durability");
        return this;
    }

    /**
     * Places the actor on a member that offers these custom resources (as Ray's
     * {@code Actor.options(resources={"GPU": 1})}); {@code remote()} fails at once, naming the largest
     * member, if none does. Unlike Ray, the actor does not reserve them for its lifetime: each call
     * holds one CPU slot while it runs, as any actor call.
     *
     * @throws IllegalArgumentException naming a resource whose name or amount is invalid
     */
    public ActorCreator<A> withResources(Map<String, Double> resources) {
        this.resources.putAll(Resources.check(resources, "resources"));
        return this;
    }

    /**
     * Creates the actor and returns at once. The constructor runs on the member that owns the
     * actor, with {@link io.hazelray.core.ObjectRef} arguments resolved there; calls made through
     * the handle before it finished are applied after it. If the constructor throws, every call
     * fails with {@link ActorDiedException} whose cause carries the constructor's exception.
     *
     * @return the new actor's handle, never {@code null}
     * @throws IllegalArgumentException if the constructor, something it captures, or an argument is
     *                                  not serializable, the name is taken, or no member offers the
     *                                  resources (the message says which)
     */
    public ActorHandle<A> remote() {
        if (maxConcurrency > 1 && durability.mode() != Durability.EVERY_CALL) {
            throw new IllegalArgumentException("a threaded actor (maxConcurrency " + maxConcurrency + ") cannot have durability "
                    + durability + " yet: use Durability.everyCall(), or maxConcurrency(1)");
        }
        return launcher.create(ctor, args, new Options(name, detached, maxConcurrency, maxRestarts, maxTaskRetries, resources,
                durability));
    }
}
