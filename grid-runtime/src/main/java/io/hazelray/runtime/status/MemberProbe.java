package io.hazelray.runtime.status;

import io.hazelray.tasks.spi.MemberCall;

/**
 * A question every member answers for itself ({@link ClusterStatuses#askAll}): the status, and
 * each dashboard view. Runs on the member with that member's instance; keep it small and its
 * answer bounded (filter and page on the member).
 *
 * @param <T> the answer's type (serializable)
 */
public abstract class MemberProbe<T> extends MemberCall<T> {
    private static final long serialVersionUID = 1L;
}
