package io.hazelray.datasets.gsod;

import io.hazelray.datasets.gsod.impl.IoMessages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where GSOD archives live on this machine.
 *
 * <pre>{@code
 * Path dir = GsodPaths.defaultCacheDir();          // ~/.cache/hazelray/gsod
 * Path y2019 = GsodPaths.archive(dir, 2019);        // ~/.cache/hazelray/gsod/2019.tar.gz
 * }</pre>
 */
public final class GsodPaths {
    /** The first year NOAA has an archive of. */
    public static final int FIRST_YEAR = 1929;
    /** The last year an archive can have: its rows of January 1st of the next year keep a four-digit year. */
    public static final int LAST_YEAR = 9998;

    private GsodPaths() {
    }

    /**
     * Whether nothing is at {@code archive}'s path, in a directory that exists or not (so the file
     * can be downloaded or generated there). An archive that is there, or a path that cannot be
     * looked at, is not missing: see {@link #unreadable}.
     */
    public static boolean isMissing(Path archive) {
        Path dir = archive.toAbsolutePath().getParent();
        return Files.notExists(archive, LinkOption.NOFOLLOW_LINKS) && (dir == null || !Files.isRegularFile(dir));
    }

    /**
     * Why {@code archive} cannot be read, in words that name it ({@code ... is a directory, not a GSOD
     * archive}, {@code cannot read ...: permission denied}), or empty when it can: it is a regular
     * file, or a link to one, and its first byte can be read. Checked before any work starts, so
     * that a job does not fail for it midway on a member.
     */
    public static Optional<String> unreadable(Path archive) {
        if (Files.isRegularFile(archive)) {
            try (InputStream in = Files.newInputStream(archive)) {
                in.read();                        // isReadable says yes to files the process may still not read
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of("cannot read " + IoMessages.file(e));
            }
        }
        if (Files.isDirectory(archive)) {
            return Optional.of(archive + " is a directory, not a GSOD archive (a YEAR.tar.gz file)");
        }
        if (Files.isSymbolicLink(archive)) {
            try {
                return Optional.of(archive + " is a link to " + archive.toRealPath() + ", which is not a regular file");
            } catch (IOException e) {
                return Optional.of("cannot follow the symbolic link " + archive + ": " + IoMessages.reason(e));
            }
        }
        if (Files.exists(archive)) {
            return Optional.of(archive + " is not a regular file (a device, a FIFO or a socket?): a GSOD archive is a"
                    + " YEAR.tar.gz file");
        }
        Path dir = archive.toAbsolutePath().getParent();
        if (dir != null && Files.isRegularFile(dir)) {
            return Optional.of(dir + " is a file, not a directory: the archives are looked for in a directory");
        }
        if (!Files.notExists(archive)) {               // neither there nor missing: the directory cannot be looked into
            return Optional.of("cannot look for " + archive + ": " + (dir != null && !Files.isReadable(dir)
                    ? "permission denied on " + dir : "its directory cannot be read"));
        }
        return Optional.of(archive + ": no such file");
    }

    /** Whether {@code year} can be a GSOD archive's ({@link #FIRST_YEAR} to {@link #LAST_YEAR}). */
    public static boolean isGsodYear(int year) {
        return year >= FIRST_YEAR && year <= LAST_YEAR;
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
