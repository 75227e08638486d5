package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.WireCounts;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.hazelray.tasks.spi.EncodedArgs;

import java.io.IOException;

/**
 * Consecutive calls of one caller on one actor (or the actor's creation), as they travel to the
 * member that owns the actor's entry, where {@link BatchExecutor} applies them. Sent as one of two
 * entry processors:
 * <ul>
 * <li>{@link OffloadedBatch}, Offloadable and ReadOnly: Hazelcast hands it the stored record's bytes
 *     on the partition thread (no copy in BINARY format, no key lock) and runs it on the
 *     {@link io.hazelray.actors.Actors#EXECUTOR} executor, so a long method never holds a partition
 *     thread. It changes nothing itself: new states are stored by a {@link CommitRecord}, whose
 *     backup its caller waits for.</li>
 * <li>{@link InlineBatch}, a plain entry processor that runs the calls on the partition thread and
 *     stores the new state itself, in one step, like a raw {@code executeOnKey}: for methods that
 *     have always been fast and never waited for or called anything, as their caller has seen.</li>
 * </ul>
 * Calls on one actor are serialized by the owner's {@link Cell}, and ordered per caller because a
 * caller has at most one batch in flight per actor.
 */
public abstract class CallBatch extends ActorsSerializerHook.Message
        implements EntryProcessor<String, Object, BatchReply>, HazelcastInstanceAware {
    static final byte CREATE = 0;
    static final byte MUTATE = 1;
    static final byte READ = 2;

    byte mode;
    String actorId;
    String actorName;
    /** The caller (one per process and actor) and the sequence number of the first call: de-duplication. */
    String callerId;
    long firstSeq;
    /** The nesting depth of the calls (0: from a driver): picks the executor, as for tasks. */
    int depth;
    /** Whether an argument is an ObjectRef read from the store (never run inline: that read waits). */
    boolean readsObjects;
    /** CREATE: the owner id (the driver) and the actor's class, for the record. */
    String owner;
    String typeName;
    /** CREATE: the actor's options (see ActorCreator). */
    ActorSettings settings = ActorSettings.DEFAULT;
    /**
     * For maxTaskRetries: the losses of the member running this batch its caller saw, and the uuid of
     * the member it was sent to (if that one left the cluster, the owner running it now counts one
     * more: Hazelcast re-sends a partition operation to the new owner by itself).
     */
    int losses;
    String target;
    /** The distinct functions (methods, or the constructor) of the batch, and their names. */
    byte[][] functions;
    String[] functionNames;
    /** The digests of the job code the batch's functions need (see JobCode); empty when members have it all. */
    String[] code;
    /** Per call: which function, the id of its result object, its arguments... */
    int[] functionOf;
    String[] refIds;
    EncodedArgs[] args;
    /** ...or, for a call that failed before it was sent (an argument's call failed), the exception. */
    byte[][] failures;
    transient HazelcastInstance hz;

    CallBatch() {
    }

    /** A copy sharing {@code other}'s arrays, to send the same calls the other way. */
    CallBatch(CallBatch other) {
        mode = other.mode;
        actorId = other.actorId;
        actorName = other.actorName;
        callerId = other.callerId;
        firstSeq = other.firstSeq;
        depth = other.depth;
        readsObjects = other.readsObjects;
        owner = other.owner;
        typeName = other.typeName;
        settings = other.settings;
        losses = other.losses;
        target = other.target;
        functions = other.functions;
        functionNames = other.functionNames;
        code = other.code;
        functionOf = other.functionOf;
        refIds = other.refIds;
        args = other.args;
        failures = other.failures;
    }

    int size() {
        return functionOf.length;
    }

    long lastSeq() {
        return firstSeq + size() - 1;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(mode);
        out.writeString(actorId);
        out.writeString(actorName);
        out.writeString(callerId);
        out.writeLong(firstSeq);
        out.writeInt(depth);
        out.writeBoolean(readsObjects);
        out.writeString(owner);
        out.writeString(typeName);
        if (mode == CREATE) {
            settings.writeTo(out);
        }
        out.writeInt(losses);
        out.writeString(target);
        out.writeInt(functions.length);
        for (int i = 0; i < functions.length; i++) {
            out.writeByteArray(functions[i]);
            out.writeString(functionNames[i]);
        }
        out.writeStringArray(code);
        out.writeInt(functionOf.length);
        for (int i = 0; i < functionOf.length; i++) {
            out.writeInt(functionOf[i]);
            out.writeString(refIds[i]);
            out.writeByteArray(failures[i]);
            if (failures[i] == null) {
                args[i].writeTo(out);
            }
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        mode = in.readByte();
        actorId = in.readString();
        actorName = in.readString();
        callerId = in.readString();
        firstSeq = in.readLong();
        depth = in.readInt();
        readsObjects = in.readBoolean();
        owner = in.readString();
        typeName = in.readString();
        if (mode == CREATE) {
            settings = ActorSettings.readFrom(in);
        }
        losses = in.readInt();
        target = in.readString();
        int f = WireCounts.read(in, WireCounts.MAX_ELEMENTS, "functions in an actor batch");
        functions = new byte[f][];
        functionNames = new String[f];
        for (int i = 0; i < f; i++) {
            functions[i] = in.readByteArray();
            functionNames[i] = in.readString();
        }
        code = in.readStringArray();
        int n = WireCounts.read(in, WireCounts.MAX_ELEMENTS, "calls in an actor batch");
        functionOf = new int[n];
        refIds = new String[n];
        failures = new byte[n][];
        args = new EncodedArgs[n];
        for (int i = 0; i < n; i++) {
            functionOf[i] = in.readInt();
            refIds[i] = in.readString();
            failures[i] = in.readByteArray();
            if (failures[i] == null) {
                args[i] = EncodedArgs.readFrom(in);
            }
        }
    }
}
