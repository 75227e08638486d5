package io.hazelray.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hazelray.Hazelray;
import io.hazelray.runtime.status.ClusterStatus;
import io.hazelray.runtime.status.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code ./hazelray status}: the cluster now, as {@code ray status}: members (address, uptime,
 * CPU slots busy/total, CPU load, heap), the object store and actors per member, tasks by state,
 * Jet jobs. Connects as a client to {@code --address} (default {@value #DEFAULT_ADDRESS}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the cluster: members, CPU slots, heap, objects, actors, tasks and Jet jobs.")
public final class StatusCommand implements HazelrayCommand, Callable<Integer> {
    static final String DEFAULT_ADDRESS = "127.0.0.1:5701";

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--json", description = "Print the status as JSON (for scripts).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        String address = cluster.connects() ? cluster.address() : DEFAULT_ADDRESS;
        ClusterStatus status;
        try (Hazelray ray = Hazelray.connect(cluster.connectOptions(address))) {
            status = ray.status();
        }
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(status));
        } else {
            System.out.print(StatusReport.text(status));
        }
        return 0;
    }
}
