package io.hazelray.runtime;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code hazelray member} processes for tests: real JVMs with the launcher's flags and the main
 * classes of this build (never the tests' own classes: those are what a driver must ship), their
 * output collected, and all of them stopped by {@link #close()}: killed if they do not stop within
 * seconds, and also when the test JVM itself exits.
 */
public final class MemberProcesses implements AutoCloseable {
    private static final List<Process> EVERY = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> EVERY.forEach(Process::destroyForcibly)));
    }

    private final List<Member> members = new ArrayList<>();
    /** JVM flags added after the launcher's (a later {@code -Xmx} wins over the default one). */
    private final List<String> extraJvmFlags;

    public MemberProcesses(String... extraJvmFlags) {
        this.extraJvmFlags = List.of(extraJvmFlags);
    }

    /** One member process and what it printed. */
    public static final class Member {
        private final Process process;
        private final List<String> output = new CopyOnWriteArrayList<>();
        private final int port;
        private Thread reader;

        private Member(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        public Process process() {
            return process;
        }

        public String address() {
            return "127.0.0.1:" + port;
        }

        public int port() {
            return port;
        }

        /** Everything the member printed so far (stdout and stderr). */
        public List<String> output() {
            return List.copyOf(output);
        }

        /** Waits until the member printed a line that matches, or fails the test with its output. */
        public String awaitLine(Predicate<String> line, long seconds) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                for (String l : output) {
                    if (line.test(l)) {
                        return l;
                    }
                }
                if (!process.isAlive() && output.stream().noneMatch(line)) {
                    break;
                }
                sleep(20);
            }
            throw new AssertionError("member on port " + port + " did not print the expected line within " + seconds
                    + " s (alive: " + process.isAlive() + "); it printed:\n" + String.join("\n", output));
        }

        /**
         * Sends SIGTERM (a graceful stop) and waits for the process to end. Through {@code kill}:
         * {@code Process.destroy()} also closes the pipes, and the member's last lines would be lost.
         */
        public int stop() throws InterruptedException {
            signal("TERM");
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(5_000); // every line it printed is in output()
            return process.exitValue();
        }

        /** Sends a signal ({@code TERM}, {@code INT}, {@code STOP}, {@code CONT}...) with {@code kill}. */
        public void signal(String name) throws InterruptedException {
            try {
                new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until everything the ended process printed has been read. */
        public void awaitEnd() throws InterruptedException {
            process.waitFor();
            reader.join(5_000);
        }

        /** {@code kill -9}. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code hazelray member --port P ARGS...} and waits until it says it started. */
    public Member start(String... args) {
        Member member = launch(args);
        member.awaitLine(l -> l.startsWith("Hazelray member "), 90);
        return member;
    }

    /**
     * Starts {@code n} members with {@code args}: the first, then the others together, each joining
     * the first; returns once the first sees all of them, in the order started.
     */
    public List<Member> startJoined(int n, String... args) {
        Member first = start(args);
        List<Member> all = new ArrayList<>(List.of(first));
        for (int i = 1; i < n; i++) {
            List<String> joining = new ArrayList<>(List.of(args));
            joining.addAll(List.of("--join", first.address()));
            all.add(launch(joining.toArray(String[]::new)));
        }
        all.forEach(m -> m.awaitLine(l -> l.startsWith("Hazelray member "), 90));
        if (n > 1) {
            first.awaitLine(l -> l.contains("(cluster of " + n + ")"), 60);
        }
        return List.copyOf(all);
    }

    /** Starts {@code hazelray member --port P ARGS...} without waiting (for members expected to fail). */
    public Member launch(String... args) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.add("-Xmx512m");
        command.addAll(extraJvmFlags);
        command.add("-cp");
        command.add(memberClasspath());
        command.add("io.hazelray.cli.HazelrayCli");
        command.add("member");
        if (Arrays.stream(args).noneMatch(a -> a.equals("--port"))) {
            command.add("--port");
            command.add(Integer.toString(port));
        } else {
            port = Integer.parseInt(args[Arrays.asList(args).indexOf("--port") + 1]);
        }
        command.addAll(List.of(args));
        return spawn(command, port);
    }

    /**
     * Starts {@code java MAIN ARGS...} with the launcher's flags and this test JVM's whole class
     * path (tests' classes included): a driver process whose job code only it has. Stopped, and
     * killed if need be, by {@link #close()} like the members.
     */
    public Member launchJava(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return spawn(command, 0);
    }

    private Member spawn(List<String> command, int port) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            EVERY.add(process);
            Member member = new Member(process, port);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        member.output.add(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "member-output-" + port + "-" + process.pid());
            reader.setDaemon(true);
            reader.start();
            member.reader = reader;
            members.add(member);
            return member;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every member this started (SIGTERM, then SIGKILL after 20 s) and checks none is left. */
    @Override
    public void close() {
        for (Member m : members) {
            m.process.destroy();
        }
        for (Member m : members) {
            try {
                if (!m.process.waitFor(20, TimeUnit.SECONDS)) {
                    m.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                m.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            EVERY.remove(m.process);
        }
        List<Member> alive = members.stream().filter(m -> m.process.isAlive()).toList();
        members.clear();
        if (!alive.isEmpty()) {
            throw new IllegalStateException("member processes still alive after close: " + alive.size());
        }
    }

    /** The flags of every Hazelray JVM (config/jvm.properties), as the launcher gives them. */
    public static List<String> jvmFlags() {
        Path file = Path.of(System.getProperty("hazelray.root", "."), "config", "jvm.properties");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Arrays.stream(p.getProperty("hazelray.jvm.flags").trim().split("\\s+")).toList();
    }

    /** This test JVM's class path without any tests' classes: what an installed member has. */
    static String memberClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes") && !e.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
