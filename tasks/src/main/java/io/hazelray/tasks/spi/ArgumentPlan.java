package io.hazelray.tasks.spi;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A call's arguments between {@code remote()} and submission, as {@link Driver#planArguments}
 * makes them: plain values are serialized at once (so a value that cannot be serialized fails
 * {@code remote()}, naming its position); ObjectRef arguments are resolved when the call is sent.
 */
public interface ArgumentPlan {

    /** Done when the refs among the arguments that this process is computing are ready. */
    List<CompletableFuture<?>> dependencies();

    /**
     * The arguments as they travel, once {@link #dependencies()} are done: a ref whose result
     * came back inline travels as its value, others as their id.
     *
     * @param callName the call, named in messages
     * @throws io.hazelray.core.HazelrayException naming the argument whose call failed or was freed
     */
    EncodedArgs encode(String callName);
}
