package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.GridInternals;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;

import java.nio.ByteOrder;
import java.util.Map;

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
        ActorRecord record = ss.toObject(data);
        return new RecordHeader(record.version, record.stamp, record.status);
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
