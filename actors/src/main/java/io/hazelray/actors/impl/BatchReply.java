package io.hazelray.actors.impl;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;

/**
 * The owner's answer to a {@link CallBatch}: one {@link Reply} per call, or a status that tells the
 * caller to send the batch again.
 */
public final class BatchReply extends ActorsSerializerHook.Message {
    /** Every call has its reply. */
    static final byte DONE = 0;
    /** Nothing was applied (the owner changed or its copy was stale): send the same batch again. */
    static final byte RESEND = 1;
    /** There is no record for this actor: not created yet, or purged with its driver. */
    static final byte MISSING = 2;

    byte status;
    Reply[] replies;

    public BatchReply() {
    }

    BatchReply(byte status, Reply[] replies) {
        this.status = status;
        this.replies = replies;
    }

    static BatchReply done(Reply[] replies) {
        return new BatchReply(DONE, replies);
    }

    static BatchReply of(byte status) {
        return new BatchReply(status, new Reply[0]);
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.BATCH_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(status);
        Reply.writeAll(out, replies);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        status = in.readByte();
        replies = Reply.readAll(in);
    }
}
