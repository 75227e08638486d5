package io.hazelray.actors.impl;

import io.hazelray.tasks.spi.ArgumentPlan;
import io.hazelray.tasks.spi.Outcome;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.spi.EncodedArgs;
import io.hazelray.tasks.spi.PendingResult;
import io.hazelray.tasks.spi.RunningCall;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A call (or a creation) from {@code remote()} until its reply: waits in its {@link CallerChannel}
 * for the ObjectRefs it depends on and for the calls submitted before it.
 */
final class PendingCall {
    final byte mode;
    final byte[] function;
    final String functionName;
    /** The digests of the job code the function needs (see JobCode). */
    final String[] code;
    final ArgumentPlan plan;
    /** Done when every ref argument this process is computing is ready; {@code null} if none. */
    final CompletableFuture<Void> dependencies;
    /** A call: its result object id and the driver-side state of its ref. */
    final String refId;
    final PendingResult result;
    /** A creation: completed when the owner answered (whatever the answer). */
    final CompletableFuture<Void> created;
    /** A creation: the owner id (the driver) and the actor's class, for its record. */
    String owner;
    String typeName;
    /** A creation: the actor's options. */
    ActorSettings settings = ActorSettings.DEFAULT;
    /** Whether an argument is an ObjectRef (its value may have to be read from the store). */
    final boolean readsObjects;
    /** The nesting depth the call is made at: 0 from a driver, d + 1 from a call at depth d. */
    final int depth;
    /** MUTATE: the call's sequence number in its channel. */
    long seq;
    /** Set when the batch is built: the arguments as they travel, or why the call cannot run. */
    EncodedArgs args;
    byte[] failure;
    /** The method as the {@link InlineAdvisor} knows it (made on first use). */
    String inlineKey;
    /** Dropped by a cancel while queued: never encoded nor run (a numbered one still travels, as a failure). */
    volatile boolean cancelled;

    private PendingCall(byte mode, byte[] function, String functionName, String[] code, Object[] args,
                        ArgumentPlan plan, String refId, PendingResult result, CompletableFuture<Void> created) {
        this.mode = mode;
        this.code = code;
        this.function = function;
        this.functionName = functionName;
        this.plan = plan;
        List<CompletableFuture<?>> deps = plan.dependencies();
        this.dependencies = deps.isEmpty() ? null : CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new));
        this.refId = refId;
        this.result = result;
        this.created = created;
        this.readsObjects = Arrays.stream(args).anyMatch(a -> a instanceof ObjectRef<?>);
        RunningCall running = RunningCall.current();
        this.depth = running == null ? 0 : running.depth() + 1;
    }

    static PendingCall call(boolean readOnly, byte[] method, String name, String[] code, Object[] args,
                            ArgumentPlan plan, String refId, PendingResult result) {
        return new PendingCall(readOnly ? CallBatch.READ : CallBatch.MUTATE, method, name, code, args, plan, refId,
                result, null);
    }

    static PendingCall create(byte[] ctor, String name, String typeName, String[] code, String owner, Object[] args,
                              ArgumentPlan plan, CompletableFuture<Void> created) {
        PendingCall call = new PendingCall(CallBatch.CREATE, ctor, name, code, args, plan, null, null, created);
        call.owner = owner;
        call.typeName = typeName;
        return call;
    }

    boolean ready() {
        return cancelled || dependencies == null || dependencies.isDone();
    }

    void complete(Outcome outcome) {
        if (result != null) {
            result.complete(outcome);
        } else {
            created.complete(null);
        }
    }
}
