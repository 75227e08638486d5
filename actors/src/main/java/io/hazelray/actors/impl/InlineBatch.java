package io.hazelray.actors.impl;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * A {@link CallBatch} of fast calls run on the partition thread, storing the new state itself: one
 * step, as cheap as a raw {@code executeOnKey}, and, being a plain entry processor, acknowledged
 * only once its backup has the new state. The owner refuses it ({@link BatchReply#REFUSED}) when
 * the actor is busy or not loaded, or a call tries to wait or to call anything; the caller then
 * sends the same calls as an {@link OffloadedBatch}.
 */
public final class InlineBatch extends CallBatch {
    private transient RecordBackup<BatchReply> backup;

    public InlineBatch() {
    }

    InlineBatch(CallBatch other) {
        super(other);
    }

    /** Called by the executor after storing {@code record}: the backup gets the same bytes. */
    void stored(Data record) {
        backup = new RecordBackup<>(record);
    }

    @Override
    public BatchReply process(Map.Entry<String, Object> entry) {
        RecordHeader.requireKey(entry, actorId);
        return ActorHost.of(hz).executor().executeInline(this, entry);
    }

    @Override
    public EntryProcessor<String, Object, BatchReply> getBackupProcessor() {
        return backup;
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.INLINE_BATCH;
    }
}
