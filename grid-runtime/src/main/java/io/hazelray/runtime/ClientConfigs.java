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
        // The same allowlist as members': what a member (or whoever poses as one) sends a driver is
        // deserialized only if its classes are allowed.
        if (config.getSerializationConfig().getJavaSerializationFilterConfig() == null) {
            config.getSerializationConfig().setJavaSerializationFilterConfig(
                    SerializationFilter.config(properties));
        }
        return config;
    }
}
