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
    /** An inline batch the owner would not run on the partition thread: send it offloaded. */
    static final byte REFUSED = 3;

    /** No calls ran (or they are not telling)... */
    static final byte NONE = -1;
    /** ...each ran in under {@link BatchExecutor#FAST_NANOS}... */
    static final byte FAST = 0;
    /** ...one took longer... */
    static final byte SLOW = 1;
    /** ...or one waited for an object or made calls: never to be run on a partition thread... */
    static final byte WAITS = 2;
    /** ...or one took more than ten times {@link BatchExecutor#FAST_NANOS}: not either. */
    static final byte VERY_SLOW = 3;

    byte status;
    Reply[] replies;
    byte hint = NONE;
    /**
     * The actor's options (null: not told), so that callers with a bare handle learn them: a threaded
     * actor's calls are spread over lanes, a checkpointing or owner-only actor's mutating calls never run inline.
     */
    ActorSettings settings;
    /** MISSING: where the owner looked and found no record, for the caller's error message (or null). */
    String why;

    public BatchReply() {
    }

    BatchReply(byte status, Reply[] replies) {
        this.status = status;
        this.replies = replies;
    }

    static BatchReply done(Reply[] replies) {
        return new BatchReply(DONE, replies);
    }

    BatchReply hint(byte hint) {
        this.hint = hint;
        return this;
    }

    BatchReply options(ActorRecord record) {
        this.settings = record.settings;
        return this;
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
        out.writeByte(hint);
        out.writeBoolean(settings != null);
        if (settings != null) {
            settings.writeTo(out);
        }
        out.writeString(why);
        Reply.writeAll(out, replies);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        status = in.readByte();
        hint = in.readByte();
        settings = in.readBoolean() ? ActorSettings.readFrom(in) : null;
        why = in.readString();
        replies = Reply.readAll(in);
    }
}
