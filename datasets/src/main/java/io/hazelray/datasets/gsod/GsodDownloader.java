package io.hazelray.datasets.gsod;

import java.nio.file.FileSystemException;
import io.hazelray.datasets.gsod.impl.IoMessages;
import io.hazelray.datasets.gsod.impl.TempFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches NOAA's yearly GSOD archives from NCEI into a directory, as {@code DIR/YEAR.tar.gz}.
 *
 * <pre>{@code
 * Path y1980 = GsodDownloader.create().download(1980);     // ~/.cache/hazelray/gsod/1980.tar.gz
 * GsodDownloader.create()
 *         .withDirectory(Path.of("data"))
 *         .withListener(myProgressBar)
 *         .download(List.of(1980, 2020));
 * }</pre>
 *
 * <ul>
 *   <li>A file already in the directory is not fetched again if it passes
 *       {@link GsodArchiveCheck#check} (NOAA's archive of that year, not a synthetic one); else it
 *       is replaced once a download passes that check.</li>
 *   <li>The transfer goes to a temporary file in the same directory; it is renamed into place only
 *       when every byte the server announced has arrived and the archive decompresses to its end
 *       as a valid gzipped tar. Anything else throws {@link GsodDownloadException}, saying what
 *       failed and how to fetch the file by hand, and leaves no partial file behind.</li>
 * </ul>
 * Immutable; {@link #download(int)} may be called from several threads for different years.
 */
public final class GsodDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(GsodDownloader.class);

    /** Where NCEI publishes the yearly archives. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://www.ncei.noaa.gov/data/global-summary-of-the-day/archive/");

    private static final GsodDownloadListener SILENT = new GsodDownloadListener() { };

    private final URI baseUri;
    private final Path directory;
    private final GsodDownloadListener listener;
    private final Duration timeout;
    private volatile HttpClient client;

    private GsodDownloader(URI baseUri, Path directory, GsodDownloadListener listener, Duration timeout) {
        this.baseUri = baseUri;
        this.directory = directory;
        this.listener = listener;
        this.timeout = timeout;
    }

    /** NCEI's archives, into {@link GsodPaths#defaultCacheDir()}, no listener, 30 s timeouts. */
    public static GsodDownloader create() {
        return new GsodDownloader(DEFAULT_BASE_URI, GsodPaths.defaultCacheDir(), SILENT, Duration.ofSeconds(30));
    }

    /** This downloader, fetching {@code BASE/YEAR.tar.gz} (a trailing slash is added if missing). */
    public GsodDownloader withBaseUri(URI base) {
        Objects.requireNonNull(base, "base");
        if (!"http".equalsIgnoreCase(base.getScheme()) && !"https".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException("base must be an http or https URL: " + base);
        }
        String s = base.toString();
        return new GsodDownloader(URI.create(s.endsWith("/") ? s : s + "/"), directory, listener, timeout);
    }

    /** This downloader, writing into {@code dir} (created if needed). */
    public GsodDownloader withDirectory(Path dir) {
        return new GsodDownloader(baseUri, Objects.requireNonNull(dir, "dir"), listener, timeout);
    }

    public GsodDownloader withListener(GsodDownloadListener listener) {
        return new GsodDownloader(baseUri, directory, Objects.requireNonNull(listener, "listener"), timeout);
    }

    /** This downloader, giving up on a connection, or on a silence mid-transfer, after {@code timeout}. */
    public GsodDownloader withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new GsodDownloader(baseUri, directory, listener, timeout);
    }

    public Path directory() {
        return directory;
    }

    /** The URL of {@code year}'s archive. */
    public URI uriOf(int year) {
        return baseUri.resolve(checkYear(year) + ".tar.gz");
    }

    /** Where {@code year}'s archive goes: {@code DIR/YEAR.tar.gz}. */
    public Path target(int year) {
        return GsodPaths.archive(directory, checkYear(year));
    }

    /**
     * Downloads each year in turn (see {@link #download(int)}), every one of them even when one
     * fails; then throws the first failure (the others suppressed by it), if any.
     */
    public List<Path> download(List<Integer> years) {
        Objects.requireNonNull(years, "years");
        years.forEach(GsodDownloader::checkYear);
        List<Path> out = new ArrayList<>();
        GsodDownloadException first = null;
        for (int y : years) {
            try {
                out.add(download(y));
            } catch (GsodDownloadException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return out;
    }

    /**
     * Makes sure {@code DIR/YEAR.tar.gz} is NOAA's archive of that year: returns at once if the
     * file there passes {@link GsodArchiveCheck#check}, else downloads it (replacing a file that
     * failed the check only once the new one has passed it: the listener hears why it was rejected).
     *
     * @return the archive's path
     * @throws GsodDownloadException if it cannot be fetched (HTTP status, network, incomplete
     *                               transfer, not NOAA's archive of that year); no partial file
     *                               and no directory it created are left
     */
    public Path download(int year) {
        checkYear(year);
        Path target = target(year);
        URI uri = uriOf(year);
        if (Files.exists(target)) {
            try {
                GsodArchiveCheck.check(target, year);
                listener.alreadyPresent(year, target);
                return target;
            } catch (GsodFormatException e) {
                listener.rejected(year, target, e.problem().toString());
            } catch (GsodException e) {
                listener.rejected(year, target, e.getMessage());
            }
        }
        List<Path> createdDirs = new ArrayList<>();
        boolean done = false;
        String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            long bytes;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new GsodDownloadException(uri, target, "HTTP " + response.statusCode(), null);
                }
                createDirectories(directory, createdDirs);
                try (TempFiles.TempFile temp = TempFiles.create(directory, year + ".tar.gz")) {
                    long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    listener.started(year, uri, total);
                    bytes = copy(body, temp, year, total);
                    if (total >= 0 && bytes != total) {
                        throw new GsodDownloadException(uri, target, "incomplete transfer: " + bytes + " of " + total + " bytes", null);
                    }
                    listener.verifying(year, bytes);
                    verify(temp.path(), uri, target, year);
                    temp.moveTo(target);
                }
            }
            done = true;
            LOG.debug("downloaded {} to {} ({} bytes)", uri, target, bytes);
            listener.finished(year, target, bytes);
            return target;
        } catch (FileSystemException e) {
            throw new GsodDownloadException(uri, target, "cannot write: " + IoMessages.file(e), e);
        } catch (IOException e) {
            throw new GsodDownloadException(uri, target, IoMessages.network(e, host), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GsodDownloadException(uri, target, "interrupted", e);
        } finally {
            if (!done) {
                for (int i = createdDirs.size() - 1; i >= 0; i--) {
                    try {
                        Files.deleteIfExists(createdDirs.get(i));      // only if still empty
                    } catch (IOException e) {
                        break;
                    }
                }
            }
        }
    }

    /** As {@link Files#createDirectories}, noting each directory it made (outermost first). */
    private static void createDirectories(Path dir, List<Path> created) throws IOException {
        Path abs = dir.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            Files.createDirectory(p);
            created.add(p);
        }
    }

    /**
     * Copies the body to {@code temp}. HttpClient's request timeout ends when the headers arrive;
     * a server that stalls mid-body would block the read forever, so a watchdog closes the body
     * when no byte has arrived for {@link #withTimeout the timeout} (that unblocks the read; an
     * interrupt would not: JDK 17's response stream retries its wait when interrupted).
     */
    private long copy(InputStream body, TempFiles.TempFile temp, int year, long total) throws IOException {
        long limit = timeout.toNanos();
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        Object lock = new Object();
        boolean[] done = {false};
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gsod-download-watchdog-" + year);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
        watchdog.scheduleAtFixedRate(() -> {
            synchronized (lock) {
                if (!done[0] && System.nanoTime() - lastByte.get() > limit && !stalled.getAndSet(true)) {
                    try {
                        body.close();
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("closing a stalled download: {}", e.toString());
                    }
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        try (OutputStream out = temp.outputStream()) {
            int n;
            while ((n = body.read(buf)) >= 0) {
                lastByte.set(System.nanoTime());
                out.write(buf, 0, n);
                bytes += n;
                listener.progress(year, bytes, total);
                if (total >= 0 && bytes > total) {
                    break;                          // more than announced: reported by the caller
                }
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new IOException("no data for " + describe(timeout) + " after " + bytes + " bytes", e);
            }
            throw e;
        } finally {
            synchronized (lock) {
                done[0] = true;
            }
            watchdog.shutdownNow();
        }
        if (stalled.get()) {
            throw new IOException("no data for " + describe(timeout) + " after " + bytes + " bytes");
        }
        return bytes;
    }

    /** The whole file, checked as NOAA's archive of {@code year}. */
    private static void verify(Path temp, URI uri, Path target, int year) {
        try {
            GsodArchiveCheck.check(temp, year);
        } catch (GsodFormatException e) {
            throw new GsodDownloadException(uri, target, "the file received is not NOAA's GSOD archive of " + year + ": "
                    + e.problem(), e);
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = HttpClient.newBuilder()
                            .connectTimeout(timeout)
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .version(HttpClient.Version.HTTP_1_1)
                            .build();
                    client = c;
                }
            }
        }
        return c;
    }

    private static int checkYear(int year) {
        if (!GsodPaths.isGsodYear(year)) {
            throw new IllegalArgumentException("year must be from " + GsodPaths.FIRST_YEAR + " (the first GSOD year) to "
                    + GsodPaths.LAST_YEAR + ": " + year);
        }
        return year;
    }
}
