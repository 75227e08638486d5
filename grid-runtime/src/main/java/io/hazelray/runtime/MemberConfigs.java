package io.hazelray.runtime;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import io.hazelray.HazelrayOptions;
import io.hazelray.actors.Actors;
import io.hazelray.runtime.status.ClusterStatuses;
import io.hazelray.tasks.Tasks;

/**
 * Builds a member's Hazelcast configuration: {@code config/hazelray-member.yaml} (shipped in this
 * jar), then the options, then what tasks and actors need. The one place that does, so the
 * embedded member and standalone members are configured alike.
 */
public final class MemberConfigs {
    /** Where config/hazelray-member.yaml is inside the jar. */
    public static final String MEMBER_YAML = "io/hazelray/runtime/config/hazelray-member.yaml";

    /** The member's user-context key of its start time (epoch milliseconds), for the status. */
    static final String STARTED_AT = "hazelray.startedAt";
    private static final String LOGGING_TYPE = "hazelcast.logging.type";

    private MemberConfigs() {
    }

    public static Config memberConfig(HazelrayOptions options) {
        // Hazelcast logs through JUL until it reads its config, which says slf4j: say it first, so
        // the one SLF4J binding (quiet by default) gets every line, the config loader's included.
        if (System.getProperty(LOGGING_TYPE) == null) {
            System.setProperty(LOGGING_TYPE, "slf4j");
        }
        Config config = new ClasspathYamlConfig(MEMBER_YAML);
        config.setClusterName(options.clusterName());
        config.setInstanceName("hazelray-" + options.clusterName() + "-" + Integer.toHexString(System.identityHashCode(config)));
        NetworkConfig network = config.getNetworkConfig();
        if (options.port() != 0) {
            network.setPort(options.port()).setPortAutoIncrement(false);
        }
        TcpIpConfig tcpIp = network.getJoin().getTcpIpConfig();
        tcpIp.setMembers(options.members());
        Tasks.configure(config, options.cpus());
        // Status probes get a small pool of their own, so a cluster busy with tasks still answers.
        config.addExecutorConfig(new ExecutorConfig(ClusterStatuses.EXECUTOR).setPoolSize(2));
        config.getUserContext().put(STARTED_AT, System.currentTimeMillis());
        Actors.configure(config, options.cpus());
        return config;
    }
}
