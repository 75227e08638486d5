package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.WireCounts;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/**
 * The outcome of one call as the caller receives it.
 *
 * @param kind    VALUE: {@code payload} is the serialized result ({@code null} for a null result);
 *                STORED: the result is in the object store under the call's ref id;
 *                FAILED / DIED: {@code payload} is the serialized exception to throw
 * @param payload see {@code kind}
 */
record Reply(byte kind, byte[] payload) {
    static final byte VALUE = 0;
    static final byte STORED = 1;
    static final byte FAILED = 2;
    static final byte DIED = 3;

    static final Reply NULL_VALUE = new Reply(VALUE, null);
    static final Reply STORED_VALUE = new Reply(STORED, null);

    static void writeAll(ObjectDataOutput out, Reply[] replies) throws IOException {
        out.writeInt(replies.length);
        for (Reply r : replies) {
            out.writeByte(r.kind);
            out.writeByteArray(r.payload);
        }
    }

    static Reply[] readAll(ObjectDataInput in) throws IOException {
        Reply[] replies = new Reply[WireCounts.read(in, WireCounts.MAX_ELEMENTS, "replies of an actor batch")];
        for (int i = 0; i < replies.length; i++) {
            byte kind = in.readByte();
            replies[i] = new Reply(kind, in.readByteArray());
        }
        return replies;
    }
}
