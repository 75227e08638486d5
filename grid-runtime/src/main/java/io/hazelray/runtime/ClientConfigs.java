package io.hazelray.runtime;

import com.hazelcast.client.config.ClientConfig;
import io.hazelray.tasks.spi.SerializationFilter;
import com.hazelcast.client.config.ClientClasspathYamlConfig;
import io.hazelray.ConnectOptions;

import java.util.Map;

/**
 * Builds a client driver's Hazelcast configuration: {@code config/hazelray-client.yaml} (shipped
 * in this jar), the cluster name from the options, else {@code -Dhazelray.cluster-name}, else the
 * file's; then the members' addresses and the connect timeout.
 */
public final class ClientConfigs {
    /** Where config/hazelray-client.yaml is inside the jar. */
    public static final String CLIENT_YAML = "io/hazelray/runtime/config/hazelray-client.yaml";

    private static final String CLIENT_BACKUP_TIMEOUT = "hazelcast.client.operation.backup.timeout.millis";
    private static final String CLIENT_HEARTBEAT_TIMEOUT = "hazelcast.client.heartbeat.timeout";

    private ClientConfigs() {
    }

    public static ClientConfig clientConfig(ConnectOptions options) {
        return clientConfig(options, System.getProperties());
    }

    static ClientConfig clientConfig(ConnectOptions options, Map<Object, Object> properties) {
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "slf4j"); // before the config loader logs
        }
        ClientConfig config = new ClientClasspathYamlConfig(CLIENT_YAML);
        Object property = properties.get("hazelray.cluster-name");
        if (options.clusterName() != null) {
            config.setClusterName(options.clusterName());
        } else if (property != null && !property.toString().isBlank()) {
            config.setClusterName(property.toString().trim());
        }
        config.setInstanceName("hazelray-driver-" + Integer.toHexString(System.identityHashCode(config)));
        config.getNetworkConfig().setAddresses(options.addresses());
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(options.connectTimeout().toMillis());
        // A smart client waits for the backups' acks itself (5 s by default, then it acknowledges
        // with one copy): as long as members do (Tasks.configure), so an acknowledged actor call or
        // put is on two members unless one of them was declared dead
        if (config.getProperty(CLIENT_BACKUP_TIMEOUT) == null && properties.get(CLIENT_BACKUP_TIMEOUT) == null) {
            config.setProperty(CLIENT_BACKUP_TIMEOUT, "30000");
        }
        // A connection to a member that went silent (paused, or its machine lost) is dropped after
        // the members' own heartbeat timeout (Tasks.configure, 20 s), not the client's default 60 s:
        // operations waiting on it (a close's purge, a call to that member) fail over as soon as the
        // cluster has removed the member
        if (config.getProperty(CLIENT_HEARTBEAT_TIMEOUT) == null && properties.get(CLIENT_HEARTBEAT_TIMEOUT) == null) {
            config.setProperty(CLIENT_HEARTBEAT_TIMEOUT, "20000");
        }
        // The same allowlist as members': what a member (or whoever poses as one) sends a driver is
        // deserialized only if its classes are allowed.
        if (config.getSerializationConfig().getJavaSerializationFilterConfig() == null) {
            config.getSerializationConfig().setJavaSerializationFilterConfig(
                    SerializationFilter.config(properties));
        }
        return config;
    }
}
