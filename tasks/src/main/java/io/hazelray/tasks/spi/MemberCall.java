package io.hazelray.tasks.spi;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A small question or command sent through a member executor and run there with that member's
 * instance: a cancellation, the driver watch's "is this client connected here?", a status or
 * dashboard probe. Hazelcast injects the instance before {@link #call()}.
 *
 * @param <T> the answer's type (serializable)
 */
public abstract class MemberCall<T> implements Callable<T>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance member;

    @Override
    public final void setHazelcastInstance(HazelcastInstance hz) {
        this.member = hz;
    }

    @Override
    public final T call() {
        return answer(member);
    }

    /** The answer of {@code member}, the member this runs on. */
    protected abstract T answer(HazelcastInstance member);
}
