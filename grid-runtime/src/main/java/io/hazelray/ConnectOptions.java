package io.hazelray;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link Hazelray#connect(ConnectOptions)} reaches a running cluster as a client driver, as
 * Ray's {@code ray.init(address=...)}: the driver stores no data and runs no tasks.
 *
 * <pre>{@code
 * Hazelray ray = Hazelray.connect(ConnectOptions.builder().addresses("10.0.0.5:5701").clusterName("prod").build());
 * }</pre>
 *
 * @param addresses      {@code host:port} of one or more members (the client finds the others)
 * @param clusterName    the cluster's name; {@code null}: not set ({@code -Dhazelray.cluster-name}, the client
 *                       YAML, else {@code hazelray})
 * @param connectTimeout how long to try before giving up with an error that names the addresses
 * @param code           jars or class folders to send to the members besides the driver's own classes
 *                       (libraries they use that the members do not have); the members must allow code upload
 */
public record ConnectOptions(List<String> addresses, String clusterName, Duration connectTimeout, List<Path> code) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public ConnectOptions {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("addresses: give at least one member's host:port");
        }
        addresses.forEach(a -> HazelrayOptions.checkAddress(a, "address"));
        if (clusterName != null && clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
        }
        code = List.copyOf(code);
    }

    /** The options for {@code "host:port[,host:port...]"}. */
    public static ConnectOptions of(String addresses) {
        return builder().addresses(addresses).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private List<String> addresses = List.of();
        private String clusterName;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private List<Path> code = List.of();

        private Builder() {
        }

        /** One or more {@code host:port}, comma-separated. */
        public Builder addresses(String addresses) {
            this.addresses = Arrays.stream(addresses.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            return this;
        }

        public Builder addresses(List<String> addresses) {
            this.addresses = addresses;
            return this;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder code(List<Path> code) {
            this.code = code;
            return this;
        }

        public ConnectOptions build() {
            return new ConnectOptions(addresses, clusterName, connectTimeout, code);
        }
    }
}
