package io.hazelray.datasets.gsod;

import java.util.Objects;

/**
 * An archive that is not what NOAA publishes: a wrong or missing header, a row with the wrong
 * number of columns, a number or a date that does not parse, a truncated gzip stream or a corrupt
 * tar. The message names the archive, the member file, the line and the column:
 * <pre>
 * 2019.tar.gz: 01001099999.csv line 17, column TEMP: not a number: "  3x.5"
 * </pre>
 *
 * <p>A {@linkplain GsodReader#lenient() lenient} reader skips bad rows (and station files with a
 * bad header) instead of throwing, but a truncated gzip stream or a corrupt tar is fatal in both
 * modes: nothing after the break can be read.
 */
public class GsodFormatException extends GsodException {
    private static final long serialVersionUID = 1L;

    private final String archive;
    private final GsodProblem problem;
    private final boolean damaged;

    public GsodFormatException(String archive, GsodProblem problem) {
        this(archive, problem, null);
    }

    public GsodFormatException(String archive, GsodProblem problem, Throwable cause) {
        this(archive, problem, cause, false);
    }

    /**
     * @param damaged the file itself is damaged (its compressed data or its tar structure), as
     *                opposed to an intact archive whose CSV content is wrong
     */
    public GsodFormatException(String archive, GsodProblem problem, Throwable cause, boolean damaged) {
        super(Objects.requireNonNull(archive, "archive") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.archive = archive;
        this.problem = problem;
        this.damaged = damaged;
    }

    /**
     * True when the file is damaged (a gzip stream that fails its CRC or ends early, a corrupt
     * tar): the remedy is a fresh copy, not a fix to a reading. False when the archive is intact
     * and its content is not GSOD's.
     */
    public boolean isDamaged() {
        return damaged;
    }

    /** The archive as the reader was given it (a path, or a name for a stream). */
    public String archive() {
        return archive;
    }

    /** Where and what. */
    public GsodProblem problem() {
        return problem;
    }

    /** The member (station file), or {@code null} when the archive broke before the first member. */
    public String member() {
        return problem.member();
    }

    /** The 1-based line in the member, or 0 when the problem is not on a line. */
    public long line() {
        return problem.line();
    }

    /** The column to blame, or {@code null}. */
    public GsodColumn column() {
        return problem.column();
    }
}
