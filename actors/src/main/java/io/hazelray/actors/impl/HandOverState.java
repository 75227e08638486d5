package io.hazelray.actors.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Sent by the new owner of a checkpointing or owner-only actor to the member its record names as
 * holding the live copy (the partition moved, that member is still in the cluster): that member
 * stores its live state in the record, marked as the latest, drops its copy, and answers
 * {@link #HANDED}; or {@link #NONE} if it holds no live copy (then the state since the record is
 * lost). Runs on the {@link io.hazelray.actors.Actors#HANDOVER_EXECUTOR} executor.
 */
public final class HandOverState extends ActorsSerializerHook.Message implements Callable<Byte>, HazelcastInstanceAware {
    static final byte HANDED = 0;
    static final byte NONE = 1;

    private String actorId;
    private transient HazelcastInstance hz;

    public HandOverState() {
    }

    HandOverState(String actorId) {
        this.actorId = actorId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public Byte call() {
        return ActorHost.of(hz).executor().handOver(actorId);
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.HAND_OVER_STATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(actorId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        actorId = in.readString();
    }
}
