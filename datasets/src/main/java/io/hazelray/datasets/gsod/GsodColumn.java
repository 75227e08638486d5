package io.hazelray.datasets.gsod;

import java.util.EnumSet;
import java.util.Set;

/**
 * The 28 columns of a GSOD station file, in file order; {@link #name()} is the CSV header name.
 *
 * <p>Four kinds of column hold data besides the station and the date:
 * <ul>
 *   <li>{@linkplain #isMetadata() metadata}: LATITUDE, LONGITUDE, ELEVATION, NAME (empty when NOAA
 *       does not know the station's location);</li>
 *   <li>{@linkplain #isMeasurement() measurements}: TEMP, DEWP, SLP, STP, VISIB, WDSP, MXSPD, GUST,
 *       MAX, MIN, PRCP, SNDP; each has a "missing" sentinel in the file (9999.9, 999.9 or 99.99) that
 *       the reader turns into an absent value;</li>
 *   <li>{@linkplain #isCount() observation counts}: TEMP_ATTRIBUTES, DEWP_ATTRIBUTES, SLP_ATTRIBUTES,
 *       STP_ATTRIBUTES, VISIB_ATTRIBUTES, WDSP_ATTRIBUTES (how many observations the day's mean is
 *       made of);</li>
 *   <li>flags: MAX_ATTRIBUTES and MIN_ATTRIBUTES ({@code *} when derived from hourly data),
 *       PRCP_ATTRIBUTES (a letter A–I or blank) and FRSHTT (six 0/1 digits).</li>
 * </ul>
 *
 * <p>Pick the columns a {@link GsodReader} keeps in each {@link GsodStation}:
 * <pre>{@code
 * GsodReader temps = GsodReader.strict().withColumns(GsodColumn.TEMP);  // compact: dates and TEMP only
 * }</pre>
 */
public enum GsodColumn {
    STATION(Kind.KEY, 0, 0),
    DATE(Kind.KEY, 0, 0),
    LATITUDE(Kind.METADATA, 0, 0),
    LONGITUDE(Kind.METADATA, 0, 0),
    ELEVATION(Kind.METADATA, 0, 0),
    NAME(Kind.METADATA, 0, 0),
    TEMP(Kind.MEASUREMENT, 6, 1),
    TEMP_ATTRIBUTES(Kind.COUNT, 2, 0),
    DEWP(Kind.MEASUREMENT, 6, 1),
    DEWP_ATTRIBUTES(Kind.COUNT, 2, 0),
    SLP(Kind.MEASUREMENT, 6, 1),
    SLP_ATTRIBUTES(Kind.COUNT, 2, 0),
    STP(Kind.MEASUREMENT, 5, 1),
    STP_ATTRIBUTES(Kind.COUNT, 2, 0),
    VISIB(Kind.MEASUREMENT, 5, 1),
    VISIB_ATTRIBUTES(Kind.COUNT, 2, 0),
    WDSP(Kind.MEASUREMENT, 5, 1),
    WDSP_ATTRIBUTES(Kind.COUNT, 2, 0),
    MXSPD(Kind.MEASUREMENT, 5, 1),
    GUST(Kind.MEASUREMENT, 5, 1),
    MAX(Kind.MEASUREMENT, 6, 1),
    MAX_ATTRIBUTES(Kind.FLAG, 1, 0),
    MIN(Kind.MEASUREMENT, 6, 1),
    MIN_ATTRIBUTES(Kind.FLAG, 1, 0),
    PRCP(Kind.MEASUREMENT, 5, 2),
    PRCP_ATTRIBUTES(Kind.FLAG, 1, 0),
    SNDP(Kind.MEASUREMENT, 5, 1),
    FRSHTT(Kind.FLAG, 6, 0);

    private enum Kind { KEY, METADATA, MEASUREMENT, COUNT, FLAG }

    private static final GsodColumn[] VALUES = values();

    private final Kind kind;
    private final int width;
    private final int decimals;

    GsodColumn(Kind kind, int width, int decimals) {
        this.kind = kind;
        this.width = width;
        this.decimals = decimals;
    }

    /** The column at {@code index} (0 for STATION, 27 for FRSHTT). */
    public static GsodColumn at(int index) {
        return VALUES[index];
    }

    /** How many columns a GSOD station file has: 28. */
    public static int count() {
        return VALUES.length;
    }

    /** The columns that hold data a {@link GsodStation} can keep or drop: TEMP to FRSHTT. */
    public static Set<GsodColumn> dataColumns() {
        return EnumSet.range(TEMP, FRSHTT);
    }

    /** True for LATITUDE, LONGITUDE, ELEVATION and NAME (the station's description). */
    public boolean isMetadata() {
        return kind == Kind.METADATA;
    }

    /** True for the twelve measured values (TEMP, DEWP, ..., SNDP). */
    public boolean isMeasurement() {
        return kind == Kind.MEASUREMENT;
    }

    /** True for the six {@code *_ATTRIBUTES} columns that count observations. */
    public boolean isCount() {
        return kind == Kind.COUNT;
    }

    /** True for MAX_ATTRIBUTES, MIN_ATTRIBUTES, PRCP_ATTRIBUTES and FRSHTT. */
    public boolean isFlag() {
        return kind == Kind.FLAG;
    }

    /** True for the columns a reader can keep or drop ({@link #dataColumns()}). */
    public boolean isData() {
        return ordinal() >= TEMP.ordinal();
    }

    /**
     * The width of the field inside its quotes in NOAA's files (TEMP {@code "  31.5"} is 6), or 0
     * for the variable-width STATION, DATE and metadata columns.
     */
    public int width() {
        return width;
    }

    /** How many decimals a measurement has in NOAA's files: 2 for PRCP, 1 for the others, else 0. */
    public int decimals() {
        return decimals;
    }
}
