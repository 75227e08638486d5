package io.hazelray.tasks.spi;

import io.hazelray.core.ObjectRef;

/**
 * A new result object of a driver, as {@link Driver#newPendingRef()} makes it: the ref handed to
 * the user at once, and the handle through which the call's outcome is recorded.
 */
public record PendingRef<R>(ObjectRef<R> ref, PendingResult result) {
}
