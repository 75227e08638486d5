package io.hazelray.datasets.gsod;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real HTTP server on loopback (127.0.0.1, an ephemeral port); nothing else is contacted. */
class GsodDownloaderTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService handlers;
    private byte[] sample;
    private byte[] year2018;
    private byte[] synthetic1990;
    private byte[] notGsod;
    private final AtomicInteger requests = new AtomicInteger();
    private URI base;

    @BeforeEach
    void startServer() throws IOException {
        sample = Files.readAllBytes(GsodSample.archive(2019));
        Path scratch = Files.createTempDirectory("gsod-downloader-test");
        try {
            year2018 = Files.readAllBytes(GsodArchiveWriter.write(scratch.resolve("2018.tar.gz"),
                    List.of(GsodGenerator.of(2018, 3, 1).station(0), GsodGenerator.of(2018, 3, 1).station(1))));
            synthetic1990 = Files.readAllBytes(GsodGenerator.of(1990, 3, 1).writeTo(scratch));
            notGsod = Files.readAllBytes(GsodArchiveWriter.create(scratch.resolve("x.tar.gz")).addRaw("README.txt", "hello").finish());
        } finally {
            try (Stream<Path> files = Files.list(scratch)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(scratch);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/archive/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            try (exchange) {
                switch (path) {
                    case "/archive/2019.tar.gz" -> {
                        exchange.sendResponseHeaders(200, sample.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            for (int i = 0; i < sample.length; i += 100_000) {
                                out.write(sample, i, Math.min(100_000, sample.length - i));
                            }
                        }
                    }
                    case "/archive/2018.tar.gz" -> {             // chunked: no Content-Length
                        exchange.sendResponseHeaders(200, 0);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(year2018);
                        }
                    }
                    case "/archive/2014.tar.gz" -> {             // a valid tar.gz, but not GSOD
                        exchange.sendResponseHeaders(200, notGsod.length);
                        exchange.getResponseBody().write(notGsod);
                    }
                    case "/archive/2013.tar.gz" -> {             // GSOD, but of another year
                        exchange.sendResponseHeaders(200, sample.length);
                        exchange.getResponseBody().write(sample);
                    }
                    case "/archive/2015.tar.gz" -> {             // stalls: announces all, sends half, then nothing
                        exchange.sendResponseHeaders(200, sample.length);
                        OutputStream out = exchange.getResponseBody();
                        out.write(sample, 0, sample.length / 2);
                        out.flush();
                        try {
                            Thread.sleep(10_000);                 // the server is stopped (and this interrupted) after the test
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    case "/archive/2016.tar.gz" -> {             // complete, but not a gzip
                        byte[] html = "<html>maintenance</html>".getBytes();
                        exchange.sendResponseHeaders(200, html.length);
                        exchange.getResponseBody().write(html);
                    }
                    default -> exchange.sendResponseHeaders(404, -1);
                }
            }
        });
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/archive/");
    }

    @AfterEach
    void stopServer() {
        handlers.shutdownNow();                                      // interrupts a stalled handler
        server.stop(0);
    }

    private GsodDownloader downloader(GsodDownloadListener listener) {
        return GsodDownloader.create().withBaseUri(base).withDirectory(dir).withListener(listener).withTimeout(Duration.ofSeconds(10));
    }

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void shouldDownloadAYearWithProgress() throws IOException {
        // Given
        Recorder events = new Recorder();
        // When
        Path file = downloader(events).download(2019);
        // Then
        assertThat(file).isEqualTo(dir.resolve("2019.tar.gz"));
        assertThat(Files.readAllBytes(file)).isEqualTo(sample);
        assertThat(filesInDir()).containsExactly("2019.tar.gz");
        assertThat(events.list).first().isEqualTo("started 2019 " + base + "2019.tar.gz " + sample.length);
        assertThat(events.list).last().isEqualTo("finished 2019 " + file + " " + sample.length);
        assertThat(events.list).contains("progress 2019 " + sample.length + "/" + sample.length, "verifying 2019 " + sample.length);
        assertThat(events.progress).isSorted().last().isEqualTo((long) sample.length);
    }

    @Test
    void shouldDownloadWithoutContentLength() throws IOException {
        // Given
        Recorder events = new Recorder();
        // When
        Path file = downloader(events).download(2018);
        // Then
        assertThat(Files.readAllBytes(file)).isEqualTo(year2018);
        assertThat(events.list).first().isEqualTo("started 2018 " + base + "2018.tar.gz -1");
    }

    @Test
    void shouldNotFetchAFileThatIsAlreadyThere() {
        // Given
        Recorder events = new Recorder();
        downloader(events).download(2019);
        int before = requests.get();
        // When
        Path again = downloader(events).download(2019);
        // Then
        assertThat(requests.get()).isEqualTo(before);
        assertThat(events.list).last().isEqualTo("present 2019 " + again);
    }

    @Test
    void shouldReplaceAnExistingFileThatIsNotAnArchiveAndSayWhy() throws IOException {
        // Given: an error page saved by hand under the archive's name
        Files.writeString(dir.resolve("2019.tar.gz"), "<html>404</html>");
        Recorder events = new Recorder();
        // When
        downloader(events).download(2019);
        // Then
        assertThat(events.list).first().asString()
                .startsWith("rejected 2019 " + dir.resolve("2019.tar.gz") + ": damaged archive: not a gzip file");
        assertThat(Files.readAllBytes(dir.resolve("2019.tar.gz"))).isEqualTo(sample);
        assertThat(filesInDir()).containsExactly("2019.tar.gz");
    }

    @Test
    void shouldNeverTakeASyntheticOrWrongYearArchiveForTheRealOne() throws IOException {
        // Given: a generated 2019 in the download directory (what the old missing-archive hint suggested)
        GsodGenerator.of(2019, 5, 3).writeTo(dir);
        Files.write(dir.resolve("2018.tar.gz"), sample);                         // 2019's data under 2018's name
        Recorder events = new Recorder();
        // When
        downloader(events).download(List.of(2019, 2018));
        // Then: both replaced by the server's
        assertThat(events.list).anySatisfy(e -> assertThat(e).startsWith("rejected 2019 ")
                .contains("a synthetic archive made by Hazelray (gsod generate --year 2019 --stations 5 --seed 3), not NOAA's"));
        assertThat(events.list).anySatisfy(e -> assertThat(e).startsWith("rejected 2018 ")
                .contains("not the archive of 2018: a row is dated 2019-"));
        assertThat(Files.readAllBytes(dir.resolve("2019.tar.gz"))).isEqualTo(sample);
        assertThat(Files.readAllBytes(dir.resolve("2018.tar.gz"))).isEqualTo(year2018);
        assertThat(GsodArchiveCheck.generatedBy(dir.resolve("2019.tar.gz"))).isEmpty();
    }

    @Test
    void shouldRefuseADownloadThatIsAValidTarGzButNotGsodOrOfAnotherYear() throws IOException {
        assertThatThrownBy(() -> downloader(new Recorder()).download(2014))
                .isInstanceOf(GsodDownloadException.class)
                .hasMessageContaining("2014.tar.gz: the file received is not NOAA's GSOD archive of 2014: README.txt: not a GSOD archive: "
                        + "this member is not a station file (11 digits.csv)");
        assertThatThrownBy(() -> downloader(new Recorder()).download(2013))
                .isInstanceOf(GsodDownloadException.class)
                .hasMessageContaining("not the archive of 2013: a row is dated 2019-");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void shouldTryEveryYearAndReportEachFailure() {
        assertThatThrownBy(() -> downloader(new Recorder()).download(List.of(1994, 2019, 1990)))
                .isInstanceOf(GsodDownloadException.class)
                .hasMessageContaining("1994.tar.gz: HTTP 404")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().asString().contains("1990.tar.gz: HTTP 404"));
        assertThat(dir.resolve("2019.tar.gz")).exists();
    }

    @Test
    void shouldCleanThePartialFilesOfAKilledRun() throws IOException {
        // Given: what kill -9 leaves (no process holds its lock any more)
        Files.write(dir.resolve(".2019.tar.gz.1234abcd.part"), new byte[] {1, 2, 3});
        // When
        downloader(new Recorder()).download(2019);
        // Then
        assertThat(filesInDir()).containsExactly("2019.tar.gz");
    }

    @Test
    void shouldLeaveNoFileWhenTheTransferIsCutOff() throws Exception {
        // Given: a server that announces the whole archive, sends half of it and closes the connection
        try (ServerSocket raw = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread cutter = new Thread(() -> {
                try (Socket s = raw.accept()) {
                    InputStream in = s.getInputStream();
                    int matched = 0;
                    while (matched < 4) {                                 // the request, up to its blank line
                        int c = in.read();
                        if (c < 0) {
                            return;
                        }
                        matched = (c == '\r' || c == '\n') ? matched + 1 : 0;
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + sample.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(sample, 0, sample.length / 2);
                    out.flush();
                } catch (IOException e) {
                    // the test fails on its own if this server did not do its part
                }
            }, "cut-off-server");
            cutter.setDaemon(true);
            cutter.start();
            URI cutOff = URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/archive/");
            // When / Then
            assertThatThrownBy(() -> GsodDownloader.create().withBaseUri(cutOff).withDirectory(dir)
                    .withTimeout(Duration.ofSeconds(10)).download(2017))
                    .isInstanceOf(GsodDownloadException.class)
                    .hasMessageStartingWith("could not download " + cutOff + "2017.tar.gz: ")
                    .hasMessageEndingWith("; to fetch it by hand: curl -fL -o " + dir.resolve("2017.tar.gz") + " "
                            + cutOff + "2017.tar.gz");
            cutter.join(10_000);
        }
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void shouldGiveUpOnAStalledTransferAndLeaveNoFile() throws IOException {
        // When / Then
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> downloader(new Recorder()).withTimeout(Duration.ofMillis(500)).download(2015))
                .isInstanceOf(GsodDownloadException.class)
                .hasMessageStartingWith("could not download " + base + "2015.tar.gz: no data for 500 ms after ")
                .hasMessageContaining("curl -fL -o " + dir.resolve("2015.tar.gz"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(filesInDir()).isEmpty();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void shouldNameTheUrlAndStatusOfA404() throws IOException {
        // When / Then
        assertThatThrownBy(() -> downloader(new Recorder()).download(1980))
                .isInstanceOf(GsodDownloadException.class)
                .hasMessage("could not download " + base + "1980.tar.gz: HTTP 404; to fetch it by hand: curl -fL -o "
                        + dir.resolve("1980.tar.gz") + " " + base + "1980.tar.gz")
                .satisfies(e -> assertThat(((GsodDownloadException) e).uri()).isEqualTo(base.resolve("1980.tar.gz")));
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void shouldRefuseAFileThatIsNotAnArchive() throws IOException {
        assertThatThrownBy(() -> downloader(new Recorder()).download(2016))
                .isInstanceOf(GsodDownloadException.class)
                .hasMessageContaining("2016.tar.gz: the file received is not NOAA's GSOD archive of 2016:"
                        + " damaged archive: not a gzip file");
        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void shouldSayWhatFailedWhenNobodyListens() throws IOException {
        // Given: a loopback port nobody listens on
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI offline = URI.create("http://127.0.0.1:" + port + "/archive");
        Path cache = dir.resolve("cache").resolve("gsod");
        // When / Then
        assertThatThrownBy(() -> GsodDownloader.create().withBaseUri(offline).withDirectory(cache).download(2019))
                .isInstanceOf(GsodDownloadException.class)
                .hasMessageStartingWith("could not download http://127.0.0.1:" + port + "/archive/2019.tar.gz: cannot connect to 127.0.0.1:"
                        + port + "; offline, or the server is down?")
                .hasMessageContaining("curl -fL -o " + cache.resolve("2019.tar.gz"));
        assertThat(filesInDir()).isEmpty();                                         // no empty directory either
    }

    @Test
    void shouldDownloadSeveralYearsAndRefuseBadArguments() {
        assertThat(downloader(new Recorder()).download(List.of(2019, 2018)))
                .containsExactly(dir.resolve("2019.tar.gz"), dir.resolve("2018.tar.gz"));
        assertThatThrownBy(() -> downloader(new Recorder()).download(1800)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1929");
        assertThatThrownBy(() -> GsodDownloader.create().withBaseUri(URI.create("ftp://x/"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(GsodDownloader.create().uriOf(1980).toString())
                .isEqualTo("https://www.ncei.noaa.gov/data/global-summary-of-the-day/archive/1980.tar.gz");
    }

    private static final class Recorder implements GsodDownloadListener {
        final List<String> list = new CopyOnWriteArrayList<>();
        final List<Long> progress = new CopyOnWriteArrayList<>();

        @Override
        public void alreadyPresent(int year, Path file) {
            list.add("present " + year + " " + file);
        }

        @Override
        public void rejected(int year, Path file, String why) {
            list.add("rejected " + year + " " + file + ": " + why);
        }

        @Override
        public void started(int year, URI uri, long totalBytes) {
            list.add("started " + year + " " + uri + " " + totalBytes);
        }

        @Override
        public void progress(int year, long bytes, long totalBytes) {
            progress.add(bytes);
            list.add("progress " + year + " " + bytes + "/" + totalBytes);
        }

        @Override
        public void verifying(int year, long bytes) {
            list.add("verifying " + year + " " + bytes);
        }

        @Override
        public void finished(int year, Path file, long bytes) {
            list.add("finished " + year + " " + file + " " + bytes);
        }

        @Override
        public String toString() {
            return Arrays.toString(list.toArray());
        }
    }
}
