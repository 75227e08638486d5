package io.hazelray.datasets.gsod.impl;

import io.hazelray.datasets.gsod.GsodColumn;

import java.time.LocalDate;

/**
 * How rows are held in memory. Internal: not part of the API.
 *
 * <p>Each data column (TEMP .. FRSHTT) of a row is one {@code int} cell:
 * <ul>
 *   <li>a measurement in hundredths ({@code "  31.5"} is 3150), or {@link #MISSING};</li>
 *   <li>an observation count as is;</li>
 *   <li>MAX/MIN/PRCP_ATTRIBUTES as the character ({@code '*'}, {@code 'I'}, {@code ' '});</li>
 *   <li>FRSHTT as six bits, fog the highest ({@code "010000"} is 16).</li>
 * </ul>
 * Hundredths rather than {@code float}: the files hold at most two decimals, an {@code int} is as
 * compact as a {@code float}, and {@code hundredths / 100.0} is exactly the {@code double} that
 * {@code Double.parseDouble} gives for the text, so a reading of "90.1" compares equal to a
 * threshold of 90.1 (a {@code float} 90.1 widened to {@code double} is 90.09999847).
 */
public final class GsodCodec {
    /** The cell of an absent measurement. Never a valid value (hundredths are far smaller). */
    public static final int MISSING = Integer.MIN_VALUE;
    /** Index of TEMP, the first data column, among all 28 columns. */
    public static final int FIRST_DATA = GsodColumn.TEMP.ordinal();
    /** How many data columns a row has: TEMP .. FRSHTT. */
    public static final int DATA_COLUMNS = GsodColumn.count() - FIRST_DATA;
    /** An absent measurement's "no value" sentinel when the column has none (STP). */
    private static final int NO_SENTINEL = Integer.MIN_VALUE + 1;

    private static final int[] SENTINELS = new int[GsodColumn.count()];
    private static final int[] DEFAULTS = new int[DATA_COLUMNS];
    private static final GsodColumn[] COUNT_OF = new GsodColumn[GsodColumn.count()];

    static {
        for (GsodColumn c : GsodColumn.values()) {
            SENTINELS[c.ordinal()] = switch (c) {
                case TEMP, DEWP, SLP, MAX, MIN -> 999_990;     // 9999.9
                case VISIB, WDSP, MXSPD, GUST, SNDP -> 99_990;  // 999.9
                case PRCP -> 9_999;                             // 99.99
                default -> NO_SENTINEL;                         // STP: missing when STP_ATTRIBUTES is 0
            };
            if (c.isData()) {
                DEFAULTS[c.ordinal() - FIRST_DATA] = c.isMeasurement() ? MISSING
                        : c.isCount() || c == GsodColumn.FRSHTT ? 0 : ' ';
            }
        }
        COUNT_OF[GsodColumn.TEMP.ordinal()] = GsodColumn.TEMP_ATTRIBUTES;
        COUNT_OF[GsodColumn.DEWP.ordinal()] = GsodColumn.DEWP_ATTRIBUTES;
        COUNT_OF[GsodColumn.SLP.ordinal()] = GsodColumn.SLP_ATTRIBUTES;
        COUNT_OF[GsodColumn.STP.ordinal()] = GsodColumn.STP_ATTRIBUTES;
        COUNT_OF[GsodColumn.VISIB.ordinal()] = GsodColumn.VISIB_ATTRIBUTES;
        COUNT_OF[GsodColumn.WDSP.ordinal()] = GsodColumn.WDSP_ATTRIBUTES;
    }

    private GsodCodec() {
    }

    /** The index of a data column's cell (0 for TEMP). */
    public static int cell(GsodColumn c) {
        return c.ordinal() - FIRST_DATA;
    }

    /** The first day (since 1970-01-01) a row of {@code year}'s archive may have: January 1st. */
    public static int firstDayOf(int year) {
        return (int) LocalDate.of(year, 1, 1).toEpochDay();
    }

    /** The last day a row of {@code year}'s archive may have: January 1st of the next, which NOAA's archives hold too. */
    public static int lastDayOf(int year) {
        return (int) LocalDate.of(year + 1, 1, 1).toEpochDay();
    }

    /** The column's missing-value sentinel in hundredths, or a value no number can have (STP). */
    public static int sentinel(GsodColumn c) {
        return SENTINELS[c.ordinal()];
    }

    /** True when the column has a missing-value sentinel (all measurements except STP). */
    public static boolean hasSentinel(GsodColumn c) {
        return SENTINELS[c.ordinal()] != NO_SENTINEL;
    }

    /** The cells of a row where every measurement is absent, counts are 0 and flags blank. */
    public static int[] defaultCells() {
        return DEFAULTS.clone();
    }

    /** The default cell of one data column. */
    public static int defaultCell(int cell) {
        return DEFAULTS[cell];
    }

    /** The count column that goes with a measurement (TEMP_ATTRIBUTES for TEMP), or {@code null}. */
    public static GsodColumn countOf(GsodColumn measurement) {
        return COUNT_OF[measurement.ordinal()];
    }

    /** A measurement cell as a double: {@code NaN} when missing. */
    public static double toDouble(int hundredths) {
        return hundredths == MISSING ? Double.NaN : hundredths / 100.0;
    }

    /**
     * A value as hundredths for a column with {@code decimals} decimals.
     *
     * @throws IllegalArgumentException naming {@code what} if the value is not finite, has more
     *                                  decimals than the column or is too large
     */
    public static int toHundredths(double value, int decimals, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number (leave it unset for a missing value): " + value);
        }
        double scaled = value * 100;
        if (Math.abs(scaled) > 1e9) {
            throw new IllegalArgumentException(what + " is too large: " + value);
        }
        long h = Math.round(scaled);
        int unit = decimals >= 2 ? 1 : decimals == 1 ? 10 : 100;
        if (Math.abs(scaled - h) > 1e-6 * Math.max(1, Math.abs(scaled)) || h % unit != 0) {
            throw new IllegalArgumentException(what + " has more than " + decimals + " decimal(s), as NOAA's files do: " + value);
        }
        return (int) h;
    }

    /** The FRSHTT bits as NOAA writes them: {@code "010000"}. */
    public static String frshttText(int bits) {
        char[] c = new char[6];
        for (int i = 0; i < 6; i++) {
            c[i] = (bits & (1 << (5 - i))) != 0 ? '1' : '0';
        }
        return new String(c);
    }
}
