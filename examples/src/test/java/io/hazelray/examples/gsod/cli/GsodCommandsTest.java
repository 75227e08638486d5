package io.hazelray.examples.gsod.cli;

import com.sun.net.httpserver.HttpServer;
import io.hazelray.datasets.gsod.GsodReader;
import io.hazelray.datasets.gsod.GsodSample;
import io.hazelray.examples.bench.GsodReadBenchmark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** The GSOD command classes: usage errors exit with 2, failures with 1 and one line, success with 0. */
class GsodCommandsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Callable<Integer> command, String... args) {
        return new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void shouldRejectBadUsageWithExitCode2() {
        assertThat(run(new GsodDownloadCommand())).isEqualTo(2);
        assertThat(run(new GsodDownloadCommand(), "nineteen-eighty")).isEqualTo(2);
        assertThat(run(new GsodDownloadCommand(), "1800")).isEqualTo(2);
        assertThat(err.toString()).contains("YEAR must be from 1929 (the first GSOD year) to 9998: 1800");
        assertThat(run(new GsodDownloadCommand(), "2019", "2019")).isEqualTo(2);
        assertThat(err.toString()).contains("a YEAR is given twice: [2019, 2019]");
        assertThat(run(new GsodGenerateCommand(), "--stations", "10")).isEqualTo(2);
        assertThat(run(new GsodGenerateCommand(), "--year", "1980", "--stations", "0")).isEqualTo(2);
        assertThat(run(new GsodReadBenchmark(), "--repeat", "0")).isEqualTo(2);
    }

    @Test
    void shouldDownloadFromAServerAndReportAFailureInOneLine() throws IOException {
        // Given: a loopback server with 2019 only
        byte[] sample = Files.readAllBytes(GsodSample.archive(2019));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/gsod/", exchange -> {
            try (exchange) {
                if (exchange.getRequestURI().getPath().endsWith("/2019.tar.gz")) {
                    exchange.sendResponseHeaders(200, sample.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(sample);
                    }
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/gsod/";
            // When
            int ok = run(new GsodDownloadCommand(), "2019", "--data-dir", dir.toString(), "--base-url", base);
            int again = run(new GsodDownloadCommand(), "2019", "--data-dir", dir.toString(), "--base-url", base);
            int missing = run(new GsodDownloadCommand(), "2019", "1980", "--data-dir", dir.toString(), "--base-url", base);
            // Then
            assertThat(ok).isZero();
            assertThat(again).isZero();
            assertThat(Files.readAllBytes(dir.resolve("2019.tar.gz"))).isEqualTo(sample);
            assertThat(out.toString()).contains("2019: downloading " + base + "2019.tar.gz (2.1 MB)",
                    "2019: " + dir.resolve("2019.tar.gz") + " (2.1 MB) in ", "2019: already there, " + dir.resolve("2019.tar.gz"));
            assertThat(missing).isEqualTo(1);
            assertThat(err.toString().lines().filter(l -> l.startsWith("error: "))).containsExactly(
                    "error: could not download " + base + "1980.tar.gz: HTTP 404; to fetch it by hand: curl -fL -o "
                            + dir.resolve("1980.tar.gz") + " " + base + "1980.tar.gz");
            assertThat(err.toString()).doesNotContain("Exception");
            // every year is tried and each failure reported; offline leaves no directory behind
            err.getBuffer().setLength(0);
            assertThat(run(new GsodDownloadCommand(), "1994", "2019", "1990", "--data-dir", dir.toString(), "--base-url",
                    base)).isEqualTo(1);
            assertThat(err.toString().lines().toList()).hasSize(2).allMatch(l -> l.startsWith("error: could not download "))
                    .anyMatch(l -> l.contains("1994.tar.gz: HTTP 404")).anyMatch(l -> l.contains("1990.tar.gz: HTTP 404"));
            err.getBuffer().setLength(0);
            Path offlineDir = dir.resolve("offline");
            server.stop(0);
            assertThat(run(new GsodDownloadCommand(), "2019", "--data-dir", offlineDir.toString(), "--base-url", base)).isEqualTo(1);
            assertThat(err.toString().lines().toList()).singleElement().asString()
                    .startsWith("error: could not download " + base + "2019.tar.gz: cannot connect to 127.0.0.1:");
            assertThat(offlineDir).doesNotExist();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void shouldGenerateAYearAndPrintItsPathAndSize() {
        // When
        int code = run(new GsodGenerateCommand(), "--year", "1980", "--stations", "12", "--seed", "5", "--out", dir.toString());
        // Then
        assertThat(code).isZero();
        Path file = dir.resolve("1980.tar.gz").toAbsolutePath();
        assertThat(out.toString()).startsWith("wrote " + file + " (12 stations, ").contains(" MB) in ");
        assertThat(GsodReader.strict().readAll(file)).hasSize(12);
    }

    @Test
    void shouldBenchmarkTheReaderAndWriteJson() throws IOException {
        // When
        Path json = dir.resolve("bench.json");
        int code = run(new GsodReadBenchmark(), "--archive", GsodSample.archive(2020).toString(), "--repeat", "1",
                "--json", json.toString());
        // Then
        assertThat(code).isZero();
        assertThat(Files.readString(json)).contains("\"benchmark\" : \"gsod-read\"", "\"rows\" : 38719", "hazelray read+parse");
        assertThat(run(new GsodReadBenchmark(), "--archive", dir.resolve("none.tar.gz").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("error: no such archive: ");
    }
}
