package io.hazelray.tasks;

import java.io.Serializable;

/**
 * A remote function: the common parent of {@code TaskFunc0} to {@code TaskFunc6}. Instances are
 * serializable method references or lambdas; everything they capture travels with them and must
 * be serializable too (checked at {@link TaskCaller#remote()}, which names the culprit).
 */
public interface TaskFunc extends Serializable {

    /** Applies the function to already-resolved arguments; implemented by each arity. */
    Object invoke(Object[] args) throws Exception;
}
