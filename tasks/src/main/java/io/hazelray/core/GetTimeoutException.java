package io.hazelray.core;

import java.time.Duration;

/** {@code get(ref, timeout)} gave up waiting: the object is still being computed. */
public final class GetTimeoutException extends HazelrayException {
    public GetTimeoutException(ObjectRef<?> ref, Duration timeout) {
        super("object " + ref.id() + " not ready after " + timeout.toMillis() + " ms");
    }
}
