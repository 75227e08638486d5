package io.hazelray.datasets.gsod;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where GSOD archives live on this machine.
 *
 * <pre>{@code
 * Path dir = GsodPaths.defaultCacheDir();          // ~/.cache/hazelray/gsod
 * Path y2019 = GsodPaths.archive(dir, 2019);        // ~/.cache/hazelray/gsod/2019.tar.gz
 * }</pre>
 */
public final class GsodPaths {
    private GsodPaths() {
    }

    /**
     * The directory downloads go to by default: {@code $XDG_CACHE_HOME/hazelray/gsod} when
     * {@code XDG_CACHE_HOME} is set to an absolute path (as the XDG spec requires), else
     * {@code ~/.cache/hazelray/gsod}.
     */
    public static Path defaultCacheDir() {
        return cacheDir(System.getenv(), System.getProperty("user.home"));
    }

    /** Where {@code year}'s archive is in {@code dir}: {@code dir/YEAR.tar.gz}, NCEI's own name. */
    public static Path archive(Path dir, int year) {
        Objects.requireNonNull(dir, "dir");
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("year must be 1..9999: " + year);
        }
        return dir.resolve(year + ".tar.gz");
    }

    static Path cacheDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(Objects.requireNonNull(userHome, "user.home"), ".cache");
        return base.resolve("hazelray").resolve("gsod");
    }
}
