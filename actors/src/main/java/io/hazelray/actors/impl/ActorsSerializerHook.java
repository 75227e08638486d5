package io.hazelray.actors.impl;

import com.hazelcast.internal.serialization.DataSerializerHook;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Registers the actors' entry processors, replies and records as IdentifiedDataSerializable: they
 * cross the wire (or are stored) once per call. Found by Hazelcast through
 * {@code META-INF/services/com.hazelcast.DataSerializerHook}.
 */
public final class ActorsSerializerHook implements DataSerializerHook {
    public static final int FACTORY_ID = 7_302;
    static final int CALL_BATCH = 1;
    static final int BATCH_REPLY = 2;
    static final int ACTOR_RECORD = 3;
    static final int COMMIT_RECORD = 4;
    static final int RECORD_BACKUP = 5;
    static final int KILL_ACTOR = 6;
    static final int PURGE_ACTORS = 7;
    static final int INLINE_BATCH = 8;
    static final int HAND_OVER_STATE = 9;

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public DataSerializableFactory createFactory() {
        return typeId -> switch (typeId) {
            case CALL_BATCH -> new OffloadedBatch();
            case INLINE_BATCH -> new InlineBatch();
            case BATCH_REPLY -> new BatchReply();
            case ACTOR_RECORD -> new ActorRecord();
            case COMMIT_RECORD -> new CommitRecord();
            case RECORD_BACKUP -> new RecordBackup<>();
            case KILL_ACTOR -> new KillActor();
            case PURGE_ACTORS -> new PurgeActors();
            case HAND_OVER_STATE -> new HandOverState();
            default -> throw new IllegalArgumentException("unknown Hazelray actor type " + typeId);
        };
    }

    /** Base of the types above, to keep their factory id in one place. */
    abstract static class Message implements IdentifiedDataSerializable {
        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }
    }
}
