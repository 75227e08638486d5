package io.hazelray.tasks.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/**
 * A member's answer to a {@link TaskSpec}: the result inline (small results, serialized once, on
 * the member), a note that the result is in the object store (large ones), or the failure.
 */
public final class TaskReply extends TasksSerializerHook.Message {
    public enum Kind { INLINE, STORED, FAILED, FAILED_RETRIABLE }

    Kind kind;
    /** The serialized result (INLINE) or the serialized {@code HazelrayException} (FAILED*). */
    byte[] payload;
    /** STORED: the result's serialized size (what placement weighs when the result is another task's argument). */
    long size;

    public TaskReply() {
    }

    TaskReply(Kind kind, byte[] payload) {
        this.kind = kind;
        this.payload = payload;
    }

    static TaskReply stored(long size) {
        TaskReply reply = new TaskReply(Kind.STORED, null);
        reply.size = size;
        return reply;
    }

    @Override
    public int getClassId() {
        return TasksSerializerHook.TASK_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeByteArray(payload);
        if (kind == Kind.STORED) {
            out.writeLong(size);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = Kind.values()[in.readByte()];
        payload = in.readByteArray();
        if (kind == Kind.STORED) {
            size = in.readLong();
        }
    }
}
