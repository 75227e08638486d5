package io.hazelray.actors.impl;

import io.hazelray.core.ActorDiedException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The caller side of one Hazelcast instance: one {@link CallerChannel} per actor it calls, each
 * with a caller id of its own (the owner de-duplicates and orders calls by caller id and
 * sequence number).
 */
final class CallerChannels {
    /**
     * Channels idle for a minute are dropped beyond this many (one is cheap to recreate, under a new
     * caller id; a thread still holding a dropped one is done with it long before).
     */
    private static final int MAX_IDLE_CHANNELS = 10_000;

    private final ActorHost host;
    private final String callerPrefix = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final AtomicLong channelSequence = new AtomicLong();
    private final ConcurrentMap<String, CallerChannel> channels = new ConcurrentHashMap<>();

    CallerChannels(ActorHost host) {
        this.host = host;
    }

    /** The channel to {@code actorId}, made on first use. */
    CallerChannel channel(String actorId, String actorName) {
        CallerChannel channel = channels.get(actorId);
        if (channel == null) {
            if (channels.size() >= MAX_IDLE_CHANNELS) {
                channels.values().removeIf(CallerChannel::isIdle);
            }
            channel = channels.computeIfAbsent(actorId, id -> new CallerChannel(host, id,
                    callerPrefix + "." + Long.toString(channelSequence.incrementAndGet(), 36)));
        }
        channel.nameIfUnknown(actorName);
        return channel;
    }

    /** Drops the call whose result is {@code refId} if it is still queued here (see CallerChannel#cancel). */
    boolean cancel(String refId) {
        for (CallerChannel channel : channels.values()) {
            if (channel.cancel(refId)) {
                return true;
            }
        }
        return false;
    }

    /** Fails the pending and later calls of every channel to an actor whose id starts with {@code prefix}. */
    void markDead(String prefix, String why) {
        channels.forEach((id, channel) -> {
            if (id.startsWith(prefix)) {
                channel.markDead(new ActorDiedException(id, channel.actorName(), why, null));
            }
        });
    }
}
