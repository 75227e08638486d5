package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import com.hazelcast.internal.serialization.Data;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The owning member's live copy of an actor: the record it last committed (or read), with the
 * actor object deserialized once and then used by every call, and the lock that lets one batch at
 * a time work on it. Calls read and change this object; a mutating batch then serializes it and
 * commits the bytes, which become both the stored record and the backup's copy.
 *
 * <p>The copy is current when its version is at least the stored one's (a batch may have committed
 * after the stored record was handed to a later batch) and, at equal versions, its stamp matches:
 * otherwise (another member owned the actor for a while) it is reloaded from the stored bytes.
 * Commits compare and set, so a stale copy can never overwrite a newer record.
 */
final class Cell {
    final String actorId;
    final int partitionId;
    /** Fair: batches waiting for the actor get it in the order they arrived. */
    final ReentrantLock lock = new ReentrantLock(true);
    /** No longer the live copy (killed, purged, or the partition moved away): waiting batches must not use it. */
    volatile boolean gone;
    /** Gone because the actor was killed or purged. */
    volatile boolean killed;

    ActorRecord record;
    RecordHeader header = RecordHeader.ABSENT;
    Data committed;

    Cell(String actorId, int partitionId) {
        this.actorId = actorId;
        this.partitionId = partitionId;
    }

    boolean isCurrent(RecordHeader stored) {
        if (record == null) {
            return false;
        }
        return header.version() > stored.version()
                || (header.version() == stored.version() && header.stamp() == stored.stamp());
    }

    void load(Data stored, GridInternals ss) {
        ActorRecord loaded = ss.toObject(stored);
        set(loaded, stored);
    }

    void set(ActorRecord committedRecord, Data committedData) {
        record = committedRecord;
        header = new RecordHeader(committedRecord.version, committedRecord.stamp, committedRecord.status);
        committed = committedData;
    }

    void unload() {
        record = null;
        header = RecordHeader.ABSENT;
        committed = null;
    }

    void markGone(boolean killedOrPurged) {
        killed |= killedOrPurged;
        gone = true;
    }
}
