package io.hazelray.examples.cli;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.cli.HazelrayCli;
import io.hazelray.runtime.MemberProcesses;
import com.sun.net.httpserver.HttpServer;
import io.hazelray.datasets.gsod.GsodGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The launcher as a separate JVM with its own logging config (as {@code ./hazelray} runs it):
 * Ctrl-C (SIGINT) stops a command within a second, says {@code interrupted}, exits with 130 and
 * leaves no process and no temporary file; a data error is one line with nothing else.
 */
class GsodProcessTest {
    @TempDir
    Path dir;

    private Process process;
    private HttpServer server;

    @AfterEach
    void cleanUp() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** {@code java <the flags of every Hazelray JVM> -cp <this classpath> HazelrayCli args}, stderr to a file. */
    private Process start(String... args) throws IOException {
        return start(dir.resolve("stdout.txt"), args);
    }

    private Process start(Path stdout, String... args) throws IOException {
        process = new ProcessBuilder(javaCommand(args))
                .redirectOutput(stdout.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        return process;
    }

    /** The launcher's command line for {@code args}. */
    private static List<String> javaCommand(String... args) throws IOException {
        Path root = Path.of(System.getProperty("hazelray.root", ".."));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MemberProcesses.jvmFlags()); // the flags of every Hazelray JVM, read as the launcher reads them
        // The test classpath has the tests' logging config first: give the launcher's its precedence
        Properties launcherLogging = new Properties();
        try (var in = Files.newInputStream(root.resolve("examples/src/main/resources/simplelogger.properties"))) {
            launcherLogging.load(in);
        }
        launcherLogging.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HazelrayCli.class.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Sends SIGINT (Ctrl-C) once {@code ready} holds, and returns how long the process took to exit after it. */
    private long interruptWhen(BooleanSupplier ready) throws Exception {
        return signalWhen("INT", ready);
    }

    /** Sends {@code signal} once {@code ready} holds, and returns how long the process took to exit after it. */
    private long signalWhen(String signal, BooleanSupplier ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ready.getAsBoolean()) {
            assertThat(process.isAlive()).as("exited before it could be interrupted: %s", stderr()).isTrue();
            assertThat(System.nanoTime()).as("never got ready").isLessThan(deadline);
            Thread.sleep(50);
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
        long t0 = System.nanoTime();                                 // the signal is delivered: kill has returned
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    private String stdout() throws IOException {
        return Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
    }

    private String stdoutSoFar() {
        try {
            return stdout();
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> filesIn(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertInterruptedCleanly(long millis) throws IOException {
        assertThat(process.exitValue()).as(stderr()).isEqualTo(130);
        assertThat(stderr()).isEqualTo("interrupted\n");
        assertThat(millis).isLessThan(1_000);
        assertThat(process.descendants().filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void shouldStopTheGsodJobOnCtrlCAndLeaveNothing() throws Exception {
        // Given: two years big enough to take a few seconds
        Path data = Files.createDirectories(dir.resolve("data"));
        GsodGenerator.of(1980, 1500, 1).writeTo(data);
        Files.copy(data.resolve("1980.tar.gz"), data.resolve("1981.tar.gz"));
        start("gsod", "--years", "1980,1981", "--data-dir", data.toString(), "--cpus", "2");
        long started = System.nanoTime();
        // When: interrupted once the member is up and the job runs (no output before the answer)
        long millis = interruptWhen(() -> System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(2500));
        // Then
        assertInterruptedCleanly(millis);
        assertThat(stdout()).isEmpty();
        assertThat(filesIn(data)).containsExactly("1980.tar.gz", "1981.tar.gz");
    }

    @Test
    void shouldCancelTheJetJobOnTheClusterWhenItsDriverIsInterrupted() throws Exception {
        // Given: a member process, and a driver connected to it running the Jet job on years big
        // enough to take seconds there
        Path data = Files.createDirectories(dir.resolve("data"));
        GsodGenerator.of(1980, 3000, 1).writeTo(data);
        Files.copy(data.resolve("1980.tar.gz"), data.resolve("1981.tar.gz"));
        String cluster = "gsod-cancel-" + UUID.randomUUID();
        try (MemberProcesses members = new MemberProcesses()) {
            String address = members.start("--cluster-name", cluster, "--cpus", "2").address();
            try (Hazelray watcher = Hazelray.connect(ConnectOptions.builder().addresses(List.of(address))
                    .clusterName(cluster).build())) {
                start("gsod", "--years", "1980,1981", "--data-dir", data.toString(), "--address", address,
                        "--cluster-name", cluster);
                // When: Ctrl-C once the job runs on the member
                Job[] job = new Job[1];
                interruptWhen(() -> {
                    job[0] = watcher.hazelcast().getJet().getJobs().stream()
                            .filter(j -> j.getName() != null && j.getName().startsWith("gsod-")).findFirst().orElse(null);
                    return job[0] != null && job[0].getStatus() == JobStatus.RUNNING;
                });
                // Then: the driver stops as on its own, and the job is cancelled on the member, not run to its end
                assertThat(process.exitValue()).as(stderr()).isEqualTo(130);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!job[0].getStatus().isTerminal() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(job[0].getStatus()).isEqualTo(JobStatus.FAILED);
                assertThat(job[0].isUserCancelled()).isTrue();
            }
        }
    }

    @Test
    void shouldExitAsTheJvmDoesForSigterm() throws Exception {
        // Given: the job running, as in the Ctrl-C test
        Path data = Files.createDirectories(dir.resolve("data"));
        GsodGenerator.of(1980, 1500, 1).writeTo(data);
        Files.copy(data.resolve("1980.tar.gz"), data.resolve("1981.tar.gz"));
        start("gsod", "--years", "1980,1981", "--data-dir", data.toString(), "--cpus", "2");
        long started = System.nanoTime();
        // When: SIGTERM instead of SIGINT
        long millis = signalWhen("TERM", () -> System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(2500));
        // Then: 143 (128 + 15), whether the JVM's shutdown or the command's own deadline ends it
        assertThat(process.exitValue()).as(stderr()).isEqualTo(143);
        assertThat(stderr()).isEqualTo("interrupted\n");
        assertThat(millis).isLessThan(1_000);
    }

    @Test
    void shouldEndQuietlyWhenTheReaderOfItsOutputStopsEarly() throws Exception {
        // Given: the answer's reader, a pipe closed before the answer is written (as `| head -0`)
        process = new ProcessBuilder(javaCommand("gsod")).redirectError(dir.resolve("stderr.txt").toFile()).start();
        process.getInputStream().close();
        // When / Then: SIGPIPE's code, and nothing said
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(stderr()).isEqualTo(141);
        assertThat(stderr()).isEmpty();
    }

    @Test
    void shouldFailWhenTheAnswerCannotBeWritten() throws Exception {
        // Given: standard output on a full disk (Linux's /dev/full)
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "no /dev/full here");
        // When
        start(full, "gsod");
        // Then: not the exit 0 of an answer nobody got
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stderr()).isEqualTo("error: could not write the output to standard output: No space left on device\n");
    }

    @Test
    void shouldStopAnyCommandOnCtrlCTheBenchmarkToo() throws Exception {
        // Given: a benchmark that runs for many seconds (every command but member gets the same handling)
        start("bench", "tasks", "--sync-calls", "10000000");
        long started = System.nanoTime();
        // When: interrupted once the command runs (it says so when it starts the Ignite baseline's JVM; a
        // signal before the JVM has started the command would stop it silently), else after 8 s
        long millis = interruptWhen(() -> System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(2500)
                && (stdoutSoFar().contains("Ignite") || System.nanoTime() - started > TimeUnit.SECONDS.toNanos(8)));
        // Then: "interrupted" alone on stderr, exit 130, within a second
        assertInterruptedCleanly(millis);
    }

    @Test
    void shouldStopADownloadOnCtrlCAndLeaveNoPartialFile() throws Exception {
        // Given: a server that sends a little of 2019, then nothing
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 50_000_000);
            OutputStream body = exchange.getResponseBody();
            body.write(new byte[100_000]);
            body.flush();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        server.start();
        Path cache = dir.resolve("cache");
        start("gsod", "download", "2019", "--data-dir", cache.toString(),
                "--base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        // When: interrupted mid-transfer, once the partial file exists
        long millis = interruptWhen(() -> Files.isDirectory(cache) && filesInQuietly(cache).stream().anyMatch(f -> f.endsWith(".part")));
        // Then
        assertInterruptedCleanly(millis);
        assertThat(filesIn(cache)).isEmpty();
    }

    @Test
    void shouldStopGenerateOnCtrlCAndLeaveNoPartialFile() throws Exception {
        Path out = dir.resolve("generated");
        start("gsod", "generate", "--year", "1980", "--stations", "100000", "--out", out.toString());
        long millis = interruptWhen(() -> Files.isDirectory(out) && !filesInQuietly(out).isEmpty());
        assertInterruptedCleanly(millis);
        assertThat(filesIn(out)).isEmpty();
    }

    @Test
    void shouldPrintOneLineAndNoLogForADataErrorInTheLaunchersJvm() throws Exception {
        // Given: an empty 1980 next to a good 1981
        GsodGenerator.of(1981, 3, 1).writeTo(dir);
        Files.write(dir.resolve("1980.tar.gz"), new byte[0]);
        // When
        start("gsod", "--years", "1980,1981", "--data-dir", dir.toString(), "--cpus", "2");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Then: the whole of stderr
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stderr())
                .isEqualTo("error: " + dir.resolve("1980.tar.gz") + ": damaged archive: the file is empty; download it again\n");
        assertThat(stdout()).isEmpty();
    }

    private static List<String> filesInQuietly(Path d) {
        try {
            return filesIn(d);
        } catch (IOException e) {
            return List.of();
        }
    }
}
