package io.hazelray.examples.gsod;

import io.hazelray.datasets.gsod.GsodPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The seed's question, checked before any work starts: two different years, a threshold in °F,
 * and a directory that holds both {@code YEAR.tar.gz} archives.
 */
public record GsodQuestion(int year1, int year2, double threshold, Path dataDir) {
    public GsodQuestion {
        Objects.requireNonNull(dataDir, "dataDir");
        if (year1 == year2) {
            throw new IllegalArgumentException("the two years must differ, both are " + year1);
        }
        if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the threshold must be a finite number of °F, was " + threshold);
        }
    }

    public Path archive1() {
        return GsodPaths.archive(dataDir, year1);
    }

    public Path archive2() {
        return GsodPaths.archive(dataDir, year2);
    }

    /**
     * Fails, naming the path and the commands that make it, when an archive is missing.
     *
     * @throws MissingArchiveException naming the first missing archive
     */
    public void checkArchives() {
        for (int year : new int[] {year1, year2}) {
            Path archive = GsodPaths.archive(dataDir, year);
            if (!Files.isRegularFile(archive)) {
                throw new MissingArchiveException(archive, year, dataDir);
            }
        }
    }

    /** An archive the question needs is not there. */
    public static final class MissingArchiveException extends RuntimeException {
        MissingArchiveException(Path archive, int year, Path dataDir) {
            super("no GSOD archive for " + year + " at " + archive.toAbsolutePath()
                    + "; get NOAA's with './hazelray gsod download " + year + " --data-dir " + dataDir
                    + "', or make a synthetic one with './hazelray gsod generate --year " + year + " --out " + dataDir + "'");
        }
    }
}
