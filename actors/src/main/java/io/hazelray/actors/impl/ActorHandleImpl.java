package io.hazelray.actors.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.hazelray.actors.ActorTaskCaller;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.ActorMethod;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.spi.RunningCall;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link ActorHandle}: the actor's id and name, plus, where it was made, the runtime it calls
 * through. A copy that was serialized finds its runtime where it is used: the task or actor call
 * running on the thread (calls are then owned by that call's driver), else the Hazelcast instance
 * that deserialized it, else the only Hazelray instance of the JVM.
 */
public final class ActorHandleImpl<A> implements ActorHandle<A>, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final String actorId;
    private final String name;
    private final String typeName;
    /** Whether the actor's creation had landed when this copy was made: calls then never wait for it. */
    private boolean confirmed;
    /** The actor's options when this handle knows them (made by {@code actor(...).remote()}), else null. */
    private ActorSettings settings;
    private transient volatile ActorRuntimeImpl runtime;
    private transient volatile CompletableFuture<Void> creation;
    private transient volatile HazelcastInstance hz;

    ActorHandleImpl(String actorId, String name, String typeName, ActorRuntimeImpl runtime,
                    CompletableFuture<Void> creation) {
        this.actorId = actorId;
        this.name = name;
        this.typeName = typeName;
        this.runtime = runtime;
        this.creation = creation;
    }

    @Override
    public String actorId() {
        return actorId;
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    String nameOrNull() {
        return name;
    }

    @Override
    public <R> ActorTaskCaller<R> callOf(ActorMethod m, Object[] args) {
        return new ActorTaskCaller<>(m, args, this::launch);
    }

    private <R> ObjectRef<R> launch(ActorMethod m, Object[] args, boolean readOnly) {
        return runtimeForCall().call(this, m, args, readOnly);
    }

    private ActorRuntimeImpl runtimeForCall() {
        RunningCall task = RunningCall.current();
        if (task != null) {
            return ActorHost.of(task.grid().hazelcast()).runtimeFor(task);
        }
        ActorRuntimeImpl bound = runtime;
        if (bound != null) {
            return bound;
        }
        HazelcastInstance instance = hz;
        ActorHost host = instance != null && instance.getLifecycleService().isRunning()
                ? ActorHost.of(instance) : ActorHost.single();
        return host.unboundRuntime();
    }

    void settings(ActorSettings settings) {
        this.settings = settings;
    }

    /** The actor's options, or null when this handle was looked up (by name or id) rather than made here. */
    ActorSettings settings() {
        return settings;
    }

    boolean isConfirmed() {
        CompletableFuture<Void> c = creation;
        return confirmed || (c != null && c.isDone());
    }

    void markConfirmed() {
        confirmed = true;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        confirmed = isConfirmed();
        out.defaultWriteObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActorHandleImpl<?> other && other.actorId.equals(actorId);
    }

    @Override
    public int hashCode() {
        return actorId.hashCode();
    }

    @Override
    public String toString() {
        return "ActorHandle(" + (typeName == null ? "" : typeName + " ")
                + (name == null ? "" : "'" + name + "' ") + actorId + ")";
    }
}
