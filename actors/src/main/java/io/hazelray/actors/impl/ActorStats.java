package io.hazelray.actors.impl;

import com.hazelcast.core.HazelcastInstance;

import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-actor figures of the actors this member owns (calls served, the last error) and the last
 * {@link #DEAD_KEPT} actors that died here, for {@code Actors.local}. One set per Hazelcast
 * instance, kept in its user context: killing happens on partition threads, where the
 * {@link ActorHost} must not be made.
 */
final class ActorStats {
    private static final String KEY = "hazelray.actors.stats";
    /** Dead actors remembered per member, so the dashboard can show them as dead for a while. */
    static final int DEAD_KEPT = 1_000;

    private final ConcurrentMap<String, PerActor> actors = new ConcurrentHashMap<>();
    private final Queue<String> dead = new ConcurrentLinkedQueue<>();

    /** One actor's figures; the description is filled in from the first record seen. */
    static final class PerActor {
        final LongAdder served = new LongAdder();
        final LongAdder failed = new LongAdder();
        volatile String typeName;
        volatile String name;
        volatile String owner;
        volatile String lastError;
        volatile long lastErrorAt;
        volatile boolean dead;
    }

    static ActorStats of(HazelcastInstance hz) {
        return (ActorStats) hz.getUserContext().computeIfAbsent(KEY, k -> new ActorStats());
    }

    PerActor get(String actorId) {
        return actors.get(actorId);
    }

    private PerActor of(String actorId) {
        PerActor per = actors.get(actorId);
        return per != null ? per : actors.computeIfAbsent(actorId, id -> new PerActor());
    }

    /** A batch of {@code calls} was answered on {@code record}'s actor. */
    void served(ActorRecord record, int calls) {
        PerActor per = of(record.actorId);
        per.served.add(calls);
        if (per.typeName == null) {
            per.typeName = record.typeName;
            per.name = record.name;
            per.owner = record.owner;
        }
    }

    /** A call threw (or could not run). */
    void failed(String actorId, Throwable t) {
        PerActor per = of(actorId);
        per.failed.increment();
        per.lastError = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        per.lastErrorAt = System.currentTimeMillis();
    }

    /** Killed or purged here; the oldest dead ones are forgotten past {@link #DEAD_KEPT}. */
    void died(String actorId) {
        PerActor per = of(actorId);
        if (!per.dead) {
            per.dead = true;
            dead.add(actorId);
            while (dead.size() > DEAD_KEPT) {
                String oldest = dead.poll();
                if (oldest != null) {
                    actors.remove(oldest);
                }
            }
        }
    }

    /** Forgets a live actor's figures once it no longer lives here (its partition moved away). */
    void forget(String actorId) {
        PerActor per = actors.get(actorId);
        if (per != null && !per.dead) {
            actors.remove(actorId, per);
        }
    }

    Iterable<String> ids() {
        return actors.keySet();
    }
}
