package io.hazelray.datasets.gsod;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where something in an archive is wrong, and what: the member file, the line (1 is the header;
 * 0 when the problem is not on a line, such as a truncated gzip stream), the column if one is to
 * blame, and the reason.
 *
 * <pre>{@code
 * new GsodProblem("01001099999.csv", 17, GsodColumn.TEMP, "not a number: \"  3x.5\"").toString()
 *     // 01001099999.csv line 17, column TEMP: not a number: "  3x.5"
 * }</pre>
 *
 * @param member the tar member (a station file), or {@code null} when the archive itself is broken
 *               before any member
 * @param line   1-based line number in the member, or 0
 * @param column the column, or {@code null}
 * @param reason what is wrong, quoting the offending text
 */
public record GsodProblem(String member, long line, GsodColumn column, String reason) implements Serializable {
    /** In the reason of a row dated outside the archive's year (the archive may be another year's, renamed). */
    public static final String OUTSIDE_YEAR = "outside the archive's year";

    public GsodProblem {
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (member != null) {
            sb.append(member);
            if (line > 0) {
                sb.append(" line ").append(line);
            }
            if (column != null) {
                sb.append(", column ").append(column.name());
            }
            sb.append(": ");
        } else if (column != null) {
            sb.append("column ").append(column.name()).append(": ");
        }
        return sb.append(reason).toString();
    }
}
