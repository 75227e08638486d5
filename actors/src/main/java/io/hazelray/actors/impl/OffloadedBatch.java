package io.hazelray.actors.impl;

import com.hazelcast.core.Offloadable;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import io.hazelray.actors.Actors;

import java.util.Map;

/**
 * A {@link CallBatch} run off the partition thread, on the actors executor of its depth: read-only
 * for Hazelcast (no key lock, no backup, no copy of the stored bytes), a {@link CommitRecord} stores
 * what it changes.
 */
public final class OffloadedBatch extends CallBatch implements Offloadable, ReadOnly {

    public OffloadedBatch() {
    }

    OffloadedBatch(CallBatch other) {
        super(other);
    }

    @Override
    public BatchReply process(Map.Entry<String, Object> entry) {
        RecordHeader.requireKey(entry, actorId);
        return ActorHost.of(hz).executor().execute(this, entry);
    }

    @Override
    public EntryProcessor<String, Object, BatchReply> getBackupProcessor() {
        return null; // CommitRecord does the writing, and its caller waits for the backup
    }

    @Override
    public String getExecutorName() {
        return depth == 0 ? Actors.EXECUTOR : Actors.EXECUTOR + ".depth-" + depth;
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.CALL_BATCH;
    }
}
