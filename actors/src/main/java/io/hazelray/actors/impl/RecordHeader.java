package io.hazelray.actors.impl;

import io.hazelray.actors.Actors;
import io.hazelray.tasks.spi.GridInternals;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;

import java.nio.ByteOrder;
import java.util.Map;
import java.util.Objects;

/**
 * The fixed-size head of a serialized {@link ActorRecord}, read without deserializing the state:
 * what the entry processors that run on partition threads need (commit, kill), and what tells a
 * member whether its live copy of an actor is current. Hazelcast writes an identified object as a
 * one-byte flag, the factory id and the class id after the 8-byte data header; the record's
 * {@code version}, {@code stamp} and {@code status} follow. If the bytes do not look like that
 * (another Hazelcast version), the record is deserialized instead.
 *
 * @param version the record's version, 0 when there is no record
 */
record RecordHeader(long version, long stamp, byte status) {
    static final RecordHeader ABSENT = new RecordHeader(0, 0, (byte) -1);

    private static final int FLAG = GridInternals.DATA_OFFSET;
    private static final int FACTORY = FLAG + 1;
    private static final int CLASS = FACTORY + 4;
    private static final int VERSION = CLASS + 4;
    private static final int STAMP = VERSION + 8;
    private static final int STATUS = STAMP + 8;

    boolean exists() {
        return status >= 0;
    }

    boolean killed() {
        return status == ActorRecord.KILLED;
    }

    static RecordHeader of(Data data, GridInternals ss) {
        if (data == null) {
            return ABSENT;
        }
        byte[] b = data.toByteArray();
        boolean bigEndian = ss.getByteOrder() == ByteOrder.BIG_ENDIAN;
        if (b.length > STATUS && b[FLAG] == 1
                && readInt(b, FACTORY, bigEndian) == ActorsSerializerHook.FACTORY_ID
                && readInt(b, CLASS, bigEndian) == ActorsSerializerHook.ACTOR_RECORD) {
            return new RecordHeader(readLong(b, VERSION, bigEndian), readLong(b, STAMP, bigEndian), b[STATUS]);
        }
        Object value = ss.toObject(data);
        if (!(value instanceof ActorRecord record)) {
            // Hazelray's actor entry processors sent to another map, or to a key that holds
            // something else: refused before anything is read as a record or written over it
            throw new IllegalArgumentException("refused: the value is a " + (value == null ? "null" : value.getClass().getName())
                    + ", not an actor record; Hazelray's actor entry processors act only on the " + Actors.ACTORS_MAP
                    + " map");
        }
        return new RecordHeader(record.version, record.stamp, record.status);
    }

    /** Refuses an entry processor made for actor {@code actorId} that was sent to another key. */
    static void requireKey(Map.Entry<String, Object> entry, String actorId) {
        if (!Objects.equals(entry.getKey(), actorId)) {
            throw new IllegalArgumentException("refused: an entry processor for actor " + actorId + " was sent to key "
                    + entry.getKey());
        }
    }

    static RecordHeader of(Map.Entry<String, Object> entry, HazelcastInstance hz) {
        GridInternals internals = GridInternals.of(hz);
        return of(internals.valueData(entry), internals);
    }

    private static int readInt(byte[] b, int at, boolean bigEndian) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int shift = bigEndian ? (3 - i) * 8 : i * 8;
            v |= (b[at + i] & 0xff) << shift;
        }
        return v;
    }

    private static long readLong(byte[] b, int at, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int shift = bigEndian ? (7 - i) * 8 : i * 8;
            v |= (long) (b[at + i] & 0xff) << shift;
        }
        return v;
    }
}
