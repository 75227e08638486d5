package io.hazelray.runtime;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.HazelrayOptions;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Hazelray members for the tests of the modules above tasks and actors, started through
 * {@link Members} as the facade and the CLI start them: a cluster of its own per test (a unique
 * name), terminated after each test whether it passed or not.
 */
public abstract class GridTestSupport {
    private final String clusterName = "hazelray-test-" + UUID.randomUUID();
    private final List<HazelcastInstance> members = new ArrayList<>();

    /** Starts {@code n} members with {@code cpus} CPU slots each and waits for the cluster to form. */
    protected List<HazelcastInstance> startCluster(int n, int cpus) {
        return startCluster(n, cpus, config -> { });
    }

    protected List<HazelcastInstance> startCluster(int n, int cpus, Consumer<Config> customizer) {
        HazelrayOptions options = HazelrayOptions.builder().cpus(cpus).clusterName(clusterName).build();
        List<HazelcastInstance> started = Members.startCluster(n, options, customizer);
        members.addAll(started);
        return new ArrayList<>(started);
    }

    /** Terminates {@code member} after the test too (a member the test started itself). */
    protected HazelcastInstance adopt(HazelcastInstance member) {
        members.add(member);
        return member;
    }

    protected String clusterName() {
        return clusterName;
    }

    @AfterEach
    void terminateMembers() {
        for (HazelcastInstance hz : members) {
            try {
                hz.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // stopped by the test already
            }
        }
        members.clear();
    }
}
