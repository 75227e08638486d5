package io.hazelray.tasks;

import java.util.concurrent.TimeUnit;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Real Hazelcast members on loopback for tests: a cluster of its own per test (a unique cluster
 * name and free ports), torn down after each test whether it passed or not.
 */
public abstract class ClusterTestSupport {
    private final String clusterName = "hazelray-test-" + UUID.randomUUID();
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Integer firstPort;

    /** Starts a member with {@code cpus} CPU slots that joins this test's cluster. */
    protected HazelcastInstance startMember(int cpus) {
        return startMember(cpus, config -> { });
    }

    protected HazelcastInstance startMember(int cpus, Consumer<Config> customizer) {
        int port = freePort();
        Config config = loopbackConfig(clusterName, port, firstPort == null ? port : firstPort);
        Tasks.configure(config, cpus);
        customizer.accept(config);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
        if (firstPort == null) {
            firstPort = port;
        }
        members.add(hz);
        return hz;
    }

    /** Starts {@code n} members and waits until they all see each other. */
    protected List<HazelcastInstance> startCluster(int n, int cpus) {
        return startCluster(n, cpus, config -> { });
    }

    /** Starts {@code n} members configured by {@code customizer} and waits until the cluster is formed and safe. */
    protected List<HazelcastInstance> startCluster(int n, int cpus, Consumer<Config> customizer) {
        List<HazelcastInstance> started = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            started.add(startMember(cpus, customizer));
        }
        awaitCluster(members().size());
        return started;
    }

    /**
     * Waits until every running member of this test sees {@code size} members and all partitions
     * have their owners and backups (what a test that kills a member next must wait for).
     */
    protected void awaitCluster(int size) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (HazelcastInstance hz : members()) {
            while (hz.getLifecycleService().isRunning()
                    && (hz.getCluster().getMembers().size() != size || !hz.getPartitionService().isClusterSafe())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the cluster did not form within 30 s: " + hz.getName() + " sees "
                            + hz.getCluster().getMembers());
                }
                sleep(20);
            }
        }
    }

    /** Closes {@code c} after the test, before the members stop. */
    protected <T extends AutoCloseable> T closeAfterTest(T c) {
        closeables.add(c);
        return c;
    }

    protected List<HazelcastInstance> members() {
        return members;
    }

    protected String clusterName() {
        return clusterName;
    }

    @AfterEach
    void shutDownCluster() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // the member may be gone already
            }
        }
        closeables.clear();
        for (HazelcastInstance hz : members) {
            try {
                hz.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already shut down by the test
            }
        }
        members.clear();
    }

    /** A member config for loopback only: no multicast, no auto-detection, TCP/IP join to {@code joinPort}. */
    public static Config loopbackConfig(String clusterName, int port, int joinPort) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.logging.type", "slf4j");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + joinPort);
        return config;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
