package io.hazelray.tasks.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.hazelray.tasks.Tasks;

import java.util.Set;
import java.util.UUID;

/**
 * Which drivers are alive, and which died: the live ones in {@link Tasks#DRIVERS_MAP} (owner id to
 * the uuid of the member or client connection it runs in, so members can tell whose objects to
 * purge when that connection goes), the dead ones in {@link Tasks#DEAD_DRIVERS_MAP} (owner id to
 * why, kept for an hour) so that a reader of a purged object is told its owner died rather than
 * that it was freed.
 */
public final class DriverRegistry {
    private final HazelcastInstance hz;
    private volatile IMap<String, String> live;
    private volatile IMap<String, String> dead;

    public DriverRegistry(HazelcastInstance hz) {
        this.hz = hz;
    }

    /** Registers a root driver of this instance (a client or a member). */
    public void register(String owner) {
        live().set(owner, hz.getLocalEndpoint().getUuid().toString());
    }

    /** A driver that shut down cleanly: its objects were released by itself. */
    public void unregister(String owner) {
        live().delete(owner);
    }

    public boolean isLive(String owner) {
        return live().containsKey(owner);
    }

    /** Why {@code owner} died, or null if it is not known to have died. */
    public String deathOf(String owner) {
        return dead().get(owner);
    }

    /** The owners running in the member or client connection {@code endpoint}. */
    public Set<String> ownersIn(UUID endpoint) {
        return live().keySet(Predicates.equal("this", endpoint.toString()));
    }

    /** Records the death first, so readers that find the objects gone are told why. */
    public void recordDeath(String owner, String why) {
        dead().set(owner, why);
        live().delete(owner);
    }

    private IMap<String, String> live() {
        IMap<String, String> map = live;
        if (map == null) {
            map = hz.getMap(Tasks.DRIVERS_MAP);
            live = map;
        }
        return map;
    }

    private IMap<String, String> dead() {
        IMap<String, String> map = dead;
        if (map == null) {
            map = hz.getMap(Tasks.DEAD_DRIVERS_MAP);
            dead = map;
        }
        return map;
    }
}
