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
 * than inflating the bytes; the fixed shape here lets a ten-line loop read the digits as
 * hundredths in one pass, which keeps up with zlib (the archive inflates at about 400 MB/s).
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

    private static final int TEMP = GsodCodec.cell(GsodColumn.TEMP);
    private static final int TEMP_A = GsodCodec.cell(GsodColumn.TEMP_ATTRIBUTES);
    private static final int DEWP = GsodCodec.cell(GsodColumn.DEWP);
    private static final int DEWP_A = GsodCodec.cell(GsodColumn.DEWP_ATTRIBUTES);
    private static final int SLP = GsodCodec.cell(GsodColumn.SLP);
    private static final int SLP_A = GsodCodec.cell(GsodColumn.SLP_ATTRIBUTES);
    private static final int STP = GsodCodec.cell(GsodColumn.STP);
    private static final int STP_A = GsodCodec.cell(GsodColumn.STP_ATTRIBUTES);
    private static final int VISIB = GsodCodec.cell(GsodColumn.VISIB);
    private static final int VISIB_A = GsodCodec.cell(GsodColumn.VISIB_ATTRIBUTES);
    private static final int WDSP = GsodCodec.cell(GsodColumn.WDSP);
    private static final int WDSP_A = GsodCodec.cell(GsodColumn.WDSP_ATTRIBUTES);
    private static final int MXSPD = GsodCodec.cell(GsodColumn.MXSPD);
    private static final int GUST = GsodCodec.cell(GsodColumn.GUST);
    private static final int MAX = GsodCodec.cell(GsodColumn.MAX);
    private static final int MAX_A = GsodCodec.cell(GsodColumn.MAX_ATTRIBUTES);
    private static final int MIN = GsodCodec.cell(GsodColumn.MIN);
    private static final int MIN_A = GsodCodec.cell(GsodColumn.MIN_ATTRIBUTES);
    private static final int PRCP = GsodCodec.cell(GsodColumn.PRCP);
    private static final int PRCP_A = GsodCodec.cell(GsodColumn.PRCP_ATTRIBUTES);
    private static final int SNDP = GsodCodec.cell(GsodColumn.SNDP);
    private static final int FRSHTT = GsodCodec.cell(GsodColumn.FRSHTT);

    private static final int S9999_9 = 999_990;
    private static final int S999_9 = 99_990;
    private static final int S99_99 = 9_999;

    /** Receives what a lenient parser skipped. */
    public interface ProblemSink {
        /** A row (or, when {@code wholeFile}, a station file) was skipped because of {@code problem}. */
        void skipped(GsodProblem problem, boolean wholeFile);
    }

    private final String archive;
    private final boolean lenient;
    private final boolean[] keep = new boolean[GsodCodec.DATA_COLUMNS];
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
        this.archive = archive;
        this.lenient = lenient;
        this.sink = sink;
        for (GsodColumn c : columns) {
            if (c.isData()) {
                keep[GsodCodec.cell(c)] = true;
            }
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
        while (pos < end) {
            line++;
            int rowStart = pos;
            try {
                if (rows == capacity) {
                    ensureCapacity(capacity + (capacity >> 1) + 16);
                }
                row();
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
        throw new RowError(null, "wrong header: " + found.size() + " columns, expected " + COLUMNS);
    }

    private static List<String> splitHeader(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
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

        c[TEMP][r] = measure(GsodColumn.TEMP, S9999_9);
        comma(GsodColumn.TEMP);
        c[TEMP_A][r] = count(GsodColumn.TEMP_ATTRIBUTES);
        comma(GsodColumn.TEMP_ATTRIBUTES);
        c[DEWP][r] = measure(GsodColumn.DEWP, S9999_9);
        comma(GsodColumn.DEWP);
        c[DEWP_A][r] = count(GsodColumn.DEWP_ATTRIBUTES);
        comma(GsodColumn.DEWP_ATTRIBUTES);
        c[SLP][r] = measure(GsodColumn.SLP, S9999_9);
        comma(GsodColumn.SLP);
        c[SLP_A][r] = count(GsodColumn.SLP_ATTRIBUTES);
        comma(GsodColumn.SLP_ATTRIBUTES);
        int stp = number(GsodColumn.STP);
        comma(GsodColumn.STP);
        int stpCount = count(GsodColumn.STP_ATTRIBUTES);
        c[STP][r] = stpCount == 0 ? GsodCodec.MISSING : stp;
        c[STP_A][r] = stpCount;
        comma(GsodColumn.STP_ATTRIBUTES);
        c[VISIB][r] = measure(GsodColumn.VISIB, S999_9);
        comma(GsodColumn.VISIB);
        c[VISIB_A][r] = count(GsodColumn.VISIB_ATTRIBUTES);
        comma(GsodColumn.VISIB_ATTRIBUTES);
        c[WDSP][r] = measure(GsodColumn.WDSP, S999_9);
        comma(GsodColumn.WDSP);
        c[WDSP_A][r] = count(GsodColumn.WDSP_ATTRIBUTES);
        comma(GsodColumn.WDSP_ATTRIBUTES);
        c[MXSPD][r] = measure(GsodColumn.MXSPD, S999_9);
        comma(GsodColumn.MXSPD);
        c[GUST][r] = measure(GsodColumn.GUST, S999_9);
        comma(GsodColumn.GUST);
        c[MAX][r] = measure(GsodColumn.MAX, S9999_9);
        comma(GsodColumn.MAX);
        c[MAX_A][r] = star(GsodColumn.MAX_ATTRIBUTES);
        comma(GsodColumn.MAX_ATTRIBUTES);
        c[MIN][r] = measure(GsodColumn.MIN, S9999_9);
        comma(GsodColumn.MIN);
        c[MIN_A][r] = star(GsodColumn.MIN_ATTRIBUTES);
        comma(GsodColumn.MIN_ATTRIBUTES);
        c[PRCP][r] = measure(GsodColumn.PRCP, S99_99);
        comma(GsodColumn.PRCP);
        c[PRCP_A][r] = letter(GsodColumn.PRCP_ATTRIBUTES);
        comma(GsodColumn.PRCP_ATTRIBUTES);
        c[SNDP][r] = measure(GsodColumn.SNDP, S999_9);
        comma(GsodColumn.SNDP);
        c[FRSHTT][r] = frshtt();
        endOfRow();
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
        final byte[] b = this.b;
        int p = pos;
        if (p + 12 > end || b[p] != '"' || b[p + 5] != '-' || b[p + 8] != '-' || b[p + 11] != '"') {
            throw new RowError(GsodColumn.DATE, "not a date (YYYY-MM-DD): " + quote(text(p, fieldEnd(p))));
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
        if (!ok) {
            throw new RowError(GsodColumn.DATE, "not a date (YYYY-MM-DD): " + quote(text(p, p + 12)));
        }
        int ym = y * 16 + m;
        if (ym != cachedYearMonth) {
            try {
                LocalDate first = LocalDate.of(y, m, 1);
                cachedMonthStart = (int) first.toEpochDay();
                cachedMonthLength = first.lengthOfMonth();
                cachedYearMonth = ym;
            } catch (DateTimeException e) {
                throw new RowError(GsodColumn.DATE, "not a valid date: " + quote(text(p, p + 12)));
            }
        }
        if (d < 1 || d > cachedMonthLength) {
            throw new RowError(GsodColumn.DATE, "not a valid date: " + quote(text(p, p + 12)));
        }
        pos = p + 12;
        return cachedMonthStart + d - 1;
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
        return raw.startsWith("\"") ? raw : "\"" + raw + "\"";
    }

    /** A bad field. No stack trace: in lenient mode one is thrown per bad row. */
    private static final class RowError extends RuntimeException {
        final GsodColumn column;

        RowError(GsodColumn column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }
}
