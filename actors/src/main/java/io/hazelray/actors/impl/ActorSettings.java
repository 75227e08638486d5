package io.hazelray.actors.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.hazelray.actors.Durability;

import java.io.IOException;
import java.io.Serializable;

/**
 * What an actor was created with that its owners act on ({@code ActorCreator}'s options): made once
 * by the creating caller, carried by the creation's batch, kept in the actor's record, told to callers in
 * replies, and held by the handles made with the actor (Serializable: handles travel to tasks).
 *
 * @param maxConcurrency   calls that may run at once (1: a plain actor)
 * @param maxRestarts      constructor re-runs allowed (-1: no limit)
 * @param maxTaskRetries   sends of a call after the loss of the member running it (-1: no limit)
 * @param durability       when the state is stored: {@link Durability#EVERY_CALL}, CHECKPOINT or OWNER_ONLY
 * @param checkpointCalls  CHECKPOINT: mutating calls between checkpoints
 * @param checkpointMillis CHECKPOINT: the longest a call stays unstored
 */
record ActorSettings(int maxConcurrency, int maxRestarts, int maxTaskRetries, byte durability, int checkpointCalls,
                     long checkpointMillis) implements Serializable {
    /** A plain actor: one call at a time, no restart, no retry limit, every call stored. */
    static final ActorSettings DEFAULT = new ActorSettings(1, 0, -1, Durability.EVERY_CALL, 0, 0);

    /** Checkpointing or owner-only: the newest state is a live copy on its owner, not the stored record. */
    boolean liveState() {
        return durability != Durability.EVERY_CALL;
    }

    void writeTo(ObjectDataOutput out) throws IOException {
        out.writeInt(maxConcurrency);
        out.writeInt(maxRestarts);
        out.writeInt(maxTaskRetries);
        out.writeByte(durability);
        out.writeInt(checkpointCalls);
        out.writeLong(checkpointMillis);
    }

    static ActorSettings readFrom(ObjectDataInput in) throws IOException {
        return new ActorSettings(in.readInt(), in.readInt(), in.readInt(), in.readByte(), in.readInt(), in.readLong());
    }
}
