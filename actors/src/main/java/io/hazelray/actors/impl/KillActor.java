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
    /** Restart it instead, if its maxRestarts allows (kill(handle, false)). */
    private boolean restart;
    private transient RecordBackup<Boolean> backup;
    private transient HazelcastInstance hz;

    public KillActor() {
    }

    KillActor(String actorId, String name, boolean restart) {
        this.actorId = actorId;
        this.name = name;
        this.restart = restart;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    /**
     * Returns whether the actor was alive (or not created yet) until now; with {@code restart},
     * whether it was restarted (else it was killed, or was dead already).
     */
    @Override
    public Boolean process(Map.Entry<String, Object> entry) {
        RecordHeader.requireKey(entry, actorId);
        GridInternals ss = GridInternals.of(hz);
        Data stored = ss.valueData(entry);
        RecordHeader current = RecordHeader.of(stored, ss); // refuses what is not an actor record
        if (restart && (current.status() == ActorRecord.ALIVE || current.status() == ActorRecord.RESTARTING)) {
            ActorRecord record = ActorRecord.withoutState(stored, ss);
            if (record.ctor != null && record.mayRestart()) {
                ActorHost.markGone(hz, actorId, false); // running calls are not committed; waiting ones are sent again
                ActorRecord next = record.headerCopy();
                next.version = current.version() + 1;
                next.stamp = ThreadLocalRandom.current().nextLong();
                next.status = ActorRecord.RESTARTING;
                next.restarts = record.restarts + 1;
                Data data = ss.toData(next);
                GridInternals.setData(entry, data);
                backup = new RecordBackup<>(data);
                return true;
            }
        }
        ActorHost.markGone(hz, actorId, true);
        if (current.killed()) {
            return false;
        }
        ActorRecord tombstone = new ActorRecord();
        tombstone.version = current.version() + 1;
        tombstone.stamp = ThreadLocalRandom.current().nextLong();
        tombstone.status = ActorRecord.KILLED;
        tombstone.actorId = actorId;
        tombstone.name = name;
        Data data = ss.toData(tombstone);
        GridInternals.setData(entry, data);
        backup = new RecordBackup<>(data);
        return !restart; // with restart: not restarted
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
        out.writeBoolean(restart);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        actorId = in.readString();
        name = in.readString();
        restart = in.readBoolean();
    }
}
