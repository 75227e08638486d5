package io.hazelray.actors.impl;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, per method, whether a caller may send its calls to run on the owner's partition thread
 * ({@link InlineBatch}): only after the method ran fast several times in a row; never once it
 * waited for an object or made calls of its own. A slow call restarts the count, a very slow one
 * (ten times the limit: a GC pause, or a method that is sometimes slow) also adds a penalty of
 * {@value #VERY_SLOW_PENALTY} more fast runs, so that a method that is often slow stays off the
 * partition threads. One per Hazelcast instance (caller side); what a
 * member reports about each batch ({@link BatchReply#hint}) teaches it.
 *
 * <p>{@code -Dhazelray.actors.inline=false} turns inline calls off: every call then runs on the
 * actors executor, never on a partition thread.
 */
final class InlineAdvisor {
    static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("hazelray.actors.inline"));
    /** Small batches only: a partition thread serves other partitions meanwhile. */
    static final int MAX_INLINE_BATCH = 8;
    private static final int FAST_RUNS_NEEDED = 3;
    static final int VERY_SLOW_PENALTY = 50;
    private static final int NEVER = Integer.MIN_VALUE;
    private static final int LIMIT = 4096;

    private final ConcurrentHashMap<String, Integer> fastRuns = new ConcurrentHashMap<>();

    boolean mayInline(byte mode, List<PendingCall> calls) {
        if (!ENABLED || mode == CallBatch.CREATE || calls.size() > MAX_INLINE_BATCH) {
            return false;
        }
        for (PendingCall c : calls) {
            if (c.readsObjects || c.failure != null || fastRuns.getOrDefault(key(c), 0) < FAST_RUNS_NEEDED) {
                return false;
            }
        }
        return true;
    }

    void observed(List<PendingCall> calls, byte hint) {
        if (!ENABLED || hint == BatchReply.NONE || calls.get(0).mode == CallBatch.CREATE) {
            return; // a batch's calls are all of one mode: a creation teaches nothing about methods
        }
        Set<String> methods = calls.size() == 1 ? Set.of(key(calls.get(0))) : new LinkedHashSet<>();
        if (calls.size() > 1) {
            for (PendingCall c : calls) {
                methods.add(key(c));
            }
        }
        for (String m : methods) {
            Integer runs = fastRuns.get(m);
            if (runs == null ? fastRuns.size() >= LIMIT : hint == BatchReply.FAST && (runs == FAST_RUNS_NEEDED || runs == NEVER)) {
                continue; // no room, or nothing to learn (the usual case: a fast method stays fast)
            }
            switch (hint) {
                case BatchReply.FAST -> fastRuns.merge(m, 1, (a, b) -> a == NEVER ? NEVER : Math.min(a + 1, FAST_RUNS_NEEDED));
                case BatchReply.WAITS -> fastRuns.put(m, NEVER);
                case BatchReply.VERY_SLOW -> fastRuns.merge(m, -VERY_SLOW_PENALTY,
                        (a, b) -> a == NEVER ? NEVER : Math.max(NEVER + 1, Math.min(a, 0) - VERY_SLOW_PENALTY));
                default -> fastRuns.merge(m, 0, (a, b) -> a == NEVER ? NEVER : Math.min(a, 0));
            }
        }
    }

    private static String key(PendingCall c) {
        String key = c.inlineKey;
        if (key == null) {
            key = c.functionName + "#" + c.function.length;
            c.inlineKey = key;
        }
        return key;
    }
}
