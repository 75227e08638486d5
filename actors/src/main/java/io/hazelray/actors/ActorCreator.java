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
    private String name;
    private boolean detached;
    private final Map<String, Double> resources = new TreeMap<>();

    /**
     * The options of one creation. {@code name} is {@code null} for an unnamed actor; {@code resources}
     * are the custom resources a member must offer to host it (empty: any member).
     */
    public record Options(String name, boolean detached, Map<String, Double> resources) {
        public Options {
            resources = Map.copyOf(resources);
        }

        public Options(String name, boolean detached) {
            this(name, detached, Map.of());
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
     *                                  not serializable, the name is taken, or no member offers the resources
     *                                  (the message says which)
     */
    public ActorHandle<A> remote() {
        return launcher.create(ctor, args, new Options(name, detached, resources));
    }
}
