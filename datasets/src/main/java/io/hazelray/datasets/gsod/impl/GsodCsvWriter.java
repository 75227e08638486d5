package io.hazelray.datasets.gsod.impl;

import java.time.LocalDate;
import io.hazelray.datasets.gsod.GsodColumn;
import io.hazelray.datasets.gsod.GsodStation;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a station file exactly as NOAA does: every field quoted, measurements right-aligned with
 * spaces to their column's width ({@code "  31.5"}, {@code "999.9"}, {@code " 0.00"}), STP with
 * leading zeros ({@code "007.1"}), counts two wide ({@code " 6"}), sentinels for missing values,
 * empty unquoted metadata when it is unknown, LF line ends, a newline after the last row.
 * Internal. Not thread-safe; reuse one per writing thread.
 */
public final class GsodCsvWriter {
    private static final int[] SENTINEL_TEXT = new int[GsodColumn.count()];

    static {
        for (GsodColumn c : GsodColumn.values()) {
            SENTINEL_TEXT[c.ordinal()] = GsodCodec.hasSentinel(c) ? GsodCodec.sentinel(c) : 99_990; // STP: "999.9"
        }
    }

    private byte[] buf = new byte[1 << 16];
    private int len;

    /** The station file's bytes: the header, then one line per row. */
    public byte[] write(GsodStation station) {
        len = 0;
        append(GsodCsvParser.HEADER);
        append('\n');
        int rows = station.size();
        if (rows == 0) {
            return Arrays.copyOf(buf, len);
        }
        int[][] cells = GsodAccess.get().cells(station);
        int[] days = GsodAccess.get().epochDays(station);
        for (int[] col : cells) {
            if (col == null) {
                throw new IllegalArgumentException("station " + station.id() + " lacks columns (" + station.columns()
                        + "): only a station with every column can be written");
            }
        }
        byte[] id = quoted(station.id());
        byte[] meta = metadata(station);
        int cachedMonth = Integer.MIN_VALUE;
        byte[] date = new byte[12];
        for (int r = 0; r < rows; r++) {
            ensure(meta.length + id.length + 400);
            append(id);
            append(',');
            int day = days[r];
            LocalDate d = LocalDate.ofEpochDay(day);
            if (d.getYear() * 16 + d.getMonthValue() != cachedMonth) {
                cachedMonth = d.getYear() * 16 + d.getMonthValue();
                if (d.getYear() < 0 || d.getYear() > 9999) {
                    throw new IllegalArgumentException("date out of range for a GSOD file: " + d);
                }
                byte[] text = ("\"" + d + "\"").getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, date, 0, 12);
            }
            int dom = d.getDayOfMonth();
            date[9] = (byte) ('0' + dom / 10);
            date[10] = (byte) ('0' + dom % 10);
            append(date);
            append(',');
            append(meta);
            for (int c = 0; c < GsodCodec.DATA_COLUMNS; c++) {
                append(',');
                GsodColumn col = GsodColumn.at(c + GsodCodec.FIRST_DATA);
                int v = cells[c][r];
                if (col.isMeasurement()) {
                    measurement(col, v);
                } else if (col.isCount()) {
                    padded(v * 100L, 0, col.width(), ' ');
                } else if (col == GsodColumn.FRSHTT) {
                    append('"');
                    for (int i = 5; i >= 0; i--) {
                        buf[len++] = (byte) ((v >> i & 1) == 1 ? '1' : '0');
                    }
                    append('"');
                } else {
                    append('"');
                    append(v);
                    append('"');
                }
            }
            append('\n');
        }
        return Arrays.copyOf(buf, len);
    }

    private void measurement(GsodColumn col, int v) {
        if (v == GsodCodec.MISSING) {
            v = SENTINEL_TEXT[col.ordinal()];
        }
        padded(v, col.decimals(), col.width(), col == GsodColumn.STP ? '0' : ' ');
    }

    /** {@code hundredths} with {@code decimals} decimals, quoted, right-aligned to {@code width}. */
    private void padded(long hundredths, int decimals, int width, char pad) {
        long abs = Math.abs(hundredths);
        if (abs % (decimals == 2 ? 1 : decimals == 1 ? 10 : 100) != 0) {
            throw new IllegalArgumentException("value " + hundredths / 100.0 + " has more than " + decimals
                    + " decimal(s), which NOAA's format cannot hold in this column");
        }
        long scaled = decimals == 2 ? abs : decimals == 1 ? abs / 10 : abs / 100;
        char[] digits = new char[24];
        int n = 0;
        for (int i = 0; i < decimals; i++) {
            digits[n++] = (char) ('0' + scaled % 10);
            scaled /= 10;
        }
        if (decimals > 0) {
            digits[n++] = '.';
        }
        do {
            digits[n++] = (char) ('0' + scaled % 10);
            scaled /= 10;
        } while (scaled > 0);
        boolean negative = hundredths < 0;
        append('"');
        int total = n + (negative ? 1 : 0);
        if (negative && pad == ' ') {
            for (int i = total; i < width; i++) {
                append(' ');
            }
            append('-');
        } else {
            if (negative) {
                append('-');
            }
            for (int i = total; i < width; i++) {
                append(pad);
            }
        }
        while (n > 0) {
            append(digits[--n]);
        }
        append('"');
    }

    private static byte[] quoted(String s) {
        return ("\"" + s.replace("\"", "\"\"") + "\"").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] metadata(GsodStation s) {
        String lat = s.latitude().isPresent() ? "\"" + coordinate(s.latitude().getAsDouble()) + "\"" : "";
        String lon = s.longitude().isPresent() ? "\"" + coordinate(s.longitude().getAsDouble()) + "\"" : "";
        String elev = s.elevation().isPresent() ? "\"" + coordinate(s.elevation().getAsDouble()) + "\"" : "";
        String name = s.name().map(n -> "\"" + n.replace("\"", "\"\"") + "\"").orElse("");
        return (lat + "," + lon + "," + elev + "," + name).getBytes(StandardCharsets.UTF_8);
    }

    /** NOAA's style: the shortest decimal that reads back as the same double, at least one decimal ("10.0", "80.0666666"). */
    public static String coordinate(double v) {
        String s = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        if (s.equals("-0")) {
            s = "0";
        }
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }

    private void append(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void append(int ch) {
        ensure(1);
        buf[len++] = (byte) ch;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
