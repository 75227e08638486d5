package io.hazelray.datasets.gsod.impl;

import com.hazelcast.internal.serialization.DataSerializerHook;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.hazelray.datasets.gsod.GsodStation;

/**
 * Registers {@link GsodStation} with Hazelcast's {@code IdentifiedDataSerializable} machinery,
 * found through {@code META-INF/services/com.hazelcast.DataSerializerHook} on every member and
 * client that has this jar: a station then travels as its id, year, metadata and raw int columns,
 * with no class descriptor per item (what plain Java serialization would add).
 *
 * <p>The factory id is {@value #DEFAULT_FACTORY_ID} unless the system property
 * {@code hazelray.gsod.serialization.factory.id} says otherwise (every JVM of a cluster must agree).
 */
public final class GsodSerializerHook implements DataSerializerHook {
    public static final int DEFAULT_FACTORY_ID = 7_310_419;
    public static final int FACTORY_ID = Integer.getInteger("hazelray.gsod.serialization.factory.id", DEFAULT_FACTORY_ID);
    public static final int STATION = 1;

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public DataSerializableFactory createFactory() {
        return typeId -> typeId == STATION ? new GsodStation() : null;
    }
}
