package io.hazelray.tasks.impl;

import com.hazelcast.internal.serialization.DataSerializerHook;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Registers the task messages as IdentifiedDataSerializable: they cross the wire once per task,
 * and Java serialization of them would cost more than the rest of a small task. Found by
 * Hazelcast through {@code META-INF/services/com.hazelcast.DataSerializerHook}, so every member
 * with Hazelray on its classpath knows them without configuration.
 */
public final class TasksSerializerHook implements DataSerializerHook {
    public static final int FACTORY_ID = 7_301;
    static final int TASK_SPEC = 1;
    static final int TASK_REPLY = 2;
    static final int STORE_OBJECT = 3;

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public DataSerializableFactory createFactory() {
        return typeId -> switch (typeId) {
            case TASK_SPEC -> new TaskSpec();
            case TASK_REPLY -> new TaskReply();
            case STORE_OBJECT -> new StoreObject();
            default -> throw new IllegalArgumentException("unknown Hazelray task type " + typeId);
        };
    }

    /** Base of the messages above, to keep their factory id in one place. */
    abstract static class Message implements IdentifiedDataSerializable {
        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }
    }
}
