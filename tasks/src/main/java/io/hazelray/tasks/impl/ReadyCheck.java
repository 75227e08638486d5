package io.hazelray.tasks.impl;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/**
 * Tells whether an object is no longer pending, without sending its value back. A missing object
 * counts as ready: a {@code get} of it then reports it lost instead of waiting forever.
 */
final class ReadyCheck implements EntryProcessor<String, Object, Boolean>, ReadOnly {
    @Override
    public Boolean process(Map.Entry<String, Object> entry) {
        Object value = entry.getValue();
        return !(value instanceof ObjectStore.Pending);
    }

    @Override
    public EntryProcessor<String, Object, Boolean> getBackupProcessor() {
        return null; // read-only: nothing to replicate
    }
}
