package io.hazelray.datasets.gsod;

import io.hazelray.datasets.gsod.impl.IoMessages;
import io.hazelray.datasets.gsod.impl.TempFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real NOAA sample bundled with Hazelray: 272 stations of 2019 (89,212 rows) and 272 of the
 * first five months of 2020 (38,719 rows), 257 stations in both. Works offline, from any working
 * directory, from the build tree or from a jar.
 *
 * <pre>{@code
 * Path y2019 = GsodSample.archive(2019);
 * List<GsodStation> stations = GsodReader.strict().readAll(y2019);
 * BatchSource<GsodStation> both = GsodSources.stations(GsodSample.directory(), "*.tar.gz");
 * }</pre>
 *
 * <p>From a jar, the archives are copied once into {@code sample/} under
 * {@link GsodPaths#defaultCacheDir()} (through a temporary file and an atomic rename, so
 * concurrent first uses are safe) and reused while their size matches. Thread-safe.
 */
public final class GsodSample {
    private static final Logger LOG = LoggerFactory.getLogger(GsodSample.class);
    private static final String RESOURCE_DIR = "/io/hazelray/datasets/gsod/sample/";
    private static final List<Integer> YEARS = List.of(2019, 2020);

    private GsodSample() {
    }

    /** The bundled years: 2019 and 2020. */
    public static List<Integer> years() {
        return YEARS;
    }

    /**
     * A path to the bundled archive of {@code year}.
     *
     * @throws IllegalArgumentException if {@code year} is not one of {@link #years()}
     * @throws UncheckedIOException     if the archive cannot be copied out of the jar
     */
    public static Path archive(int year) {
        return archive(year, GsodPaths.defaultCacheDir().resolve("sample"));
    }

    /** A directory holding every bundled archive as {@code YEAR.tar.gz} (and nothing else matching {@code *.tar.gz}). */
    public static Path directory() {
        Path dir = null;
        for (int year : YEARS) {
            dir = archive(year).getParent();
        }
        return dir;
    }

    static Path archive(int year, Path cacheDir) {
        if (!YEARS.contains(year)) {
            throw new IllegalArgumentException("year must be one of the bundled sample years " + YEARS + ": " + year);
        }
        String name = year + ".tar.gz";
        URL url = GsodSample.class.getResource(RESOURCE_DIR + name);
        if (url == null) {
            throw new IllegalStateException("the GSOD sample " + RESOURCE_DIR + name + " is missing from the classpath");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // an odd file URL: copy it like a jar entry
            }
        }
        return extract(url, cacheDir, name);
    }

    /** Copies {@code resource} to {@code dir/name} unless a file of the same size is there. */
    static Path extract(URL resource, Path dir, String name) {
        Path target = dir.resolve(name);
        try {
            URLConnection conn = resource.openConnection();
            conn.setUseCaches(false);
            long size = conn.getContentLengthLong();
            if (size >= 0 && Files.isRegularFile(target) && Files.size(target) == size) {
                conn.getInputStream().close();
                return target;
            }
            Files.createDirectories(dir);
            try (TempFiles.TempFile temp = TempFiles.create(dir, name)) {
                try (InputStream in = conn.getInputStream(); OutputStream out = temp.outputStream()) {
                    in.transferTo(out);
                }
                temp.moveTo(target);
                LOG.debug("extracted the GSOD sample {} to {}", name, target);
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the GSOD sample " + name + " to " + dir + ": " + IoMessages.file(e)
                    + "; give --data-dir a directory holding the archives, or set XDG_CACHE_HOME to a writable directory", e);
        }
    }
}
