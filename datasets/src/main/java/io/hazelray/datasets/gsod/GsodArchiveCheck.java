package io.hazelray.datasets.gsod;

import java.util.Arrays;
import io.hazelray.datasets.gsod.impl.GsodCodec;
import io.hazelray.datasets.gsod.impl.GsodCsvParser;
import io.hazelray.datasets.gsod.impl.MemberSource;
import io.hazelray.datasets.gsod.impl.TarGzMembers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Is a file NOAA's archive of a given year? Used by {@link GsodDownloader} on what it finds in the
 * directory and on what it receives, before keeping either: a valid tar.gz is not enough (a wrong
 * year, another data set, a synthetic year from {@link GsodGenerator} would all pass that).
 *
 * <pre>{@code
 * GsodArchiveCheck.Result r = GsodArchiveCheck.check(Path.of("1980.tar.gz"), 1980);   // throws GsodFormatException if not
 * Optional<String> synthetic = GsodArchiveCheck.generatedBy(Path.of("1980.tar.gz"));
 * }</pre>
 *
 * What is checked: the whole gzip stream (CRC, length) and tar; every member is a station file
 * ({@code 11 digits.csv}, once) with GSOD's header, and the first and last row of each are dated
 * within the year (or January 1 of the next, as NOAA's archives have); at least one station; no
 * mark of a generated archive. Rows in between are not parsed: that is the reader's job.
 */
public final class GsodArchiveCheck {
    /** What {@link GsodArchiveWriter#markGenerated} writes before the description. */
    static final String GENERATED_PREFIX = "hazelray-generated: ";
    private static final Pattern STATION_FILE = Pattern.compile("\\d{11}\\.csv");

    private GsodArchiveCheck() {
    }

    /** What a check found. */
    public record Result(int stations, long bytes) {
    }

    /**
     * Checks that {@code archive} is NOAA's GSOD archive of {@code year}.
     *
     * @throws GsodFormatException saying why not (damaged, not GSOD, another year, synthetic)
     * @throws GsodException       when it cannot be read at all
     */
    public static Result check(Path archive, int year) {
        Objects.requireNonNull(archive, "archive");
        String name = archive.toString();
        Set<String> seen = new HashSet<>();
        long bytes = 0;
        try (TarGzMembers members = new TarGzMembers(archive, name)) {
            byte[] buf = null;
            MemberSource.Member m;
            while ((m = members.next(buf)) != null) {
                buf = m.data();
                bytes += m.length();
                String generated = members.paxComment();
                if (generated != null && generated.startsWith(GENERATED_PREFIX)) {
                    throw notGsod(name, null, "a synthetic archive made by Hazelray ("
                            + generated.substring(GENERATED_PREFIX.length()) + "), not NOAA's");
                }
                String member = m.name();
                if (!STATION_FILE.matcher(member).matches()) {
                    throw notGsod(name, member, "not a GSOD archive: this member is not a station file (11 digits.csv)");
                }
                if (!seen.add(member)) {
                    throw notGsod(name, member, "not a GSOD archive: this station file is in it twice");
                }
                checkStationFile(name, member, m.data(), m.length(), year);
            }
        }
        if (seen.isEmpty()) {
            throw notGsod(name, null, "not a GSOD archive: it holds no station file");
        }
        return new Result(seen.size(), bytes);
    }

    /** The description a generated archive carries, or empty for any other archive (or an unreadable file). */
    public static Optional<String> generatedBy(Path archive) {
        try (TarGzMembers members = new TarGzMembers(archive, archive.toString())) {
            members.next(null);                          // the global header comes before the first member
            String comment = members.paxComment();
            return comment != null && comment.startsWith(GENERATED_PREFIX)
                    ? Optional.of(comment.substring(GENERATED_PREFIX.length()))
                    : Optional.empty();
        } catch (GsodException e) {
            return Optional.empty();
        }
    }

    private static void checkStationFile(String archive, String member, byte[] data, int length, int year) {
        byte[] header = GsodCsvParser.HEADER;
        int eol = indexOf(data, 0, length);
        int headerEnd = eol > 0 && data[eol - 1] == '\r' ? eol - 1 : eol;
        if (headerEnd != header.length || !Arrays.equals(data, 0, headerEnd, header, 0, header.length)) {
            throw notGsod(archive, member, "not a GSOD archive: line 1 is not GSOD's header");
        }
        if (eol >= length - 1) {
            return;                                         // header only: NOAA has such files
        }
        checkDate(archive, member, 2, data, eol + 1, length, year);
        int lastEnd = length;
        while (lastEnd > 0 && (data[lastEnd - 1] == '\n' || data[lastEnd - 1] == '\r')) {
            lastEnd--;
        }
        int lastStart = lastEnd;
        while (lastStart > 0 && data[lastStart - 1] != '\n') {
            lastStart--;
        }
        if (lastStart > eol + 1) {
            checkDate(archive, member, 0, data, lastStart, length, year);
        }
    }

    /** The second field of the row at {@code from} is a date of {@code year} (or January 1 of the next). */
    private static void checkDate(String archive, String member, long line, byte[] data, int from, int length, int year) {
        int comma = from;
        while (comma < length && data[comma] != ',' && data[comma] != '\n') {
            comma++;
        }
        String field = comma + 12 <= length ? new String(data, comma + 1, 12, StandardCharsets.US_ASCII) : "";
        LocalDate date;
        try {
            date = LocalDate.parse(field.length() == 12 && field.charAt(0) == '"' && field.charAt(11) == '"'
                    ? field.substring(1, 11) : "?");
        } catch (DateTimeParseException e) {
            throw new GsodFormatException(archive, new GsodProblem(member, line, GsodColumn.DATE,
                    "not a GSOD archive: not a date: " + field));
        }
        if (date.toEpochDay() < GsodCodec.firstDayOf(year) || date.toEpochDay() > GsodCodec.lastDayOf(year)) {
            throw new GsodFormatException(archive, new GsodProblem(member, line, GsodColumn.DATE,
                    "not the archive of " + year + ": a row is dated " + date));
        }
    }

    private static int indexOf(byte[] data, int from, int length) {
        for (int i = from; i < length; i++) {
            if (data[i] == '\n') {
                return i;
            }
        }
        return length;
    }

    private static GsodFormatException notGsod(String archive, String member, String reason) {
        return new GsodFormatException(archive, new GsodProblem(member, 0, null, reason));
    }
}
