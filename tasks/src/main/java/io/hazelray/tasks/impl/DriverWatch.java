package io.hazelray.tasks.impl;

import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import io.hazelray.tasks.spi.MemberCall;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.GridServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A member's watch over drivers: when a client driver's connections are all gone, or a member
 * that ran drivers leaves, what those drivers owned is purged (objects, PENDING markers, and
 * through the hooks their non-detached actors) and their death recorded, so that readers of their
 * refs get an {@code OwnerDiedException} instead of waiting forever and nothing leaks.
 *
 * <p>A client that lost one connection may still be connected to other members: each member that
 * sees a client go waits {@link #GRACE_SECONDS}, then asks every member whether the client is still
 * connected there, and purges only if none is. A member's departure is handled by the oldest
 * member alone. Results that land after the purge are not stored ({@link ObjectStore#setResult});
 * the purge runs again after {@link #REPURGE_SECONDS} for anything written meanwhile.
 */
public final class DriverWatch implements ClientListener, MembershipListener {
    private static final Logger LOG = LoggerFactory.getLogger(DriverWatch.class);
    /** How long a client may be without a connection to this member before its drivers are checked. */
    static final int GRACE_SECONDS = 3;
    static final int[] REPURGE_SECONDS = {10, 60};

    private final HazelcastInstance hz;
    private final GridServices grid;
    private final List<Consumer<String>> hooks;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hazelray-driver-watch");
        t.setDaemon(true);
        return t;
    });

    private DriverWatch(HazelcastInstance hz, GridServices grid, List<Consumer<String>> hooks) {
        this.hz = hz;
        this.grid = grid;
        this.hooks = hooks;
    }

    /** Installs the watch on member {@code hz}; {@code hooks} run for each dead owner before its objects go. */
    public static void install(HazelcastInstance hz, GridServices grid, List<Consumer<String>> hooks) {
        DriverWatch watch = new DriverWatch(hz, grid, hooks);
        hz.getClientService().addClientListener(watch);
        hz.getCluster().addMembershipListener(watch);
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                watch.scheduler.shutdownNow();
            }
        });
    }

    @Override
    public void clientConnected(Client client) {
        // nothing to do: drivers register themselves
    }

    @Override
    public void clientDisconnected(Client client) {
        UUID uuid = client.getUuid();
        String where = client.getSocketAddress() == null ? "?" : client.getSocketAddress().toString();
        schedule(() -> checkClient(uuid, where), GRACE_SECONDS);
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        // nothing to do
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        if (!hz.getCluster().getMembers().iterator().next().localMember()) {
            return; // the oldest member purges for a member that left
        }
        UUID uuid = event.getMember().getUuid();
        String why = "member " + GridServices.address(event.getMember()) + ", where it ran, left the cluster at " + Instant.now();
        schedule(() -> {
            for (String owner : grid.store().drivers().ownersIn(uuid)) {
                purge(owner, why);
            }
        }, 0);
    }

    private void checkClient(UUID uuid, String where) {
        Set<String> owners = grid.store().drivers().ownersIn(uuid);
        if (owners.isEmpty() || connectedAnywhere(uuid)) {
            return;
        }
        String why = "its client " + where + " lost every connection to the cluster; noticed at " + Instant.now();
        for (String owner : owners) {
            purge(owner, why);
        }
    }

    private boolean connectedAnywhere(UUID uuid) {
        try {
            for (Future<Boolean> answer : hz.getExecutorService(Tasks.WATCH_EXECUTOR)
                    .submitToAllMembers(new ClientConnectedHere(uuid)).values()) {
                if (Boolean.TRUE.equals(answer.get(10, TimeUnit.SECONDS))) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception e) {
            // a member that did not answer (it may be leaving): do not purge on a guess; check again
            LOG.debug("could not ask every member about client {}: {}", uuid, e.toString());
            schedule(() -> checkClient(uuid, "?"), GRACE_SECONDS);
            return true;
        }
    }

    private void purge(String owner, String why) {
        LOG.info("driver {} died ({}): releasing its objects and actors", owner, why);
        grid.store().drivers().recordDeath(owner, why);
        for (Consumer<String> hook : hooks) {
            try {
                hook.accept(owner);
            } catch (RuntimeException e) {
                LOG.warn("releasing what dead driver {} owned failed", owner, e);
            }
        }
        grid.store().deleteOwnedBy(owner);
        for (int seconds : REPURGE_SECONDS) {
            schedule(() -> grid.store().deleteOwnedBy(owner), seconds);
        }
    }

    private void schedule(Runnable work, int seconds) {
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (HazelcastInstanceNotActiveException gone) {
                LOG.debug("member shutting down: driver watch stops");
            } catch (RuntimeException e) {
                LOG.warn("driver watch failed", e);
            }
        };
        try {
            scheduler.schedule(guarded, seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException shutDown) {
            LOG.debug("driver watch stopped");
        }
    }

    /** Asked of every member: is this client connected here? */
    static final class ClientConnectedHere extends MemberCall<Boolean> {
        private static final long serialVersionUID = 1L;
        private final UUID client;

        ClientConnectedHere(UUID client) {
            this.client = client;
        }

        @Override
        protected Boolean answer(HazelcastInstance member) {
            return member.getClientService().getConnectedClients().stream().anyMatch(c -> c.getUuid().equals(client));
        }
    }
}
