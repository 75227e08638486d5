package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.WireCounts;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import com.hazelcast.internal.serialization.Data;
import io.hazelray.tasks.spi.EncodedArgs;
import io.hazelray.tasks.spi.GridInternals;
import io.hazelray.tasks.spi.JobCode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An actor as it is stored: the value of its entry in the actors map, on the owner and the backup.
 * It holds the actor object (its state), what it is (id, name, owner), whether it is alive, and,
 * per caller, the last batch of calls applied with their replies, so that a batch retried on a
 * promoted backup is answered from here instead of being applied twice.
 *
 * <p>The first fields are fixed-size ({@code version}, {@code stamp}, {@code status}) so that
 * {@link RecordHeader} can read them from the serialized record without deserializing the state.
 */
public final class ActorRecord extends ActorsSerializerHook.Message {
    static final byte ALIVE = 0;
    /** The constructor threw (or the state could not be serialized): every call fails. */
    static final byte FAILED = 1;
    /** Killed: a tombstone that makes later calls fail with the reason. */
    static final byte KILLED = 2;
    /**
     * Its constructor is running (or was, on a member that died: a batch that finds this status
     * without a live copy restarts it, within maxRestarts). The record holds the constructor.
     */
    static final byte CONSTRUCTING = 3;
    /** Killed with a restart ({@code kill(handle, false)}): the constructor runs again at the next batch. */
    static final byte RESTARTING = 4;

    /** How long a caller's last batch is remembered after its last call (retries come within seconds). */
    static final long CALLER_TTL_MILLIS = 10 * 60_000L;

    long version;
    /** Random per committed version: tells two records of the same version apart (see {@link Cell}). */
    long stamp;
    byte status;
    String actorId;
    String typeName;
    String name;
    String owner;
    /** The digests of the actor's job code (see JobCode): how any member that owns it loads its state. */
    String[] code;
    /** FAILED: the serialized exception every call fails with (an ActorDiedException). */
    byte[] failure;
    /** The options it was created with (maxTaskRetries is enforced by callers). */
    ActorSettings settings = ActorSettings.DEFAULT;
    /** Constructor re-runs done so far (see settings.maxRestarts). */
    int restarts;
    /**
     * Checkpointing and owner-only actors: the member (uuid) whose live copy may be newer than this
     * record, the one that stored it; {@code null} when this record is the latest state (stored by a
     * hand-over or a shutdown). An every-call record is always the latest: {@code null}.
     */
    String liveOn;
    /** The address of {@link #liveOn}, for messages once it is gone. */
    String liveOnAddress;
    /** The constructor, its name and arguments: kept while the actor may be restarted (or is being constructed). */
    byte[] ctor;
    String ctorName;
    EncodedArgs ctorArgs;
    Map<String, CallerState> callers = new LinkedHashMap<>();
    Object actor;

    /** Set while {@link #withoutState} reads a record: the actor object is skipped. */
    private static final ThreadLocal<Boolean> SKIP_STATE = new ThreadLocal<>();

    public ActorRecord() {
    }

    /**
     * The record in {@code data} without its actor object (null): for a partition thread, which
     * must neither spend the time to deserialize a large state nor load the job's classes.
     */
    static ActorRecord withoutState(Data data, GridInternals ss) {
        SKIP_STATE.set(Boolean.TRUE);
        try {
            return ss.toObject(data);
        } finally {
            SKIP_STATE.remove();
        }
    }

    /** A copy of everything but the actor and the callers (which the caller of this replaces). */
    ActorRecord headerCopy() {
        ActorRecord copy = new ActorRecord();
        copy.version = version;
        copy.stamp = stamp;
        copy.status = status;
        copy.actorId = actorId;
        copy.typeName = typeName;
        copy.name = name;
        copy.owner = owner;
        copy.code = code;
        copy.failure = failure;
        copy.settings = settings;
        copy.restarts = restarts;
        copy.liveOn = liveOn;
        copy.liveOnAddress = liveOnAddress;
        copy.ctor = ctor;
        copy.ctorName = ctorName;
        copy.ctorArgs = ctorArgs;
        copy.callers = new LinkedHashMap<>(callers);
        return copy;
    }

    /** Whether the constructor may run again ({@code restarts < maxRestarts}, or no limit). */
    boolean mayRestart() {
        return settings.maxRestarts() < 0 || restarts < settings.maxRestarts();
    }

    /** The last batch of one caller: the sequence numbers it covered and its replies. */
    record CallerState(long firstSeq, long lastSeq, long lastUsedMillis, Reply[] replies) {
    }

    /** Forgets callers that have not called for {@link #CALLER_TTL_MILLIS}. */
    void expireCallers(long now) {
        callers.values().removeIf(c -> now - c.lastUsedMillis() > CALLER_TTL_MILLIS);
    }

    @Override
    public int getClassId() {
        return ActorsSerializerHook.ACTOR_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(version);   // RecordHeader reads these three at fixed offsets
        out.writeLong(stamp);
        out.writeByte(status);
        out.writeString(actorId);
        out.writeString(typeName);
        out.writeString(name);
        out.writeString(owner);
        out.writeStringArray(code);
        out.writeByteArray(failure);
        settings.writeTo(out);
        out.writeInt(restarts);
        out.writeString(liveOn);
        out.writeString(liveOnAddress);
        out.writeByteArray(ctor);
        out.writeString(ctorName);
        out.writeBoolean(ctorArgs != null);
        if (ctorArgs != null) {
            ctorArgs.writeTo(out);
        }
        out.writeInt(callers.size());
        for (Map.Entry<String, CallerState> e : callers.entrySet()) {
            CallerState c = e.getValue();
            out.writeString(e.getKey());
            out.writeLong(c.firstSeq());
            out.writeLong(c.lastSeq());
            out.writeLong(c.lastUsedMillis());
            Reply.writeAll(out, c.replies());
        }
        out.writeObject(actor);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        version = in.readLong();
        stamp = in.readLong();
        status = in.readByte();
        actorId = in.readString();
        typeName = in.readString();
        name = in.readString();
        owner = in.readString();
        code = in.readStringArray();
        failure = in.readByteArray();
        settings = ActorSettings.readFrom(in);
        restarts = in.readInt();
        liveOn = in.readString();
        liveOnAddress = in.readString();
        ctor = in.readByteArray();
        ctorName = in.readString();
        ctorArgs = in.readBoolean() ? EncodedArgs.readFrom(in) : null;
        int n = WireCounts.read(in, WireCounts.MAX_ELEMENTS, "callers in an actor record");
        callers = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = in.readString();
            callers.put(id, new CallerState(in.readLong(), in.readLong(), in.readLong(), Reply.readAll(in)));
        }
        if (SKIP_STATE.get() == null) {
            actor = JobCode.readWith(code, in::readObject); // the state's classes may be the job's
        }
    }
}
