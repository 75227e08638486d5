package io.hazelray.examples.gsod;

import io.hazelray.datasets.gsod.GsodPaths;
import io.hazelray.datasets.gsod.Shell;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The seed's question, checked before any work starts: two different years, a threshold in °F,
 * each year's archive (they may be in different directories: the bundled sample serves its own
 * years, the download cache any other), and whether bad rows fail the run (strict) or are
 * skipped and reported (lenient).
 */
public record GsodQuestion(int year1, int year2, double threshold, Path archive1, Path archive2, boolean lenient) {
    public GsodQuestion {
        Objects.requireNonNull(archive1, "archive1");
        Objects.requireNonNull(archive2, "archive2");
        if (year1 == year2) {
            throw new IllegalArgumentException("the two years must differ, both are " + year1);
        }
        if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the threshold must be a finite number of °F, was " + threshold);
        }
    }

    /** Both years' {@code YEAR.tar.gz} in {@code dataDir}, strict. */
    public GsodQuestion(int year1, int year2, double threshold, Path dataDir) {
        this(year1, year2, threshold, GsodPaths.archive(dataDir, year1), GsodPaths.archive(dataDir, year2), false);
    }

    /** This question, read leniently or strictly. */
    public GsodQuestion withLenient(boolean lenient) {
        return new GsodQuestion(year1, year2, threshold, archive1, archive2, lenient);
    }

    /**
     * Fails before any work starts when an archive cannot be read: missing (naming the commands
     * that make it), or there but unusable (a directory, a broken or looping link, not a regular
     * file, not readable), saying which.
     *
     * @throws MissingArchiveException naming the first missing archive
     * @throws UnusableArchiveException naming the first archive that is there but cannot be read
     */
    public void checkArchives() {
        check(archive1, year1);
        check(archive2, year2);
    }

    private static void check(Path archive, int year) {
        if (GsodPaths.isMissing(archive)) {
            throw new MissingArchiveException(archive, year);
        }
        GsodPaths.unreadable(archive).ifPresent(why -> {
            throw new UnusableArchiveException(why);
        });
    }

    /** An archive the question needs is there but cannot be read. */
    public static final class UnusableArchiveException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnusableArchiveException(String message) {
            super(message);
        }
    }

    /** An archive the question needs is not there. */
    public static final class MissingArchiveException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingArchiveException(Path archive, int year) {
            super(message(archive.toAbsolutePath(), year));
        }

        private static String message(Path archive, int year) {
            Path dir = archive.getParent();
            Path generated = dir.equals(GsodPaths.defaultCacheDir()) ? dir.resolve("generated") : dir;
            // A synthetic year goes to generated/ when the data would otherwise be the download
            // cache: there it could be taken for NOAA's.
            return "no GSOD archive for " + year + " at " + archive
                    + ". Get NOAA's with: ./hazelray gsod download " + year + " --data-dir " + Shell.quote(dir.toString())
                    + "; or make a synthetic one with: ./hazelray gsod generate --year " + year
                    + " --out " + Shell.quote(generated.toString())
                    + " (then run with --data-dir " + Shell.quote(generated.toString()) + ")";
        }
    }
}
