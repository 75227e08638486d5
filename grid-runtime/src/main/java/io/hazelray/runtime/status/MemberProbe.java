package io.hazelray.runtime.status;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A question every member answers for itself ({@link ClusterStatuses#askAll}): the status, and
 * each dashboard view. Runs on the member with that member's instance; keep it small and its
 * answer bounded (filter and page on the member).
 *
 * @param <T> the answer's type (serializable)
 */
public abstract class MemberProbe<T> implements Callable<T>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance hz;

    @Override
    public final void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public final T call() {
        return answer(hz);
    }

    /** The answer of {@code member}, the member this runs on. */
    protected abstract T answer(HazelcastInstance member);
}
