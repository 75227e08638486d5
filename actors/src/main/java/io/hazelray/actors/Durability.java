package io.hazelray.actors;

import java.time.Duration;
import java.util.Objects;

/**
 * When an actor's state is copied to its backup member: what a mutating call costs, and what the
 * loss of the member that owns the actor takes with it. Chosen per actor with
 * {@link ActorCreator#durability(Durability)}, like a database's commit modes.
 *
 * <ul>
 * <li>{@link #everyCall()}, the default: every mutating batch of calls is serialized and stored on
 *     the owner and the backup before it is acknowledged. Nothing acknowledged is ever lost, and a
 *     call that throws has no effect. Each such call ships the whole state: fine for kilobytes,
 *     slow for tens of megabytes.</li>
 * <li>{@link #checkpoint(int, Duration)}: calls change the owner's live copy and are acknowledged
 *     at once; the state is stored (on the owner and the backup) after every {@code calls}
 *     mutating calls, or {@code interval} after the first call not stored yet, whichever comes
 *     first. If the owner's process dies, the actor goes on from its last checkpoint: the calls
 *     acknowledged since then are <em>lost</em> (not run again); calls still in flight are run on
 *     the checkpoint's state. A call that throws keeps what it changed, as in Ray.</li>
 * <li>{@link #ownerOnly()}: Ray's semantics. The state lives in the owner's memory only and no call
 *     waits for a copy. If the owner's process dies, the state is lost: the actor is restarted from
 *     its constructor if {@link ActorCreator#maxRestarts maxRestarts} allows, else its calls fail
 *     with {@link io.hazelray.core.ActorDiedException}. A call that throws keeps what it changed.</li>
 * </ul>
 *
 * <p>In the last two modes nothing is lost when members come and go in an orderly way: when the
 * actor's partition moves to another member (one joined or shut down), the new owner fetches the
 * live state from the old one before its first call, and a member that shuts down stores the
 * live state of its actors first. Only a crash (the process killed, the machine lost, a member
 * declared dead) loses state.
 */
public final class Durability {
    /** How the mode is stored in the actor's record (do not renumber). */
    public static final byte EVERY_CALL = 0;
    public static final byte CHECKPOINT = 1;
    public static final byte OWNER_ONLY = 2;

    private static final Durability EVERY = new Durability(EVERY_CALL, 1, 0);
    private static final Durability OWNER = new Durability(OWNER_ONLY, 0, 0);

    private final byte mode;
    private final int calls;
    private final long intervalMillis;

    private Durability(byte mode, int calls, long intervalMillis) {
        this.mode = mode;
        this.calls = calls;
        this.intervalMillis = intervalMillis;
    }

    /** Every mutating call on two members before it is acknowledged (the default). */
    public static Durability everyCall() {
        return EVERY;
    }

    /**
     * The state stored every {@code calls} mutating calls, or {@code interval} after the first call
     * not stored yet, whichever comes first.
     *
     * @throws IllegalArgumentException if {@code calls} is below 1, or {@code interval} is not
     *                                  between 1 ms and 1 hour
     */
    public static Durability checkpoint(int calls, Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (calls < 1) {
            throw new IllegalArgumentException("checkpoint calls must be 1 or more, was " + calls);
        }
        if (interval.toMillis() < 1 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("checkpoint interval must be between 1 ms and 1 hour, was " + interval);
        }
        return new Durability(CHECKPOINT, calls, interval.toMillis());
    }

    /** The state on the owner only, lost with it (Ray's semantics). */
    public static Durability ownerOnly() {
        return OWNER;
    }

    /** {@link #EVERY_CALL}, {@link #CHECKPOINT} or {@link #OWNER_ONLY}. */
    public byte mode() {
        return mode;
    }

    /** For a checkpoint: the mutating calls between two checkpoints at most. */
    public int calls() {
        return calls;
    }

    /** For a checkpoint: how long a call may stay unstored at most, in milliseconds. */
    public long intervalMillis() {
        return intervalMillis;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Durability d && d.mode == mode && d.calls == calls && d.intervalMillis == intervalMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, calls, intervalMillis);
    }

    @Override
    public String toString() {
        return switch (mode) {
            case CHECKPOINT -> "checkpoint(every " + calls + " calls or " + intervalMillis + " ms)";
            case OWNER_ONLY -> "ownerOnly";
            default -> "everyCall";
        };
    }
}
