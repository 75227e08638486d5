package io.hazelray.tasks.impl;

import io.hazelray.tasks.spi.RunningCall;
import java.util.concurrent.CompletableFuture;
import io.hazelray.core.ObjectRef;

import java.io.IOException;
import java.io.ObjectOutputStream;

/**
 * An {@link ObjectRef}: the object's id, plus, in the driver that created it, the
 * {@link LocalObject} that tracks the pending result. Serializing a ref shares it: a result that
 * came back inline is written to the store first (a pending one is marked as coming), so whoever
 * deserializes the ref can read it from the grid.
 */
public final class ObjectRefImpl<T> implements ObjectRef<T> {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final transient LocalObject local;

    public ObjectRefImpl(String id, LocalObject local) {
        this.id = id;
        this.local = local;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<T> future() {
        if (local != null) {
            return local.runtime.future(this);
        }
        RunningCall call = RunningCall.current();
        if (call != null) {
            return ((DriverRuntime) call.runtime()).future(this);
        }
        throw new IllegalStateException("ObjectRef(" + id + ") was received from another process: read it with"
                + " ray.future(ref) or ray.get(ref)");
    }

    /** The driver-side state, or {@code null} for a ref that was deserialized. */
    public LocalObject local() {
        return local;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        if (local != null) {
            local.share();
        }
        out.defaultWriteObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRefImpl<?> other && other.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ObjectRef(" + id + ")";
    }
}
