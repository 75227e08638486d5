package io.hazelray.tasks.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.hazelray.tasks.spi.GridInternals;
import io.hazelray.tasks.spi.GridServices;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * Stores an object's serialized value on the member that owns its key, if it fits in that
 * member's object store ({@link StoreCapacity}); else stores nothing and answers what holds the
 * store. One operation on the partition thread, as a plain {@code set} would be, and its caller
 * waits for the backup as for a {@code set}. The backup (this class with {@code backup} set)
 * stores the same bytes unchecked: the check is the owner's.
 */
public final class StoreObject extends TasksSerializerHook.Message
        implements EntryProcessor<String, Object, StoreObject.Full>, HazelcastInstanceAware {
    private Data value;
    private boolean backup;
    private transient HazelcastInstance hz;
    private transient boolean stored;

    public StoreObject() {
    }

    StoreObject(Data value, boolean backup) {
        this.value = value;
        this.backup = backup;
    }

    /** Why an object was not stored: its size, the member's capacity and what it held. */
    public record Full(long size, long capacity, long used, long ownedEntries, long ownedBytes, long backupBytes,
                       String member) implements Serializable {
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public Full process(Map.Entry<String, Object> entry) {
        if (!backup) {
            StoreCapacity capacity = StoreCapacity.of(hz);
            Data old = GridInternals.of(hz).valueData(entry);
            long growth = value.totalSize() - (old == null ? 0 : old.totalSize());
            long used = capacity.used();
            if (growth > 0 && used + growth > capacity.capacity()) {
                used = capacity.usedNow(); // objects freed since the last reading count, and the message is exact
            }
            if (growth > 0 && used + growth > capacity.capacity()) {
                return new Full(value.totalSize(), capacity.capacity(), used, capacity.ownedEntries(), capacity.ownedBytes(),
                        capacity.backupBytes(), GridServices.address(hz.getCluster().getLocalMember()));
            }
            capacity.added(growth);
        }
        GridInternals.setData(entry, value);
        stored = true;
        return null;
    }

    @Override
    public EntryProcessor<String, Object, Full> getBackupProcessor() {
        return backup || !stored ? null : new StoreObject(value, true);
    }

    @Override
    public int getClassId() {
        return TasksSerializerHook.STORE_OBJECT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(backup);
        out.writeByteArray(value.toByteArray());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        backup = in.readBoolean();
        value = GridInternals.data(in.readByteArray());
    }
}
