package io.hazelray.datasets.gsod;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What a read of one archive found: how many station files and rows it delivered and, for a
 * {@linkplain GsodReader#lenient() lenient} reader, how many rows and files it skipped, with the
 * first {@value #MAX_PROBLEMS} problems.
 *
 * <pre>{@code
 * GsodReadReport report = GsodReader.lenient().read(archive, station -> { ... });
 * if (!report.isClean()) {
 *     log.warn("{}", report);   // 2019.tar.gz: 12362 stations, 4158413 rows; skipped 2 rows, 0 files: 01001099999.csv line 17, ...
 * }
 * }</pre>
 *
 * @param archive      the archive's name
 * @param stations     station files delivered (header-only ones included)
 * @param rows         rows delivered
 * @param skippedRows  rows skipped (lenient only)
 * @param skippedFiles station files skipped for a bad header (lenient only)
 * @param problems     the first problems, in file order
 */
public record GsodReadReport(String archive, int stations, long rows, long skippedRows, int skippedFiles,
                             List<GsodProblem> problems) implements Serializable {
    /** How many problems a report keeps. */
    public static final int MAX_PROBLEMS = 10;

    public GsodReadReport {
        Objects.requireNonNull(archive, "archive");
        problems = List.copyOf(problems);
    }

    /** True when nothing was skipped. */
    public boolean isClean() {
        return skippedRows == 0 && skippedFiles == 0;
    }

    @Override
    public String toString() {
        String s = archive + ": " + stations + " stations, " + rows + " rows";
        if (isClean()) {
            return s;
        }
        return s + "; skipped " + skippedRows + (skippedRows == 1 ? " row" : " rows") + " and " + skippedFiles
                + (skippedFiles == 1 ? " file" : " files") + ": " + problems
                + (problems.size() < skippedRows + skippedFiles ? " ..." : "");
    }
}
