package io.hazelray.tasks.impl;

import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectLostException;
import io.hazelray.tasks.spi.ArgumentPlan;
import io.hazelray.tasks.spi.EncodedArgs;
import io.hazelray.tasks.spi.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A call's arguments on their way: plain values already serialized, refs to resolve when ready
 * (see {@link DriverRuntime#planArguments}).
 */
final class PlannedArguments implements ArgumentPlan {
    private final DriverRuntime driver;
    final byte[][] values;
    final ObjectRefImpl<?>[] refs;
    final List<CompletableFuture<?>> dependencies = new ArrayList<>();

    PlannedArguments(DriverRuntime driver, int n) {
        this.driver = driver;
        values = new byte[n][];
        refs = new ObjectRefImpl<?>[n];
    }

    @Override
    public List<CompletableFuture<?>> dependencies() {
        return dependencies;
    }

    /**
     * The arguments as they travel, once the dependencies are done: a ref whose result came
     * back inline travels as its value, others as their id.
     *
     * @throws HazelrayException naming the argument whose call failed
     */
    @Override
    public EncodedArgs encode(String callName) {
        EncodedArgs encoded = new EncodedArgs(values.length);
        for (int i = 0; i < values.length; i++) {
            ObjectRefImpl<?> ref = refs[i];
            if (ref == null) {
                encoded.setValue(i, values[i]);
                continue;
            }
            LocalObject local = ref.local();
            if (local != null && local.runtime == driver) {
                if (local.isFreed()) {
                    throw new ObjectLostException(ref.id(), "argument " + i + " of '" + callName + "' was freed");
                }
                Outcome outcome = local.outcome.join();
                switch (outcome.kind()) {
                    case INLINE -> encoded.setValue(i, outcome.bytes());
                    case STORED -> encoded.setRef(i, ref.id());
                    case FAILED -> {
                        HazelrayException upstream = ObjectReader.failure(driver.grid(), outcome);
                        throw new HazelrayException("argument " + i + " of '" + callName
                                + "' is the result of a call that failed: " + upstream.getMessage(), upstream);
                    }
                }
            } else {
                if (local != null) {
                    local.share(); // another driver's ref in this JVM: read it from the grid
                }
                encoded.setRef(i, ref.id());
            }
        }
        return encoded;
    }
}
