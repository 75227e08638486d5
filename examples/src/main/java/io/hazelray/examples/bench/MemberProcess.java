package io.hazelray.examples.bench;

import com.hazelcast.core.HazelcastInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A second member for {@code bench ... --members 2}: {@code hazelray member} in a JVM of its own,
 * started as the launcher starts one (this JVM's flags and class path, the same main class), joined
 * to the benchmark's embedded member. {@link #close()} stops it gracefully (SIGTERM) and kills it
 * if it has not stopped within 30 s; it is also killed if this JVM exits first.
 */
final class MemberProcess implements AutoCloseable {
    private final Process process;
    private final Thread killer;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private MemberProcess(Process process) {
        this.process = process;
        this.killer = new Thread(process::destroyForcibly, "bench-member-kill");
        Runtime.getRuntime().addShutdownHook(killer);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException ended) {
                // the process ended
            }
        }, "bench-member-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code hazelray member --join JOIN --cluster-name NAME --cpus CPUS} and waits until
     * {@code embedded} sees it in the cluster.
     */
    static MemberProcess join(HazelcastInstance embedded, String clusterName, int cpus) throws InterruptedException, IOException {
        var address = embedded.getCluster().getLocalMember().getAddress();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agent") && !arg.startsWith("-javaagent") && !arg.contains("FlightRecord")) {
                command.add(arg);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.hazelray.cli.HazelrayCli", "member",
                "--join", address.getHost() + ":" + address.getPort(), "--cluster-name", clusterName, "--cpus", Integer.toString(cpus)));
        MemberProcess member = new MemberProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (embedded.getCluster().getMembers().size() < 2) {
            if (!member.process.isAlive() || System.nanoTime() > deadline) {
                member.close();
                throw new IllegalStateException("the second member did not join within 120 s; it printed:\n"
                        + String.join("\n", member.output));
            }
            Thread.sleep(50);
        }
        return member;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the member's graceful stop
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }
}
