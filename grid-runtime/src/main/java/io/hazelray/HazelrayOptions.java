package io.hazelray;

import java.nio.file.Path;

import io.hazelray.dashboard.DashboardOptions;
import io.hazelray.tasks.Resources;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a Hazelray member starts: the member {@link Hazelray#init(HazelrayOptions)} embeds, or a
 * standalone one ({@code ./hazelray member}); like the keyword arguments of Ray's
 * {@code ray.init(num_cpus=2)} and {@code ray start}.
 *
 * <pre>{@code
 * Hazelray ray = Hazelray.init(HazelrayOptions.builder().cpus(2).clusterName("gsod").build());
 * }</pre>
 *
 * <p>Where a setting comes from, first match wins: the option set here (a command-line flag),
 * a system property ({@code -Dhazelray.cluster-name=...}, {@code hazelray.port},
 * {@code hazelray.cpus}, {@code hazelray.join}, {@code hazelray.bind}), the member YAML file
 * ({@link #configFile}, else the file named by the {@code HAZELRAY_CONFIG} environment variable),
 * and last the project's {@code config/hazelray-member.yaml}.
 *
 * @param cpus            CPU slots of this member (how many 1-cpu tasks and actor calls run at once);
 *                        {@code 0}: not set (one per available processor)
 * @param clusterName     members join only a cluster of the same name; {@code null}: not set ({@code hazelray})
 * @param port            the port to listen on; {@code 0}: not set (5701 or the next free one)
 * @param members         {@code host:port} of members to join; empty: not set (start a cluster of one)
 * @param bindAddress     the address to listen on; {@code null}: not set (loopback only). Anything else
 *                        exposes the member to whoever can reach that address (Hazelcast OSS has no
 *                        authentication)
 * @param configFile      a member YAML file to start from instead of the project's; {@code null}: not set
 * @param allowCodeUpload whether this member loads and runs classes that drivers send (job code that
 *                        travels); off by default, since it runs whatever a driver sends
 * @param classpath       jars or class folders with code installed on this member (user classes it may
 *                        run without upload)
 * @param dashboard       the dashboard this member serves: on at 127.0.0.1:8265 unless switched off
 *                        ({@link DashboardOptions#defaults()})
 * @param resources       custom resources this member offers, as Ray's {@code ray start --resources}, e.g.
 *                        {@code {"GPU": 1.0}}; empty: not set (none, or the system property {@code hazelray.resources},
 *                        {@code GPU=1,ssd=2})
 * @param objectStoreMemory bytes this member's object store may hold (primary copies and backups), as Ray's
 *                        {@code object_store_memory}; a {@code put} or result past it fails with
 *                        {@code ObjectStoreFullException}. {@code 0}: not set (40% of the heap; system
 *                        property {@code hazelray.object-store-memory})
 */
public record HazelrayOptions(int cpus, String clusterName, int port, List<String> members, String bindAddress,
                              Path configFile, boolean allowCodeUpload, List<Path> classpath,
                              DashboardOptions dashboard, Map<String, Double> resources, long objectStoreMemory) {
    public static final String DEFAULT_CLUSTER_NAME = "hazelray";

    public HazelrayOptions {
        if (cpus < 0) {
            throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
        }
        if (clusterName != null && clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        members = List.copyOf(members);
        Objects.requireNonNull(dashboard, "dashboard");
        for (String member : members) {
            checkAddress(member, "member");
        }
        if (bindAddress != null && bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        classpath = List.copyOf(classpath);
        resources = Resources.check(resources, "resources");
        if (objectStoreMemory < 0) {
            throw new IllegalArgumentException("objectStoreMemory must be at least 1 byte, was " + objectStoreMemory);
        }
    }

    /**
     * Reads a size as {@code -Xmx} does: bytes, or a number with {@code k}, {@code m}, {@code g} or
     * {@code t} (powers of 1024; {@code 512m}, {@code 2g}).
     *
     * @throws IllegalArgumentException naming {@code what} and the value
     */
    public static long parseSize(String value, String what) {
        Objects.requireNonNull(value, what);
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = Pattern.compile("(\\d+)([kmgt]?)b?").matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " must be a size such as 2147483648, 512m or 2g, was '" + value + "'");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n < 1 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be from 1 byte to 8 exabytes, was '" + value + "'");
        }
    }

    /**
     * Checks one {@code host:port}.
     *
     * @throws IllegalArgumentException naming {@code what} and the value
     */
    public static String checkAddress(String address, String what) {
        Objects.requireNonNull(address, what);
        if (!address.matches("[^:\\s,]+:\\d{1,5}") || Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)) > 65_535) {
            throw new IllegalArgumentException(what + " must be host:port (one port, not a range), was '" + address + "'");
        }
        return address;
    }

    /** Nothing set: one CPU slot per available processor, cluster {@code hazelray}, port 5701 or the next free. */
    public static HazelrayOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int cpus;
        private String clusterName;
        private int port;
        private List<String> members = List.of();
        private String bindAddress;
        private Path configFile;
        private boolean allowCodeUpload;
        private List<Path> classpath = List.of();
        private DashboardOptions dashboard;
        private Map<String, Double> resources = Map.of();
        private long objectStoreMemory;

        private Builder() {
        }

        /** Starts from the values of {@code options}. */
        public Builder from(HazelrayOptions options) {
            this.cpus = options.cpus();
            this.clusterName = options.clusterName();
            this.port = options.port();
            this.members = options.members();
            this.bindAddress = options.bindAddress();
            this.configFile = options.configFile();
            this.allowCodeUpload = options.allowCodeUpload();
            this.classpath = options.classpath();
            this.dashboard = options.dashboard();
            this.resources = options.resources();
            this.objectStoreMemory = options.objectStoreMemory();
            return this;
        }

        public Builder cpus(int cpus) {
            if (cpus < 1) {
                throw new IllegalArgumentException("cpus must be at least 1, was " + cpus);
            }
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

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder configFile(Path configFile) {
            this.configFile = configFile;
            return this;
        }

        public Builder allowCodeUpload(boolean allow) {
            this.allowCodeUpload = allow;
            return this;
        }

        public Builder classpath(List<Path> classpath) {
            this.classpath = classpath;
            return this;
        }

        /** The dashboard's switch, address and port; {@link DashboardOptions#off()} for none. */
        public Builder dashboard(DashboardOptions dashboard) {
            this.dashboard = dashboard;
            return this;
        }

        /**
         * Custom resources this member offers (as Ray's {@code ray start --resources '{"GPU": 1}'}): tasks and
         * actors that ask for them ({@code withResources}) run only on members that offer them.
         *
         * @throws IllegalArgumentException naming a resource whose name or amount is invalid
         */
        public Builder resources(Map<String, Double> resources) {
            this.resources = Resources.check(resources, "resources");
            return this;
        }

        /** The object store's capacity on this member, in bytes (see {@link HazelrayOptions#objectStoreMemory}). */
        public Builder objectStoreMemory(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("objectStoreMemory must be at least 1 byte, was " + bytes);
            }
            this.objectStoreMemory = bytes;
            return this;
        }

        public HazelrayOptions build() {
            return new HazelrayOptions(cpus, clusterName, port, members, bindAddress, configFile, allowCodeUpload,
                    classpath, dashboard != null ? dashboard : DashboardOptions.defaults(), resources, objectStoreMemory);
        }
    }
}
