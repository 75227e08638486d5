package io.hazelray.cli;

import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.dashboard.DashboardOptions;
import picocli.CommandLine.Option;

import java.util.function.Supplier;

/**
 * {@code --address} and {@code --cluster-name}, for every command that talks to a cluster: with
 * {@code --address} the command connects to running members as a client driver; without it, it
 * embeds a member of its own.
 */
public final class ClusterOptions {
    @Option(names = "--address", paramLabel = "HOST:PORT[,...]",
            description = "Members of a running cluster to connect to as a client driver (default: embed a member).")
    String address;

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "The cluster's name (default: hazelray).")
    String clusterName;

    @Option(names = "--dashboard",
            description = "Serve the dashboard of the embedded member (http://127.0.0.1:8265) while the command runs.")
    boolean dashboard;

    /** Whether the command connects to a running cluster. */
    public boolean connects() {
        return address != null;
    }

    /** The address given, or {@code null}. */
    public String address() {
        return address;
    }

    /**
     * The runtime the command runs on: a client driver of the cluster at {@code --address}, or a
     * member embedded with {@code embedded} (and {@code --cluster-name}).
     *
     * @throws IllegalArgumentException if {@code --address} is not host:port[,...]
     */
    public Hazelray open(Supplier<HazelrayOptions.Builder> embedded) {
        if (address != null) {
            return Hazelray.connect(connectOptions(address));
        }
        HazelrayOptions.Builder options = embedded.get();
        // A one-shot command serves no dashboard unless asked: the job is over before anyone looks
        // (a cluster's members serve one: ./hazelray member --dashboard).
        options.dashboard(dashboard ? DashboardOptions.defaults() : DashboardOptions.off());
        if (clusterName != null) {
            options.clusterName(clusterName);
        }
        return Hazelray.init(options.build());
    }

    /** The client options for {@code addresses} and this command's {@code --cluster-name}. */
    public ConnectOptions connectOptions(String addresses) {
        try {
            return ConnectOptions.builder().addresses(addresses).clusterName(clusterName).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--address: " + e.getMessage(), e);
        }
    }
}
