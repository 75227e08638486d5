package io.hazelray.core;

import java.util.List;

/**
 * The answer of {@code waitFor}: the refs that are ready and those that are not, each list in the
 * order the refs were given.
 */
public record WaitResult<T>(List<ObjectRef<T>> ready, List<ObjectRef<T>> unready) {
    public WaitResult {
        ready = List.copyOf(ready);
        unready = List.copyOf(unready);
    }
}
