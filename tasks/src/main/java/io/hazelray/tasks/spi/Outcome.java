package io.hazelray.tasks.spi;

import io.hazelray.core.HazelrayException;

/**
 * How a call ended, as its caller records it: the value came back inline, it is in the object
 * store, or the call failed.
 *
 * @param kind  which of the three
 * @param bytes INLINE: the serialized value ({@code null} for a {@code null} result); FAILED: the
 *              serialized {@link HazelrayException}; STORED: {@code null}
 * @param error a failure that could not be serialized (the grid was shutting down): failing must
 *              never itself fail, or a {@code get} would wait forever
 */
public record Outcome(Kind kind, byte[] bytes, HazelrayException error) {
    /** The value is in the object store under the call's object id. */
    public static final Outcome STORED = new Outcome(Kind.STORED, null, null);

    /** INLINE: the serialized value is here; STORED: it is in the store; FAILED: the serialized exception is here. */
    public enum Kind { INLINE, STORED, FAILED }

    public Outcome(Kind kind, byte[] bytes) {
        this(kind, bytes, null);
    }

    /** A value that came back with the reply. */
    public static Outcome inline(byte[] serialized) {
        return new Outcome(Kind.INLINE, serialized);
    }

    /** A failure, as the serialized {@link HazelrayException} the caller's {@code get} throws. */
    public static Outcome failed(byte[] serializedException) {
        return new Outcome(Kind.FAILED, serializedException);
    }
}
