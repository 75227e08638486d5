package io.hazelray.actors.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;


import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The owner side of one member: the deserialized live copy ({@link Cell}) of each actor whose
 * partition it owns, so a call neither copies nor deserializes the state. A copy is dropped when
 * its partition migrates away (and reloaded from the record if it comes back), or when the actor
 * is killed or purged (a checkpointing or owner-only actor's copy stays until it is handed over).
 */
final class LiveCopies {
    private final HazelcastInstance hz;
    private final ConcurrentMap<String, Cell> cells = new ConcurrentHashMap<>();
    private final AtomicBoolean listening = new AtomicBoolean();

    LiveCopies(HazelcastInstance hz) {
        this.hz = hz;
    }

    /** The live copy of {@code actorId} (empty until loaded), made on first use. */
    Cell cell(String actorId) {
        Cell cell = cells.get(actorId);
        if (cell == null) {
            int partition = hz.getPartitionService().getPartition(actorId).getPartitionId();
            cell = cells.computeIfAbsent(actorId, id -> new Cell(id, partition));
        }
        return cell;
    }

    /** The live copy of {@code actorId} if there is one; never makes one (for listing). */
    Cell peek(String actorId) {
        return cells.get(actorId);
    }

    /** The actor is gone (killed, purged): its copy is dropped and marked so a batch holding it stops. */
    void markGone(String actorId, boolean killed) {
        Cell cell = cells.remove(actorId);
        if (cell != null) {
            cell.markGone(killed);
        }
    }

    /** Drops {@code cell} (handed over to the actor's new owner): a batch waiting for it sends again. */
    void forget(Cell cell) {
        cells.remove(cell.actorId, cell);
        cell.markGone(false);
    }

    /** The live copies held now. */
    Iterable<Cell> all() {
        return List.copyOf(cells.values());
    }

    int size() {
        return cells.size();
    }

    /** Starts dropping the copies of partitions this member no longer owns; once per member. */
    void listenToMigrations() {
        if (!listening.compareAndSet(false, true)) {
            return;
        }
        hz.getPartitionService().addMigrationListener(new MigrationListener() {
            @Override
            public void migrationStarted(MigrationState state) {
                // only completed replica moves matter
            }

            @Override
            public void migrationFinished(MigrationState state) {
                // only completed replica moves matter
            }

            @Override
            public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
                if (event.getReplicaIndex() == 0 && event.getSource() != null && event.getSource().localMember()) {
                    dropPartition(event.getPartitionId());
                }
            }

            @Override
            public void replicaMigrationFailed(ReplicaMigrationEvent event) {
                // the partition stays here: so does its copy
            }
        });
    }

    /**
     * The partition moved away: every-call copies are dropped (the record is the state). The live
     * copy of a checkpointing or owner-only actor stays until its new owner asks for it (a
     * hand-over, at that actor's next call) or this member shuts down and stores it.
     */
    private void dropPartition(int partitionId) {
        cells.values().removeIf(cell -> {
            ActorRecord record = cell.record;
            boolean live = record != null && record.settings.liveState() && record.status == ActorRecord.ALIVE;
            if (cell.partitionId == partitionId && !live) {
                cell.markGone(false);
                return true;
            }
            return false;
        });
    }
}
