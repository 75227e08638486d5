package io.hazelray.runtime;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.HazelrayOptions;
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
        try {
            return Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw new HazelrayException("could not start a member (cluster '" + options.clusterName() + "', port "
                    + (options.port() == 0 ? "5701 or the next free one" : options.port()) + "): " + e.getMessage(), e);
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
