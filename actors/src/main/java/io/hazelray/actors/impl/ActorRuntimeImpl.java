package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.ArgumentPlan;
import io.hazelray.actors.ActorConstructor;
import io.hazelray.actors.ActorCreator;
import io.hazelray.core.ActorDiedException;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.ActorMethod;
import io.hazelray.actors.ActorRuntime;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.spi.Driver;
import io.hazelray.tasks.spi.PendingRef;
import com.hazelcast.query.Predicates;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The actors of one tasks driver: creations and calls are owned by it (their ids start with its
 * owner id), and a root driver's actors are purged when it closes.
 */
public final class ActorRuntimeImpl implements ActorRuntime {
    /** Detached actors' ids start with this instead of a driver's owner id, so no driver purges them. */
    static final String DETACHED_OWNER = "detached";

    private final ActorHost host;
    private final Driver driver;

    ActorRuntimeImpl(ActorHost host, Driver driver) {
        this.host = host;
        this.driver = driver;
    }

    @Override
    public <A> ActorCreator<A> actorOf(ActorConstructor ctor, Object[] args) {
        return new ActorCreator<>(ctor, args, this::create);
    }

    private <A> ActorHandle<A> create(ActorConstructor ctor, Object[] args, ActorCreator.Options options) {
        ensureOpen();
        MethodCodec.EncodedConstructor encoded = host.methods().constructor(ctor);
        ArgumentPlan plan = driver.planArguments(args, encoded.name());
        String owner = options.detached() ? DETACHED_OWNER : driver.owner();
        String actorId = options.resources().isEmpty() ? host.grid().newObjectId(owner)
                : driver.newObjectIdPlacedFor(owner, 1, options.resources()); // its calls run on its key's owner
        if (options.name() != null) {
            String taken = host.names().putIfAbsent(options.name(), actorId);
            if (taken != null) {
                throw new IllegalArgumentException("an actor named '" + options.name() + "' already exists (actor "
                        + taken + "): names are unique in the cluster; kill it first, or use getActor(\""
                        + options.name() + "\")");
            }
        }
        CompletableFuture<Void> created = new CompletableFuture<>();
        ActorHandleImpl<A> handle = new ActorHandleImpl<>(actorId, options.name(), encoded.typeName(), this, created);
        PendingCall creation = PendingCall.create(encoded.bytes(), encoded.name(), encoded.typeName(), encoded.code(), owner,
                args, plan, created);
        creation.settings = new ActorSettings(options.maxConcurrency(), options.maxRestarts(), options.maxTaskRetries(),
                options.durability().mode(), options.durability().calls(), options.durability().intervalMillis());
        handle.settings(creation.settings);
        CallerChannel channel = host.channel(actorId, options.name());
        channel.submit(creation);
        channel.settings(creation.settings);
        return handle;
    }

    /** Submits a call through {@code handle}; what {@code ActorCall.remote()} ends in. */
    <R> ObjectRef<R> call(ActorHandleImpl<?> handle, ActorMethod method, Object[] args, boolean readOnly) {
        ensureOpen();
        MethodCodec.Encoded encoded = host.methods().method(method);
        ArgumentPlan plan = driver.planArguments(args, encoded.name());
        PendingRef<R> ref = driver.newPendingRef();
        CallerChannel channel = host.channel(handle.actorId(), handle.nameOrNull());
        if (handle.isConfirmed()) {
            channel.confirm();
        }
        ActorSettings known = handle.settings();
        if (known != null) {
            channel.settings(known);
        }
        channel.submit(PendingCall.call(readOnly || encoded.readOnly(), encoded.bytes(), encoded.name(), encoded.code(), args,
                plan,
                ref.ref().id(), ref.result()));
        return ref.ref();
    }

    @Override
    public <A> Optional<ActorHandle<A>> getActor(String name) {
        Objects.requireNonNull(name, "name");
        ensureOpen();
        String actorId = host.names().get(name);
        if (actorId == null) {
            return Optional.empty();
        }
        boolean exists = host.records().containsKey(actorId);
        ActorHandleImpl<A> handle = new ActorHandleImpl<>(actorId, name, null, this, null);
        if (exists) {
            handle.markConfirmed();
        }
        return Optional.of(handle);
    }

    @Override
    public <A> Optional<ActorHandle<A>> getActorById(String actorId) {
        Objects.requireNonNull(actorId, "actorId");
        ensureOpen();
        if (!host.records().containsKey(actorId)) {
            return Optional.empty();
        }
        // its name, so a kill also releases the name: the names map is small (named actors only)
        Set<String> names = host.names().keySet(Predicates.equal("this", actorId));
        ActorHandleImpl<A> handle = new ActorHandleImpl<>(actorId, names.isEmpty() ? null : names.iterator().next(), null,
                this, null);
        handle.markConfirmed();
        return Optional.of(handle);
    }

    @Override
    public void kill(ActorHandle<?> handle) {
        kill(handle, true);
    }

    @Override
    public void kill(ActorHandle<?> handle, boolean noRestart) {
        Objects.requireNonNull(handle, "handle");
        ensureOpen();
        String actorId = handle.actorId();
        String name = handle.name().orElse(null);
        Boolean restarted = host.records().executeOnKey(actorId, new KillActor(actorId, name, !noRestart));
        if (!noRestart && Boolean.TRUE.equals(restarted)) {
            return; // it lives on, restarted: its name and its callers stay
        }
        if (name != null) {
            host.names().remove(name, actorId);
        }
        host.channel(actorId, name).markDead(new ActorDiedException(actorId, name, "it was killed", null));
    }

    @Override
    public boolean cancel(ObjectRef<?> callRef) {
        Objects.requireNonNull(callRef, "callRef");
        return host.cancelQueued(callRef.id());
    }

    boolean isClosed() {
        return driver.isClosed();
    }

    private void ensureOpen() {
        if (driver.isClosed()) {
            throw new HazelrayException("this driver was closed (TaskRuntime.close(), or Hazelray.shutdown() above it)"
                    + " and makes no new calls; start a new one");
        }
    }
}
