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

/**
 * Stores an actor's new record if the stored one is still the one it was computed from (compare
 * and set on version and stamp), on the partition thread, in O(1): the state was serialized by
 * the call. Being a plain (not offloaded) entry processor, its caller waits for the synchronous
 * backup's acknowledgement, which Hazelcast does not do for an offloaded one; so a call is
 * acknowledged only once its effect is on two members.
 */
public final class CommitRecord extends ActorsSerializerHook.Message
        implements EntryProcessor<String, Object, Byte>, HazelcastInstanceAware {
    static final byte OK = 0;
    static final byte CONFLICT = 1;
    static final byte MISSING = 2;
    static final byte KILLED = 3;

    private boolean expectAbsent;
    private long expectedVersion;
    private long expectedStamp;
    private Data record;
    private transient RecordBackup<Byte> backup;
    private transient HazelcastInstance hz;

    public CommitRecord() {
    }

    /** Commits {@code record} over the version {@code expected}, or where there is no record if it is absent. */
    CommitRecord(RecordHeader expected, Data record) {
        this.expectAbsent = !expected.exists();
        this.expectedVersion = expected.version();
        this.expectedStamp = expected.stamp();
        this.record = record;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public Byte process(Map.Entry<String, Object> entry) {
        RecordHeader current = RecordHeader.of(entry, hz);
        if (current.killed()) {
            return KILLED;
        }
        if (expectAbsent) {
            if (current.exists()) {
                return CONFLICT;
            }
        } else if (!current.exists()) {
            return MISSING;
        } else if (current.version() != expectedVersion || current.stamp() != expectedStamp) {
            return CONFLICT;
        }
        GridInternals.setData(entry, record);
        backup = new RecordBackup<>(record);
        return OK;
    }

    @Override
    public EntryProcessor<String, Object, Byte> getBackupProcessor() {
        return backup; // null when nothing was stored: no backup work
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.COMMIT_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(expectAbsent);
        out.writeLong(expectedVersion);
        out.writeLong(expectedStamp);
        out.writeByteArray(record.toByteArray());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        expectAbsent = in.readBoolean();
        expectedVersion = in.readLong();
        expectedStamp = in.readLong();
        record = GridInternals.data(in.readByteArray());
    }
}
