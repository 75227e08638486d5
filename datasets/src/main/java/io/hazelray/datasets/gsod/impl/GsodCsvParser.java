package io.hazelray.datasets.gsod.impl;

import io.hazelray.datasets.gsod.GsodColumn;
import io.hazelray.datasets.gsod.GsodFormatException;
import io.hazelray.datasets.gsod.GsodProblem;
import io.hazelray.datasets.gsod.GsodStation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Parses one GSOD station file (the bytes of one tar member) into a {@link GsodStation}, straight
 * from the bytes: no {@code String} per field or per row, only the station id and the metadata
 * once per file. Internal: not part of the API. Not thread-safe; reuse one per reading thread (it
 * keeps its column buffers between files).
 *
 * <p>Why hand-written: every field is a quoted, right-aligned decimal with at most two decimals
 * ({@code "  31.5"}, {@code " 0.00"}, {@code "9999.9"}). A CSV library (Commons CSV, Jackson CSV,
 * univocity) hands out a {@code String} per field, and {@code Double.parseDouble} on it costs more
 * than inflating the bytes; the fixed shape here lets a short loop read the digits as hundredths
 * in one pass. Two paths: {@link #row()} reads any row on its own and words every error;
 * {@link #fastRow()} reads the usual row against the layout of the one before, and hands anything
 * else to {@code row()}.
 */
public final class GsodCsvParser {
    private static final Logger LOG = LoggerFactory.getLogger(GsodCsvParser.class);

    /** The header line of every station file, without its line end. */
    public static final byte[] HEADER;
    private static final int COLUMNS = GsodColumn.count();

    static {
        StringBuilder sb = new StringBuilder();
        for (GsodColumn c : GsodColumn.values()) {
            sb.append(sb.length() == 0 ? "" : ",").append('"').append(c.name()).append('"');
        }
        HEADER = sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    // How each data field (TEMP .. FRSHTT, in file order: field k is cell k) is read. One table for
    // both the careful path (row) and the fast one (fastRow), so the two cannot disagree on a column.
    private static final byte MEASURE = 0;
    private static final byte COUNT = 1;
    private static final byte STP_NUMBER = 2;      // STP: no sentinel; missing when STP_ATTRIBUTES is 0
    private static final byte STP_COUNT = 3;
    private static final byte STAR = 4;
    private static final byte LETTER = 5;
    private static final byte FLAGS = 6;
    // Byte tables for fastRow's branch-free number reading (see there).
    private static final int[] CLASS = new int[256];
    private static final int[] MINUS = new int[256];
    private static final int[] POWER_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};
    private static final int[] DIGIT = new int[256];
    private static final int[] STAR_BAD = new int[256];
    private static final int[] LETTER_BAD = new int[256];
    private static final int[] SCALE = {100, 10, 1};

    static {
        Arrays.fill(CLASS, -100);
        Arrays.fill(STAR_BAD, 1);
        Arrays.fill(LETTER_BAD, 1);
        CLASS[' '] = 0;
        CLASS['-'] = 1;
        MINUS['-'] = 1;
        for (int d = '0'; d <= '9'; d++) {
            CLASS[d] = 2;
            DIGIT[d] = d - '0';
        }
        STAR_BAD['*'] = 0;
        STAR_BAD[' '] = 0;
        LETTER_BAD[' '] = 0;
        for (int l = 'A'; l <= 'Z'; l++) {
            LETTER_BAD[l] = 0;
        }
    }

    private static final GsodColumn[] FIELD_COLUMN = new GsodColumn[GsodCodec.DATA_COLUMNS];
    private static final byte[] FIELD_KIND = new byte[GsodCodec.DATA_COLUMNS];
    private static final int[] FIELD_SENTINEL = new int[GsodCodec.DATA_COLUMNS];

    static {
        for (GsodColumn c : GsodColumn.values()) {
            if (!c.isData()) {
                continue;
            }
            int k = GsodCodec.cell(c);
            FIELD_COLUMN[k] = c;
            FIELD_SENTINEL[k] = GsodCodec.sentinel(c);
            FIELD_KIND[k] = switch (c) {
                case STP -> STP_NUMBER;
                case STP_ATTRIBUTES -> STP_COUNT;
                case MAX_ATTRIBUTES, MIN_ATTRIBUTES -> STAR;
                case PRCP_ATTRIBUTES -> LETTER;
                case FRSHTT -> FLAGS;
                default -> c.isCount() ? COUNT : MEASURE;
            };
        }
    }

    /** Receives what a lenient parser skipped. */
    public interface ProblemSink {
        /** A row (or, when {@code wholeFile}, a station file) was skipped because of {@code problem}. */
        void skipped(GsodProblem problem, boolean wholeFile);
    }

    private final String archive;
    private final boolean lenient;
    private final boolean fastPath;
    private long fastRows;
    private final boolean[] keep = new boolean[GsodCodec.DATA_COLUMNS];
    /** The fields whose value fastRow needs: the kept ones, and STP_ATTRIBUTES when STP is kept. */
    private final boolean[] wanted = new boolean[GsodCodec.DATA_COLUMNS];
    private final ProblemSink sink;

    private int capacity;
    private int[] days = new int[0];
    private final int[][] cols = new int[GsodCodec.DATA_COLUMNS][0];
    private int rows;

    private byte[] b;
    private int pos;
    private int end;
    private String member;
    private long line;

    private final byte[] idBytes = new byte[64];
    private int idLen;
    // The layout fastRow expects, learnt from the last row row() read (learnLayout): the row's
    // length without its '\n', and each data field's start (from the row's start), width inside
    // its quotes, and number of decimals.
    private boolean layoutKnown;
    private int rowLength;
    private final int[] fieldStart = new int[GsodCodec.DATA_COLUMNS];
    private final int[] fieldWidth = new int[GsodCodec.DATA_COLUMNS];
    private final int[] fieldDecimals = new int[GsodCodec.DATA_COLUMNS];
    private String id;
    private byte[] meta = new byte[256];
    private int metaLen;
    private boolean metaChangedLogged;
    private double latitude;
    private double longitude;
    private double elevation;
    private String name;

    private int cachedYearMonth = -1;
    private int cachedMonthStart;
    private int cachedMonthLength;

    /**
     * @param archive the archive's name for messages
     * @param lenient skip bad rows (and files with a bad header) instead of throwing
     * @param columns the data columns to keep in each station (others are parsed and checked, then dropped)
     * @param sink    where a lenient parser reports what it skipped (unused when strict)
     */
    public GsodCsvParser(String archive, boolean lenient, Set<GsodColumn> columns, ProblemSink sink) {
        this(archive, lenient, columns, sink, true);
    }

    /** {@code fastPath} false: every row through {@link #row()} (tests compare the two paths). */
    GsodCsvParser(String archive, boolean lenient, Set<GsodColumn> columns, ProblemSink sink, boolean fastPath) {
        this.archive = archive;
        this.fastPath = fastPath;
        this.lenient = lenient;
        this.sink = sink;
        for (GsodColumn c : columns) {
            if (c.isData()) {
                keep[GsodCodec.cell(c)] = true;
            }
        }
        for (int k = 0; k < wanted.length; k++) {
            wanted[k] = keep[k] || FIELD_KIND[k] == STP_COUNT && keep[k - 1];
        }
    }

    /**
     * Parses {@code data[0, length)}, the content of tar member {@code member}.
     *
     * @param year the archive's year, or 0 to take the year of the first row
     * @return the station, or {@code null} when a lenient parser skipped the whole file
     * @throws GsodFormatException when strict and anything is wrong
     */
    public GsodStation parse(String member, byte[] data, int length, int year) {
        this.member = member;
        this.b = data;
        this.pos = 0;
        this.end = length;
        this.line = 1;
        this.rows = 0;
        this.id = null;
        this.idLen = 0;
        this.layoutKnown = false;
        this.metaLen = -1;
        this.metaChangedLogged = false;
        this.latitude = Double.NaN;
        this.longitude = Double.NaN;
        this.elevation = Double.NaN;
        this.name = null;
        try {
            header();
        } catch (RowError e) {
            GsodProblem p = new GsodProblem(member, 1, e.column, e.getMessage());
            if (!lenient) {
                throw new GsodFormatException(archive, p);
            }
            sink.skipped(p, true);
            return null;
        }
        ensureCapacity(Math.max(16, length / 240));
        // A row dated outside the archive's year means the archive is another year's (a renamed
        // file): its counts would be given as this year's.
        int firstDay = year > 0 ? GsodCodec.firstDayOf(year) : Integer.MIN_VALUE;
        int lastDay = year > 0 ? GsodCodec.lastDayOf(year) : Integer.MAX_VALUE;
        while (pos < end) {
            line++;
            int rowStart = pos;
            try {
                if (rows == capacity) {
                    ensureCapacity(capacity + (capacity >> 1) + 16);
                }
                if (fastPath && fastRow()) {
                    fastRows++;
                } else {
                    row();
                    learnLayout(rowStart);
                }
                if (days[rows] < firstDay || days[rows] > lastDay) {
                    throw new RowError(GsodColumn.DATE, "dated " + LocalDate.ofEpochDay(days[rows]) + ", "
                            + GsodProblem.OUTSIDE_YEAR + " (" + year + ")");
                }
                rows++;
            } catch (RowError e) {
                GsodProblem p = new GsodProblem(member, line, e.column, e.getMessage());
                if (!lenient) {
                    throw new GsodFormatException(archive, p);
                }
                sink.skipped(p, false);
                pos = nextLine(rowStart);
            }
        }
        if (id == null) {
            id = member.endsWith(".csv") ? member.substring(0, member.length() - 4) : member;
            int slash = id.lastIndexOf('/');
            id = slash >= 0 ? id.substring(slash + 1) : id;
        }
        int stationYear = year > 0 ? year : rows > 0 ? LocalDate.ofEpochDay(days[0]).getYear() : 0;
        int[][] out = new int[GsodCodec.DATA_COLUMNS][];
        for (int c = 0; c < out.length; c++) {
            if (keep[c]) {
                out[c] = Arrays.copyOf(cols[c], rows);
            }
        }
        return GsodAccess.get().station(id, stationYear, latitude, longitude, elevation, name,
                Arrays.copyOf(days, rows), out);
    }

    /** How many rows {@link #fastRow()} read, for tests: the comparison of the two paths means nothing at 0. */
    long fastRows() {
        return fastRows;
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        days = Arrays.copyOf(days, n);
        for (int c = 0; c < cols.length; c++) {
            cols[c] = Arrays.copyOf(cols[c], n);
        }
        capacity = n;
    }

    // ---- the header ----

    private void header() {
        int eol = lineEnd(0);
        int len = eol > 0 && b[eol - 1] == '\r' ? eol - 1 : eol;
        if (end == 0) {
            throw new RowError(null, "empty file: no header line");
        }
        if (len == HEADER.length && Arrays.equals(b, 0, len, HEADER, 0, len)) {
            pos = eol < end ? eol + 1 : end;
            return;
        }
        List<String> found = splitHeader(new String(b, 0, len, StandardCharsets.UTF_8));
        for (int i = 0; i < Math.min(found.size(), COLUMNS); i++) {
            String expected = GsodColumn.at(i).name();
            if (!found.get(i).equals(expected)) {
                String what = i == 0 ? "missing or wrong header" : "wrong header";
                throw new RowError(GsodColumn.at(i), what + ": expected \"" + expected + "\", found " + quote(found.get(i)));
            }
        }
        if (found.size() == COLUMNS) {
            pos = eol < end ? eol + 1 : end; // the right names, quoted otherwise (or not at all), as rows may be
            return;
        }
        throw new RowError(null, "wrong header: " + found.size() + " columns, expected " + COLUMNS);
    }

    private static List<String> splitHeader(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && quoted && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                cur.append('"');                    // a doubled quote inside quotes: one quote
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    // ---- one row ----

    private void row() {
        final int r = rows;
        final int[][] c = cols;
        if (b[pos] == '\n' || b[pos] == '\r') {
            throw new RowError(null, "empty line");
        }
        station();
        comma(GsodColumn.STATION);
        days[r] = date();
        comma(GsodColumn.DATE);
        metadata();
        comma(GsodColumn.NAME);
        int stp = 0;
        for (int k = 0; k < FIELD_KIND.length; k++) {
            GsodColumn column = FIELD_COLUMN[k];
            if (k > 0) {
                comma(FIELD_COLUMN[k - 1]);
            }
            switch (FIELD_KIND[k]) {
                case MEASURE -> c[k][r] = measure(column, FIELD_SENTINEL[k]);
                case COUNT -> c[k][r] = count(column);
                case STP_NUMBER -> stp = number(column);
                case STP_COUNT -> {
                    int n = count(column);
                    c[k - 1][r] = n == 0 ? GsodCodec.MISSING : stp;
                    c[k][r] = n;
                }
                case STAR -> c[k][r] = star(column);
                case LETTER -> c[k][r] = letter(column);
                default -> c[k][r] = frshtt();
            }
        }
        endOfRow();
    }

    /**
     * The common row, read against the layout of the row before (see {@link #learnLayout}): the
     * same station and metadata bytes, and every quote and comma where they were, as NOAA writes
     * every row of a station file (right-aligned fields of fixed width, one decimal, two for
     * PRCP). Anything else, valid or not, returns {@code false} and {@link #row()} reads the row
     * again from its start: it alone accepts the unusual and words the errors. What this accepts,
     * {@code row()} accepts with the same cells ({@code GsodCsvParserTest} checks both paths
     * against each other on the real archives and on damaged rows).
     *
     * <p>Why: {@code row()} follows each field to its end, with a call per field, its position in
     * a field, and a branch per byte whose outcome changes from row to row (how many spaces, how
     * many digits). Here the position stays in a local, every loop runs a fixed number of times per
     * column, each byte goes through the same arithmetic whatever it is, and the checks are OR-ed
     * into one word tested once per row. Reading 2019's archive as the GSOD job does (TEMP kept,
     * inflating included), {@code bench gsod-read}'s "TEMP only" row gave 2.78-2.98 s instead of
     * 3.20-4.29 s under C1, the compiler {@code ./hazelray gsod} runs with, and no measurable
     * change under C2 (README, Performance).
     */
    private boolean fastRow() {
        final byte[] b = this.b;
        final int p0 = pos;
        final int eol = p0 + rowLength;
        if (!layoutKnown || eol >= end || b[eol] != '\n') {
            return false;
        }
        final int idEnd = p0 + 1 + idLen;                 // the station's closing quote
        final int metaStart = idEnd + 15;                 // after '",' + "YYYY-MM-DD" + ','
        if (b[p0] != '"' || b[idEnd] != '"' || b[idEnd + 1] != ',' || b[metaStart - 1] != ','
                || b[metaStart + metaLen] != ','
                || !Arrays.equals(b, p0 + 1, idEnd, idBytes, 0, idLen)
                || !Arrays.equals(b, metaStart, metaStart + metaLen, meta, 0, metaLen)) {
            return false;
        }
        int day = fastDate(idEnd + 2);
        if (day == Integer.MIN_VALUE) {
            return false;
        }
        final int r = rows;
        final int[][] c = cols;
        final boolean[] keep = this.keep;
        final boolean[] wanted = this.wanted;
        final int[] starts = fieldStart;
        final int[] widths = fieldWidth;
        final int[] decimals = fieldDecimals;
        int bad = 0;                                      // any bit set: not a row for this path
        int stp = 0;
        for (int k = 0; k < FIELD_KIND.length; k++) {
            final int s = p0 + starts[k];
            final int e = s + widths[k];
            bad |= (b[s - 1] ^ '"') | (b[e] ^ '"') | (b[e + 1] ^ (k == FIELD_KIND.length - 1 ? '\n' : ','));
            final byte kind = FIELD_KIND[k];
            int v = 0;
            if (kind <= STP_COUNT) {
                // [spaces][-]digits[.decimals]: the byte classes (space 0, minus 1, digit 2, any
                // other byte negative) may only grow along the integer part.
                final int dec = decimals[k];
                final int intEnd = dec == 0 ? e : e - dec - 1;
                // The digits are the last bytes of the integer part, so each one's weight is known
                // from its place alone: the products are independent (no v * 10 + d chain).
                int prev = 0;
                int minus = 0;
                final boolean want = wanted[k];           // a dropped column: checked, not computed
                for (int i = s; i < intEnd; i++) {
                    int ch = b[i] & 0xFF;
                    int cls = CLASS[ch];
                    bad |= (cls - prev) >>> 31;
                    prev = cls;
                    minus += MINUS[ch];
                    if (want) {
                        v += DIGIT[ch] * POWER_OF_TEN[intEnd - 1 - i];
                    }
                }
                if (dec > 0) {
                    bad |= b[intEnd] ^ '.';
                    int f = 0;
                    for (int i = intEnd + 1; i < e; i++) {
                        int ch = b[i] & 0xFF;
                        bad |= CLASS[ch] ^ 2;
                        f = f * 10 + DIGIT[ch];
                    }
                    v = v * POWER_OF_TEN[dec] + f;
                }
                bad |= prev ^ 2;                          // the integer part ends with a digit
                if (kind == COUNT || kind == STP_COUNT) {
                    bad |= minus;
                } else {
                    bad |= (1 - minus) >>> 31;            // one minus at most
                    v *= SCALE[dec];
                    v = (v ^ -minus) + minus;
                }
                if (kind == MEASURE) {
                    int x = v ^ FIELD_SENTINEL[k];
                    v += ((((x | -x) >>> 31) ^ 1) * (GsodCodec.MISSING - v));   // the sentinel: MISSING
                }
            } else if (kind == FLAGS) {
                for (int i = s; i < e; i++) {
                    int d = b[i] - '0';
                    bad |= d & ~1;
                    v = (v << 1) | (d & 1);
                }
            } else if (s == e) {
                v = ' ';                                  // "" reads as " "
            } else {
                v = b[s];
                bad |= (kind == STAR ? STAR_BAD : LETTER_BAD)[v & 0xFF];
            }
            if (kind == STP_NUMBER) {
                stp = v;
            } else if (kind == STP_COUNT) {
                if (keep[k - 1]) {
                    c[k - 1][r] = v == 0 ? GsodCodec.MISSING : stp;
                }
                if (keep[k]) {
                    c[k][r] = v;
                }
            } else if (keep[k]) {
                c[k][r] = v;
            }
        }
        if (bad != 0) {
            return false;
        }
        days[r] = day;
        pos = eol + 1;
        return true;
    }

    /**
     * After {@link #row()} read the row at {@code rowStart}: learns where its data fields are, for
     * {@link #fastRow()}. Only a layout fastRow can check completely is learnt: the row's station
     * and metadata are the file's first ones, every field is quoted, and each field's width keeps
     * its numbers within what row() accepts (at most 7 integer digits, 2 decimals; counts of at most
     * 5 digits; one-character flags; six FRSHTT digits).
     */
    private void learnLayout(int rowStart) {
        layoutKnown = false;
        // A quoted station in a row row() accepted is the file's id, read up to its first quote: so
        // the id holds no quote, and fastRow may compare its bytes between quotes.
        if (b[pos - 1] != '\n' || b[pos - 2] == '\r' || metaLen < 0) {
            return;
        }
        final int eol = pos - 1;
        int p = rowStart + 1 + idLen + 15 + metaLen;       // the comma after NAME, if the layout is the usual one
        if (b[rowStart] != '"' || p >= eol || b[p] != ','
                || !Arrays.equals(b, rowStart + 1 + idLen + 15, p, meta, 0, metaLen)) {
            return;
        }
        p++;
        for (int k = 0; k < FIELD_KIND.length; k++) {
            if (b[p] != '"') {
                return;
            }
            int s = p + 1;
            int q = s;
            while (q < eol && b[q] != '"') {
                q++;
            }
            if (q >= eol || k < FIELD_KIND.length - 1 && b[q + 1] != ',') {
                return;
            }
            int w = q - s;
            int dot = -1;
            for (int i = s; i < q; i++) {
                if (b[i] == '.') {
                    dot = i;
                }
            }
            int dec = dot < 0 ? 0 : q - dot - 1;
            int intDigits = dot < 0 ? w : dot - s;
            boolean fits = switch (FIELD_KIND[k]) {
                case MEASURE, STP_NUMBER -> intDigits >= 1 && intDigits <= 7 && dec <= 2 && (dot < 0 || dec >= 1);
                case COUNT, STP_COUNT -> dot < 0 && w >= 1 && w <= 5;
                case STAR, LETTER -> w <= 1;
                default -> w == 6;
            };
            if (!fits) {
                return;
            }
            fieldStart[k] = s - rowStart;
            fieldWidth[k] = w;
            fieldDecimals[k] = dec;
            p = q + 2;
        }
        if (p - 1 != eol) {
            return;
        }
        rowLength = eol - rowStart;
        layoutKnown = true;
    }

    /** {@link #date()} at {@code p} without its errors: the day, or {@code Integer.MIN_VALUE}. */
    private int fastDate(int p) {
        int ymd = dateDigits(p);
        return ymd < 0 ? Integer.MIN_VALUE : day(ymd);
    }

    /**
     * The digits of the quoted {@code YYYY-MM-DD} at {@code p} (which has 12 bytes to read), packed
     * as {@code y << 14 | m << 7 | d}; -1 when it is not of that shape.
     */
    private int dateDigits(int p) {
        final byte[] b = this.b;
        if (b[p] != '"' || b[p + 5] != '-' || b[p + 8] != '-' || b[p + 11] != '"') {
            return -1;
        }
        int y = 0;
        int m = 0;
        int d = 0;
        boolean ok = true;
        for (int i = 1; i <= 4; i++) {
            int v = b[p + i] - '0';
            ok &= v >= 0 && v <= 9;
            y = y * 10 + v;
        }
        for (int i = 6; i <= 7; i++) {
            int v = b[p + i] - '0';
            ok &= v >= 0 && v <= 9;
            m = m * 10 + v;
        }
        for (int i = 9; i <= 10; i++) {
            int v = b[p + i] - '0';
            ok &= v >= 0 && v <= 9;
            d = d * 10 + v;
        }
        return ok ? y << 14 | m << 7 | d : -1;
    }

    /** The day (since 1970-01-01) of packed date digits, or {@code Integer.MIN_VALUE} when there is no such date. */
    private int day(int ymd) {
        int y = ymd >>> 14;
        int m = (ymd >>> 7) & 0x7F;
        int d = ymd & 0x7F;
        if (y * 16 + m != cachedYearMonth && !month(y, m) || d < 1 || d > cachedMonthLength) {
            return Integer.MIN_VALUE;
        }
        return cachedMonthStart + d - 1;
    }

    /** Makes {@code y-m} the cached month; false when there is no such month. */
    private boolean month(int y, int m) {
        try {
            LocalDate first = LocalDate.of(y, m, 1);
            cachedMonthStart = (int) first.toEpochDay();
            cachedMonthLength = first.lengthOfMonth();
            cachedYearMonth = y * 16 + m;
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private void comma(GsodColumn after) {
        int p = pos;
        if (p < end && b[p] == ',') {
            pos = p + 1;
            return;
        }
        if (p >= end || b[p] == '\n' || b[p] == '\r') {
            throw new RowError(null, "row has " + (after.ordinal() + 1) + " columns, expected " + COLUMNS);
        }
        throw new RowError(after, "unexpected text after the field: " + quote(text(p, fieldEnd(p))));
    }

    private void endOfRow() {
        int p = pos;
        if (p >= end) {
            return;                                   // the last line may lack its newline
        }
        if (b[p] == '\n') {
            pos = p + 1;
            return;
        }
        if (b[p] == '\r' && p + 1 < end && b[p + 1] == '\n') {
            pos = p + 2;
            return;
        }
        if (b[p] == ',') {
            throw new RowError(null, "row has " + countColumns(p) + " columns, expected " + COLUMNS);
        }
        throw new RowError(GsodColumn.FRSHTT, "unexpected text after the field: " + quote(text(p, fieldEnd(p))));
    }

    private int countColumns(int from) {
        int n = COLUMNS;
        boolean quoted = false;
        for (int p = from; p < end && (quoted || b[p] != '\n'); p++) {
            if (b[p] == '"') {
                quoted = !quoted;
            } else if (b[p] == ',' && !quoted) {
                n++;
            }
        }
        return n;
    }

    // ---- fields ----

    private void station() {
        int p = pos;
        int start;
        int stop;
        if (p < end && b[p] == '"') {
            start = p + 1;
            stop = start;
            while (stop < end && b[stop] != '"' && b[stop] != '\n') {
                stop++;
            }
            if (stop >= end || b[stop] != '"') {
                throw new RowError(GsodColumn.STATION, "unterminated quoted field");
            }
            pos = stop + 1;
        } else {
            start = p;
            stop = fieldEnd(p);
            pos = stop;
        }
        int len = stop - start;
        if (pos >= end || b[pos] != ',') {
            // One field on the line (a stray line, a field of megabytes): the row's shape is what
            // is wrong, not its station; say so before comparing ids.
            throw new RowError(null, "row has 1 column, expected " + COLUMNS);
        }
        if (id != null) {
            if (len == idLen && Arrays.equals(b, start, stop, idBytes, 0, len)) {
                return;
            }
            throw new RowError(GsodColumn.STATION, "station " + quote(text(start, stop))
                    + " differs from this file's first row (" + id + ")");
        }
        if (len == 0 || len > idBytes.length) {
            throw new RowError(GsodColumn.STATION, "not a station id: " + quote(text(start, stop)));
        }
        for (int i = start; i < stop; i++) {
            byte ch = b[i];
            if (ch <= ' ' || ch == ',' || ch >= 127) {
                throw new RowError(GsodColumn.STATION, "not a station id: " + quote(text(start, stop)));
            }
        }
        System.arraycopy(b, start, idBytes, 0, len);
        idLen = len;
        id = new String(b, start, len, StandardCharsets.US_ASCII);
    }

    /** A quoted YYYY-MM-DD as days since 1970-01-01. */
    private int date() {
        int p = pos;
        int ymd = p + 12 > end ? -1 : dateDigits(p);
        if (ymd < 0) {
            boolean shaped = p + 12 <= end && b[p] == '"' && b[p + 5] == '-' && b[p + 8] == '-' && b[p + 11] == '"';
            throw new RowError(GsodColumn.DATE, "not a date (YYYY-MM-DD): " + quote(text(p, shaped ? p + 12 : fieldEnd(p))));
        }
        int day = day(ymd);
        if (day == Integer.MIN_VALUE) {
            throw new RowError(GsodColumn.DATE, "not a valid date: " + quote(text(p, p + 12)));
        }
        pos = p + 12;
        return day;
    }

    /** LATITUDE .. NAME: parsed on the first row, then only compared with it byte by byte. */
    private void metadata() {
        int start = pos;
        skipField(GsodColumn.LATITUDE);
        comma(GsodColumn.LATITUDE);
        skipField(GsodColumn.LONGITUDE);
        comma(GsodColumn.LONGITUDE);
        skipField(GsodColumn.ELEVATION);
        comma(GsodColumn.ELEVATION);
        skipField(GsodColumn.NAME);
        int stop = pos;
        int len = stop - start;
        if (len == metaLen && Arrays.equals(b, start, stop, meta, 0, len)) {
            return;
        }
        if (metaLen < 0) {
            parseMetadata(start);
            if (meta.length < len) {
                meta = new byte[len * 2];
            }
            System.arraycopy(b, start, meta, 0, len);
            metaLen = len;
        } else {
            // A different description on a later row: check it, keep the first row's.
            double lat = latitude;
            double lon = longitude;
            double elev = elevation;
            String n = name;
            parseMetadata(start);
            latitude = lat;
            longitude = lon;
            elevation = elev;
            name = n;
            if (!metaChangedLogged) {
                metaChangedLogged = true;
                LOG.debug("{}: {} line {}: the station's metadata changes; keeping the first row's", archive, member, line);
            }
        }
        pos = stop;
    }

    private void parseMetadata(int from) {
        pos = from;
        latitude = metadataNumber(GsodColumn.LATITUDE);
        pos++;
        longitude = metadataNumber(GsodColumn.LONGITUDE);
        pos++;
        elevation = metadataNumber(GsodColumn.ELEVATION);
        pos++;
        int start = pos;
        skipField(GsodColumn.NAME);
        String n = unquote(start, pos);
        name = n.isEmpty() ? null : n;
    }

    private double metadataNumber(GsodColumn column) {
        int start = pos;
        skipField(column);
        String s = unquote(start, pos).trim();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v) && !s.endsWith("d") && !s.endsWith("D") && !s.endsWith("f") && !s.endsWith("F")) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RowError(column, "not a number: " + quote(text(start, pos)));
    }

    /** Moves past a quoted (with "" escapes) or unquoted field, to the comma or line end after it. */
    private void skipField(GsodColumn column) {
        int p = pos;
        if (p < end && b[p] == '"') {
            p++;
            while (true) {
                while (p < end && b[p] != '"' && b[p] != '\n') {
                    p++;
                }
                if (p >= end || b[p] == '\n') {
                    throw new RowError(column, "unterminated quoted field");
                }
                if (p + 1 < end && b[p + 1] == '"') {
                    p += 2;
                    continue;
                }
                pos = p + 1;
                return;
            }
        }
        pos = fieldEnd(p);
    }

    private String unquote(int start, int stop) {
        if (stop > start && b[start] == '"') {
            String s = new String(b, start + 1, stop - start - 2, StandardCharsets.UTF_8);
            return s.indexOf('"') >= 0 ? s.replace("\"\"", "\"") : s;
        }
        return new String(b, start, stop - start, StandardCharsets.UTF_8);
    }

    /** A measurement, or {@link GsodCodec#MISSING} when it is the column's sentinel. */
    private int measure(GsodColumn column, int sentinel) {
        int v = number(column);
        return v == sentinel ? GsodCodec.MISSING : v;
    }

    /** A quoted, space-padded decimal with at most two decimals, as hundredths. */
    private int number(GsodColumn column) {
        final byte[] b = this.b;
        final int end = this.end;
        int p = pos;
        final int start = p;
        boolean quoted = p < end && b[p] == '"';
        if (quoted) {
            p++;
        }
        while (p < end && b[p] == ' ') {
            p++;
        }
        boolean negative = false;
        if (p < end && b[p] == '-') {
            negative = true;
            p++;
        }
        int v = 0;
        int digits = 0;
        int d;
        while (p < end && (d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            digits++;
            p++;
        }
        int decimals = 0;
        if (p < end && b[p] == '.') {
            p++;
            while (p < end && (d = b[p] - '0') >= 0 && d <= 9) {
                v = v * 10 + d;
                decimals++;
                p++;
            }
        }
        if (quoted) {
            if (p < end && b[p] == '"') {
                p++;
            } else {
                p = -1;
            }
        }
        if (p < 0 || digits + decimals == 0 || decimals > 2 || digits > 7) {
            throw new RowError(column, notANumber(start, decimals, digits));
        }
        pos = p;
        if (decimals == 0) {
            v *= 100;
        } else if (decimals == 1) {
            v *= 10;
        }
        return negative ? -v : v;
    }

    private String notANumber(int start, int decimals, int digits) {
        String field = quote(text(start, fieldEnd(start)));
        if (decimals > 2 && digits <= 7) {
            return "more than 2 decimals: " + field;
        }
        if (digits > 7) {
            return "number too large: " + field;
        }
        return start >= end || b[start] == ',' || b[start] == '\n' ? "empty, expected a number" : "not a number: " + field;
    }

    /** A quoted, space-padded observation count. */
    private int count(GsodColumn column) {
        final byte[] b = this.b;
        int p = pos;
        final int start = p;
        boolean quoted = p < end && b[p] == '"';
        if (quoted) {
            p++;
        }
        while (p < end && b[p] == ' ') {
            p++;
        }
        int v = 0;
        int digits = 0;
        int d;
        while (p < end && (d = b[p] - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            digits++;
            p++;
        }
        if (quoted) {
            if (p < end && b[p] == '"') {
                p++;
            } else {
                p = -1;
            }
        }
        if (p < 0 || digits == 0 || digits > 5) {
            throw new RowError(column, "not a count: " + quote(text(start, fieldEnd(start))));
        }
        pos = p;
        return v;
    }

    /** MAX/MIN_ATTRIBUTES: {@code "*"} or {@code " "} (also {@code ""}). */
    private int star(GsodColumn column) {
        final byte[] b = this.b;
        int p = pos;
        if (p + 3 <= end && b[p] == '"' && b[p + 2] == '"' && (b[p + 1] == '*' || b[p + 1] == ' ')) {
            pos = p + 3;
            return b[p + 1];
        }
        if (p + 2 <= end && b[p] == '"' && b[p + 1] == '"') {
            pos = p + 2;
            return ' ';
        }
        throw new RowError(column, "expected \"*\" or \" \": " + quote(text(p, fieldEnd(p))));
    }

    /** PRCP_ATTRIBUTES: a letter or {@code " "} (also {@code ""}). */
    private int letter(GsodColumn column) {
        final byte[] b = this.b;
        int p = pos;
        if (p + 3 <= end && b[p] == '"' && b[p + 2] == '"' && ((b[p + 1] >= 'A' && b[p + 1] <= 'Z') || b[p + 1] == ' ')) {
            pos = p + 3;
            return b[p + 1];
        }
        if (p + 2 <= end && b[p] == '"' && b[p + 1] == '"') {
            pos = p + 2;
            return ' ';
        }
        throw new RowError(column, "expected a letter A-Z or \" \": " + quote(text(p, fieldEnd(p))));
    }

    /** FRSHTT: six quoted 0/1 digits, fog first, as six bits (fog the highest). */
    private int frshtt() {
        final byte[] b = this.b;
        int p = pos;
        if (p + 8 <= end && b[p] == '"' && b[p + 7] == '"') {
            int v = 0;
            boolean ok = true;
            for (int i = 1; i <= 6; i++) {
                int d = b[p + i] - '0';
                ok &= d == 0 || d == 1;
                v = (v << 1) | (d & 1);
            }
            if (ok) {
                pos = p + 8;
                return v;
            }
        }
        throw new RowError(GsodColumn.FRSHTT, "expected six 0/1 digits: " + quote(text(p, fieldEnd(p))));
    }

    // ---- helpers (the cold paths: messages, skipping) ----

    private int lineEnd(int from) {
        int p = from;
        while (p < end && b[p] != '\n') {
            p++;
        }
        return p;
    }

    private int nextLine(int from) {
        int eol = lineEnd(from);
        return eol < end ? eol + 1 : end;
    }

    /** Where the field starting at {@code from} ends: after its closing quote, or at a comma / line end. */
    private int fieldEnd(int from) {
        int p = from;
        if (p < end && b[p] == '"') {
            p++;
            while (p < end && b[p] != '"' && b[p] != '\n') {
                p++;
            }
            return p < end && b[p] == '"' ? p + 1 : p;
        }
        while (p < end && b[p] != ',' && b[p] != '\n' && b[p] != '\r') {
            p++;
        }
        return p;
    }

    private String text(int from, int to) {
        int stop = Math.min(Math.min(to, end), from + 60);
        return from >= stop ? "" : new String(b, from, stop - from, StandardCharsets.UTF_8) + (to - from > 60 ? "..." : "");
    }

    private static String quote(String raw) {
        if (raw.isEmpty()) {
            return "(empty)";
        }
        if (raw.length() > MAX_QUOTED) { // a line of binary data, say: its start is enough to recognize it
            return "\"" + raw.substring(0, MAX_QUOTED) + "\"... (" + raw.length() + " characters)";
        }
        return raw.startsWith("\"") ? raw : "\"" + raw + "\"";
    }

    /** The most characters of a bad field an error message quotes. */
    private static final int MAX_QUOTED = 60;

    /** A bad field. No stack trace: in lenient mode one is thrown per bad row. */
    private static final class RowError extends RuntimeException {
        final GsodColumn column;

        RowError(GsodColumn column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }
}
