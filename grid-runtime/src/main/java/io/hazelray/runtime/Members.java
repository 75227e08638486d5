package io.hazelray.runtime;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.ConnectOptions;
import io.hazelray.HazelrayOptions;
import io.hazelray.actors.Actors;
import io.hazelray.core.HazelrayException;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The lifecycle of Hazelray members: start one configured as every Hazelray member is
 * ({@link MemberConfigs}), start several that form one cluster, wait for a cluster to form, and
 * stop a member gracefully. The one place that does it: the facade, the CLI, the benchmarks and
 * the tests above the tasks and actors modules all start their members here.
 */
public final class Members {
    /** How long {@link #startCluster} waits for the members to see each other by default. */
    public static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(60);

    private Members() {
    }

    /**
     * Starts a member in this JVM.
     *
     * @throws HazelrayException naming the cluster and the port if the member cannot start
     */
    public static HazelcastInstance start(HazelrayOptions options) {
        return start(options, config -> { });
    }

    /**
     * Starts a member in this JVM, with {@code customizer} applied to its configuration last (maps
     * or serializers of a benchmark or a test).
     *
     * @throws HazelrayException naming the cluster and the port if the member cannot start
     */
    public static HazelcastInstance start(HazelrayOptions options, Consumer<Config> customizer) {
        Objects.requireNonNull(options, "options");
        Config config = MemberConfigs.memberConfig(options);
        customizer.accept(config);
        HazelcastInstance hz;
        int port = config.getNetworkConfig().getPort();
        boolean fixedPort = !config.getNetworkConfig().isPortAutoIncrement();
        try {
            hz = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (fixedPort && why.contains("already in use")) {
                throw new HazelrayException("port " + port + " is taken (another member or program listens there): pick"
                        + " another with --port, or leave --port out to take the next free one from 5701", e);
            }
            throw new HazelrayException("could not start a member (cluster '" + config.getClusterName() + "', port "
                    + (fixedPort ? port : port + " or the next free one") + "): " + why, e);
        }
        List<String> join = config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers();
        if (!options.members().isEmpty() && hz.getCluster().getMembers().size() == 1
                && join.stream().anyMatch(m -> !m.equals(addressOf(hz)))) {
            hz.getLifecycleService().terminate();
            throw new HazelrayException("could not join " + String.join(",", options.members()) + ": no member of cluster '"
                    + config.getClusterName() + "' answered there (is a member running at that address, with that"
                    + " --cluster-name?)");
        }
        Actors.watchDrivers(hz); // a crashed driver's objects and actors are released, its refs' readers told
        return hz;
    }

    /**
     * Starts a client of a running cluster (a driver that stores no data and runs no tasks).
     *
     * @throws HazelrayException naming the addresses and the cluster if none of them answers in time
     */
    public static HazelcastInstance startClient(ConnectOptions options) {
        ClientConfig config = ClientConfigs.clientConfig(options);
        try {
            return HazelcastClient.newHazelcastClient(config);
        } catch (RuntimeException e) {
            throw new HazelrayException("could not connect to " + String.join(",", options.addresses()) + " within "
                    + options.connectTimeout().toSeconds() + " s: no member of cluster '" + config.getClusterName()
                    + "' answered there (start one with ./hazelray member, or check --address and --cluster-name)", e);
        }
    }

    /**
     * Starts {@code n} members in this JVM that form one cluster (the first takes the options'
     * port, or the first free one from 5701; the others join it) and waits until every member
     * sees all of them and every partition has its owner and backups. If one cannot start or the
     * cluster does not form in time, the members already started are stopped.
     */
    public static List<HazelcastInstance> startCluster(int n, HazelrayOptions options, Consumer<Config> customizer) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        List<HazelcastInstance> started = new ArrayList<>();
        try {
            HazelrayOptions joining = options;
            for (int i = 0; i < n; i++) {
                HazelcastInstance hz = start(i == 0 ? options : joining, customizer);
                started.add(hz);
                if (i == 0) {
                    joining = HazelrayOptions.builder().from(options).port(0).members(addressOf(hz)).build();
                }
            }
            awaitCluster(started, n, FORMATION_TIMEOUT);
            return started;
        } catch (RuntimeException e) {
            started.forEach(hz -> hz.getLifecycleService().terminate());
            throw e;
        }
    }

    /**
     * Waits until each running member of {@code members} sees {@code size} members and the
     * cluster is safe (every partition has its owner and backups).
     *
     * @throws HazelrayException if that does not happen within {@code timeout}, naming what a member sees
     */
    public static void awaitCluster(Collection<HazelcastInstance> members, int size, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (HazelcastInstance hz : members) {
            while (hz.getLifecycleService().isRunning()
                    && (hz.getCluster().getMembers().size() != size || !hz.getPartitionService().isClusterSafe())) {
                if (System.nanoTime() - deadline > 0) {
                    throw new HazelrayException("the cluster did not form within " + timeout.toSeconds() + " s: member "
                            + addressOf(hz) + " sees " + hz.getCluster().getMembers().size() + " of " + size + " members");
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new HazelrayException("interrupted while waiting for the cluster to form", e);
                }
            }
        }
    }

    /**
     * Stops a member gracefully: its partitions (objects, actors) migrate to the other members
     * first, so nothing with a backup is lost. Does nothing if it is stopped already.
     */
    public static void stop(HazelcastInstance member) {
        if (member.getLifecycleService().isRunning()) {
            member.shutdown();
        }
    }

    /**
     * When {@code member} started, epoch milliseconds (what {@link MemberConfigs} recorded in its
     * user context; for a member configured otherwise, when its JVM started).
     */
    public static long startedAt(HazelcastInstance member) {
        Object startedAt = member.getUserContext().get(MemberConfigs.STARTED_AT);
        return startedAt instanceof Long at ? at : ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** {@code host:port} of a member, as the join list and messages name it. */
    public static String addressOf(HazelcastInstance member) {
        var address = member.getCluster().getLocalMember().getAddress();
        return address.getHost() + ":" + address.getPort();
    }
}
