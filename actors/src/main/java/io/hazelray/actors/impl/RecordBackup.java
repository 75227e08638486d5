package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Map;

/**
 * How the backup gets an actor's new state: the owner ships the serialized record it committed,
 * and the backup stores those bytes as they are. The backup never runs user code (methods need
 * not be deterministic, a method that ran for minutes costs the backup nothing) and cannot
 * diverge from the owner. {@code null} removes the entry.
 */
public final class RecordBackup<R> extends ActorsSerializerHook.Message implements EntryProcessor<String, Object, R>,
        HazelcastInstanceAware {
    private Data record;
    private transient HazelcastInstance hz;

    public RecordBackup() {
    }

    RecordBackup(Data record) {
        this.record = record;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public R process(Map.Entry<String, Object> entry) {
        ActorCounters counters = hz == null ? null : ActorCounters.of(hz);
        if (counters != null) {
            counters.backupsApplied.increment();
        }
        if (record == null) {
            GridInternals.setData(entry, null);
        } else {
            if (counters != null) {
                counters.backupBytes.add(record.totalSize());
            }
            GridInternals.setData(entry, record); // stored as these bytes: Hazelcast does not serialize Data again
        }
        return null;
    }

    @Override
    public EntryProcessor<String, Object, R> getBackupProcessor() {
        return null; // it is the backup processor
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.RECORD_BACKUP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(record == null ? null : record.toByteArray());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        byte[] bytes = in.readByteArray();
        record = bytes == null ? null : GridInternals.data(bytes);
    }
}
