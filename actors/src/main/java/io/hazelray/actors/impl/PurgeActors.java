package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.util.Map;

/**
 * Removes the records it runs on (a driver's actors, selected by key prefix when it closes) and
 * tells the owners' live copies; the backup removes them too.
 */
public final class PurgeActors extends ActorsSerializerHook.Message
        implements EntryProcessor<String, Object, Object>, HazelcastInstanceAware {
    private transient HazelcastInstance hz;

    public PurgeActors() {
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        ActorHost.markGone(hz, entry.getKey());
        GridInternals.setData(entry, null);
        return null;
    }

    @Override
    public EntryProcessor<String, Object, Object> getBackupProcessor() {
        return new RecordBackup<>(null);
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.PURGE_ACTORS;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
