package io.hazelray.tasks.impl;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.hazelray.core.GetTimeoutException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectLostException;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.LargeObjects;

import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The object store: an IMap from object id to value, with one synchronous backup. Besides user
 * values it holds two kinds of Hazelray entries: {@link #PENDING}, written when a ref to a result
 * that is not there yet is shared, and {@link StoredFailure}, the exception a failed call left.
 */
public final class ObjectStore {
    /** The value of an object whose producer has not finished; readers wait until it is replaced. */
    public static final Pending PENDING = Pending.INSTANCE;

    private static final long MAX_POLL_NANOS = Duration.ofMillis(20).toNanos();

    private final IMap<String, Object> map;
    private final LargeObjects largeObjects;

    public ObjectStore(IMap<String, Object> map) {
        this(map, new LargeObjects());
    }

    public ObjectStore(IMap<String, Object> map, LargeObjects largeObjects) {
        this.map = map;
        this.largeObjects = largeObjects;
    }

    public IMap<String, Object> map() {
        return map;
    }

    public void set(String id, Object valueOrData) {
        if (valueOrData instanceof Data data) {
            largeObjects.stored(id, data.totalSize()); // for the dashboard's largest objects
        }
        map.set(id, valueOrData);
    }

    public void setAsync(String id, Object valueOrData) {
        map.setAsync(id, valueOrData);
    }

    /** Marks {@code id} as coming, unless its value is already there. */
    public void markPending(String id) {
        map.putIfAbsent(id, PENDING);
    }

    public void delete(String id) {
        map.delete(id);
    }

    public void deleteAsync(String id) {
        map.removeAsync(id);
    }

    /** Releases every object owned by {@code owner} (ids start with {@code owner/}). */
    public void deleteOwnedBy(String owner) {
        map.removeAll(Predicates.like("__key", owner + "/%"));
    }

    /**
     * Reads an object that another driver may still be computing: waits while it is
     * {@link #PENDING}, up to {@code timeout} ({@code null}: no limit).
     *
     * @throws ObjectLostException  if it is not in the store
     * @throws GetTimeoutException  if it is still pending when the timeout passes
     */
    public Object await(ObjectRef<?> ref, Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long pause = 50_000;
        while (true) {
            Object value = map.get(ref.id());
            if (value == null) {
                throw new ObjectLostException(ref.id(),
                        "it is not in the object store (freed, released when its owner shut down, or lost with members)");
            }
            if (!(value instanceof Pending)) {
                return value;
            }
            if (System.nanoTime() >= deadline) {
                throw new GetTimeoutException(ref, timeout);
            }
            LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new HazelrayException("interrupted while waiting for object " + ref.id());
            }
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    /** Whether the object is there and no longer pending (without transferring its value). */
    public boolean isReady(String id) {
        Boolean ready = map.executeOnKey(id, new ReadyCheck());
        return ready != null && ready;
    }

    /** The marker of a result still being computed. */
    public enum Pending implements Serializable {
        INSTANCE
    }

    /** A failed call's exception, as stored under its result id once the ref is shared. */
    public record StoredFailure(HazelrayException exception) implements Serializable {
    }
}
