package io.hazelray.tasks.impl;

import io.hazelray.tasks.HazelrayException;

import java.util.concurrent.CompletableFuture;

/**
 * What the driver that created an object knows about it: the call's outcome once it arrives, and
 * whether the ref was shared (then the outcome must also be in the store) or freed.
 */
public final class LocalObject {
    /** INLINE: the serialized value is here; STORED: it is in the store; FAILED: the serialized exception is here. */
    public enum Kind { INLINE, STORED, FAILED }

    public record Outcome(Kind kind, byte[] bytes) {
        public static final Outcome STORED = new Outcome(Kind.STORED, null);
    }

    final DriverRuntime runtime;
    final String id;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private boolean shared;
    private boolean freed;

    LocalObject(DriverRuntime runtime, String id) {
        this.runtime = runtime;
        this.id = id;
    }

    public CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    /** Records the call's outcome; publishes it to the store if the ref was shared meanwhile. */
    public void complete(Outcome result) {
        synchronized (this) {
            if (freed) {
                if (result.kind() == Kind.STORED) {
                    runtime.grid().store().deleteAsync(id);
                }
            } else if (shared) {
                publish(result, false);
            }
        }
        outcome.complete(result);
    }

    /** Makes the object readable from the grid by anyone holding its id. */
    synchronized void share() {
        if (shared || freed) {
            return;
        }
        shared = true;
        Outcome done = outcome.getNow(null);
        if (done != null) {
            publish(done, true);
        } else {
            runtime.grid().store().markPending(id);
        }
    }

    synchronized boolean free() {
        if (freed) {
            return false;
        }
        freed = true;
        Outcome done = outcome.getNow(null);
        return done == null || done.kind() == Kind.STORED || shared;
    }

    synchronized boolean isFreed() {
        return freed;
    }

    private void publish(Outcome result, boolean sync) {
        Object value = switch (result.kind()) {
            case STORED -> null;
            case INLINE -> result.bytes() == null ? null : runtime.grid().dataOf(result.bytes());
            case FAILED -> new ObjectStore.StoredFailure((HazelrayException) runtime.grid().fromBytes(result.bytes()));
        };
        if (result.kind() == Kind.STORED) {
            return;
        }
        if (value == null) {
            value = NullValue.INSTANCE;
        }
        if (sync) {
            runtime.grid().store().set(id, value);
        } else {
            runtime.grid().store().setAsync(id, value);
        }
    }

    /** Stands for a {@code null} result in the store, where null values cannot be kept. */
    public enum NullValue {
        INSTANCE
    }
}
