package io.hazelray;

import io.hazelray.dashboard.DashboardOptions;

import java.util.List;
import java.util.Objects;

/**
 * How {@link Hazelray#init(HazelrayOptions)} starts the embedded member, like the keyword
 * arguments of Ray's {@code ray.init(num_cpus=2)}.
 *
 * <pre>{@code
 * Hazelray ray = Hazelray.init(HazelrayOptions.builder().cpus(2).clusterName("gsod").build());
 * }</pre>
 *
 * @param cpus        CPU slots of this member: how many 1-cpu tasks and actor calls run at once
 * @param clusterName members join only a cluster of the same name
 * @param port        the port to listen on; {@code 0} means 5701 or the next free one
 * @param members     {@code host:port} of members to join; empty starts a cluster of one
 * @param dashboard   the dashboard this member serves: on at 127.0.0.1:8265 unless switched off
 *                    ({@link DashboardOptions#defaults()})
 */
public record HazelrayOptions(int cpus, String clusterName, int port, List<String> members, DashboardOptions dashboard) {
    public static final String DEFAULT_CLUSTER_NAME = "hazelray";

    public HazelrayOptions {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
        }
        Objects.requireNonNull(clusterName, "clusterName");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        members = List.copyOf(members);
        Objects.requireNonNull(dashboard, "dashboard");
        for (String member : members) {
            if (!member.matches("[^:\\s]+:\\d{1,5}")) {
                throw new IllegalArgumentException("member must be host:port (one port, not a range), was '" + member + "'");
            }
        }
    }

    /** One CPU slot per available processor, cluster {@code hazelray}, port 5701 or the next free, no members to join. */
    public static HazelrayOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int cpus = Runtime.getRuntime().availableProcessors();
        private String clusterName = DEFAULT_CLUSTER_NAME;
        private int port;
        private List<String> members = List.of();
        private DashboardOptions dashboard;

        private Builder() {
        }

        /** Starts from the values of {@code options}. */
        public Builder from(HazelrayOptions options) {
            this.cpus = options.cpus();
            this.clusterName = options.clusterName();
            this.port = options.port();
            this.members = options.members();
            this.dashboard = options.dashboard();
            return this;
        }

        public Builder cpus(int cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder members(List<String> members) {
            this.members = members;
            return this;
        }

        public Builder members(String... members) {
            return members(List.of(members));
        }

        /** The dashboard's switch, address and port; {@link DashboardOptions#off()} for none. */
        public Builder dashboard(DashboardOptions dashboard) {
            this.dashboard = dashboard;
            return this;
        }

        public HazelrayOptions build() {
            return new HazelrayOptions(cpus, clusterName, port, members,
                    dashboard != null ? dashboard : DashboardOptions.defaults());
        }
    }
}
