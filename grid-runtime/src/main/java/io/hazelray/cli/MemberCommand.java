package io.hazelray.cli;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.hazelray.HazelrayOptions;
import io.hazelray.dashboard.Dashboard;
import io.hazelray.dashboard.DashboardOptions;
import io.hazelray.dashboard.LogTail;
import io.hazelray.runtime.Members;
import io.hazelray.tasks.Resources;
import io.hazelray.tasks.Tasks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./hazelray member}: a standalone member in the foreground, as Ray's {@code ray start}.
 * It prints its address and the commands that join it and connect a driver to it, then a line per
 * membership change; Ctrl-C or SIGTERM stops it gracefully (its partitions move to the other
 * members first, so nothing that has a backup is lost).
 */
@Command(name = "member", mixinStandardHelpOptions = true,
        description = {"Run a Hazelray member in the foreground; it joins the members given with --join.",
                "Ctrl-C or SIGTERM stops it gracefully: its objects and actors move to the other members first."})
public final class MemberCommand implements HazelrayCommand, Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--join", split = ",", paramLabel = "HOST:PORT",
            description = "Members of the cluster to join (default: start a new cluster).")
    List<String> join;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (default: 5701 or the next free one).")
    Integer port;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots (default: the machine's cores).")
    Integer cpus;

    @Option(names = "--resources", paramLabel = "NAME=AMOUNT,...",
            description = "Custom resources this member offers, e.g. GPU=1,ssd=2 (tasks and actors ask with withResources).")
    String resources;

    @Option(names = "--object-store-memory", paramLabel = "SIZE",
            description = "Bytes this member's object store may hold, primary copies and backups (512m, 2g;"
                    + " default: 40%% of the heap). A put or result past it fails with ObjectStoreFullException.")
    String objectStoreMemory;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "The cluster's name (default: hazelray).")
    String clusterName;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A member YAML file to start from (default: $HAZELRAY_CONFIG, else config/hazelray-member.yaml).")
    Path config;

    @Option(names = "--classpath", paramLabel = "PATHS", split = "${sys:path.separator}",
            description = "Jars or class folders with code installed on this member.")
    List<Path> classpath;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (default: 127.0.0.1). Anything else exposes the member:"
                    + " Hazelcast OSS has no authentication.")
    String bind;

    @Option(names = "--dashboard",
            description = "Serve the cluster's dashboard from this member (http://127.0.0.1:8265, or --dashboard-port).")
    boolean dashboard;

    @Option(names = "--dashboard-port", paramLabel = "N", description = "The dashboard's port (default: 8265; 0: any free one).")
    Integer dashboardPort;

    @Option(names = "--allow-code-upload",
            description = "Run the classes drivers send (job code that travels). Off by default: it runs whatever a driver sends.")
    boolean allowCodeUpload;

    @Override
    public Integer call() throws InterruptedException {
        HazelrayOptions options = options();
        PrintStream out = System.out;
        if (dashboard) {
            LogTail.install(); // the dashboard's log view shows this member's lines from its start
        }
        HazelcastInstance hz = Members.start(options);
        Dashboard board = dashboard ? Dashboard.start(hz, dashboardPort == null ? DashboardOptions.defaults()
                : DashboardOptions.onPort(dashboardPort)) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        String address = Members.addressOf(hz);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping member " + address + ": handing its partitions to the other members...");
            out.flush();
            if (board != null) {
                board.close();
            }
            Members.stop(hz);
            out.println("member " + address + " stopped");
            out.flush();
        }, "hazelray-member-stop"));
        String cluster = hz.getConfig().getClusterName();
        String name = cluster.equals(HazelrayOptions.DEFAULT_CLUSTER_NAME) ? "" : " --cluster-name " + cluster;
        int size = hz.getCluster().getMembers().size();
        Map<String, Double> offered = Tasks.metrics(hz).resources();
        out.println("Hazelray member " + address + " started in cluster '" + cluster + "' with "
                + Tasks.metrics(hz).cpuSlots() + " CPU slots" + (offered.isEmpty() ? "" : " and " + Resources.format(offered))
                + " (cluster of " + size + ")");
        // the same code upload setting: a member without it refuses the job code of the calls placed on it
        out.println("  join it:            ./hazelray member --join " + address + name + (allowCodeUpload ? " --allow-code-upload" : ""));
        out.println("  connect a driver:   ./hazelray gsod --address " + address + name
                + "    (in Java: Hazelray.connect(\"" + address + "\"))");
        out.println("  code upload:        " + (allowCodeUpload ? "allowed (runs the classes drivers send)"
                : "off (start with --allow-code-upload to run classes drivers send)"));
        if (exposed(hz)) {
            out.println("  warning: listening on " + address + ": whoever reaches this address can join the cluster and"
                    + " run code in it (Hazelcast OSS has no authentication or TLS); keep it on a trusted network");
        }
        out.println("  stop it:            Ctrl-C");
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                out.println("member joined: " + event.getMember().getAddress().getHost() + ":"
                        + event.getMember().getAddress().getPort() + " (cluster of " + event.getMembers().size() + ")");
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                out.println("member left: " + event.getMember().getAddress().getHost() + ":"
                        + event.getMember().getAddress().getPort() + " (cluster of " + event.getMembers().size() + ")");
            }
        });
        stopped.await();
        return 0;
    }

    private HazelrayOptions options() {
        HazelrayOptions.Builder b = HazelrayOptions.builder();
        try {
            if (cpus != null) {
                b.cpus(cpus);
            }
            if (port != null) {
                if (port < 1 || port > 65_535) {
                    throw new IllegalArgumentException("must be from 1 to 65535, was " + port);
                }
                b.port(port);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), (cpus != null && cpus < 1 ? "--cpus: " : "--port: ")
                    + e.getMessage());
        }
        if (resources != null) {
            try {
                b.resources(Resources.parse(resources, "--resources"));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (objectStoreMemory != null) {
            try {
                b.objectStoreMemory(HazelrayOptions.parseSize(objectStoreMemory, "--object-store-memory"));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (join != null) {
            for (String member : join) {
                try {
                    HazelrayOptions.checkAddress(member, "--join");
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            b.members(join);
        }
        if (bind != null) {
            try {
                InetAddress.getByName(bind);
            } catch (UnknownHostException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--bind: '" + bind + "' is not an address of this machine");
            }
            b.bindAddress(bind);
        }
        if (config != null) {
            b.configFile(config);
        }
        if (classpath != null) {
            for (Path p : classpath) {
                if (!p.toFile().exists()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--classpath: " + p + " does not exist");
                }
            }
            b.classpath(classpath);
        }
        return b.clusterName(clusterName).allowCodeUpload(allowCodeUpload).build();
    }

    private static boolean exposed(HazelcastInstance hz) {
        try {
            return !InetAddress.getByName(hz.getCluster().getLocalMember().getAddress().getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
