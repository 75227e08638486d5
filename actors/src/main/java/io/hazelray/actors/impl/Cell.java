package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import com.hazelcast.internal.serialization.Data;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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

    volatile ActorRecord record;
    RecordHeader header = RecordHeader.ABSENT;
    Data committed;
    /** Changes whenever the actor object is replaced or dropped: calls that ran on an older one are not committed. */
    long generation;
    /**
     * Checkpointing and owner-only actors: mutating calls applied to this copy and not stored yet,
     * since when, and whether a timed checkpoint is scheduled (all under {@link #lock}).
     */
    int unsaved;
    long unsavedSinceNanos;
    boolean checkpointScheduled;
    /** A threaded actor's calls (made on first use, under {@link #lock}). */
    Threads threads;

    /**
     * How a threaded actor (maxConcurrency above 1) runs calls: up to {@code permits} at once, each
     * holding the read lock; a commit holds the write lock, so the state it serializes is one
     * between calls, and stores every batch that finished since the last commit.
     */
    static final class Threads {
        final Semaphore permits;
        final ReentrantReadWriteLock calls = new ReentrantReadWriteLock(true);
        final List<Object> finished = new ArrayList<>();

        Threads(int maxConcurrency) {
            permits = new Semaphore(maxConcurrency, true);
        }
    }

    Threads threads(int maxConcurrency) {
        if (threads == null) {
            threads = new Threads(maxConcurrency);
        }
        return threads;
    }

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
        generation++;
        unsaved = 0;
    }

    void set(ActorRecord committedRecord, Data committedData) {
        record = committedRecord;
        header = new RecordHeader(committedRecord.version, committedRecord.stamp, committedRecord.status);
        committed = committedData;
    }

    void unload() {
        generation++;
        unsaved = 0;
        record = null;
        header = RecordHeader.ABSENT;
        committed = null;
    }

    void markGone(boolean killedOrPurged) {
        killed |= killedOrPurged;
        gone = true;
    }
}
