package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kills an actor on the partition thread, without waiting for its calls: replaces its record by a
 * tombstone (so that every later call, through any handle, fails naming the actor) and tells the
 * owner's live copy, so that calls waiting for their turn fail and a running one is not committed.
 * Works on an actor not created yet: its creation then finds the tombstone.
 */
public final class KillActor extends ActorsSerializerHook.Message
        implements EntryProcessor<String, Object, Boolean>, HazelcastInstanceAware {
    private String actorId;
    private String name;
    private transient RecordBackup<Boolean> backup;
    private transient HazelcastInstance hz;

    public KillActor() {
    }

    KillActor(String actorId, String name) {
        this.actorId = actorId;
        this.name = name;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    /** Returns whether the actor was alive (or not created yet) until now. */
    @Override
    public Boolean process(Map.Entry<String, Object> entry) {
        RecordHeader.requireKey(entry, actorId);
        RecordHeader current = RecordHeader.of(entry, hz); // refuses what is not an actor record
        ActorHost.markGone(hz, actorId);
        if (current.killed()) {
            return false;
        }
        ActorRecord tombstone = new ActorRecord();
        tombstone.version = current.version() + 1;
        tombstone.stamp = ThreadLocalRandom.current().nextLong();
        tombstone.status = ActorRecord.KILLED;
        tombstone.actorId = actorId;
        tombstone.name = name;
        Data data = GridInternals.of(hz).toData(tombstone);
        GridInternals.setData(entry, data);
        backup = new RecordBackup<>(data);
        return true;
    }

    @Override
    public EntryProcessor<String, Object, Boolean> getBackupProcessor() {
        return backup;
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.KILL_ACTOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(actorId);
        out.writeString(name);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        actorId = in.readString();
        name = in.readString();
    }
}
