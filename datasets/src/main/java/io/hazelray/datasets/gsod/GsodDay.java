package io.hazelray.datasets.gsod;

import io.hazelray.datasets.gsod.impl.GsodCodec;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of a GSOD station file: a station's summary of one day, every field of it. Immutable and
 * serializable.
 *
 * <p><b>Absent values.</b> NOAA writes a sentinel for a value it does not have (9999.9 for TEMP,
 * DEWP, SLP, MAX, MIN; 999.9 for VISIB, WDSP, MXSPD, GUST, SNDP; 99.99 for PRCP; STP is missing
 * when STP_ATTRIBUTES is 0). Here a missing value is absent: {@link #temp()} returns an empty
 * {@link OptionalDouble} and {@link #hasTemp()} is false, so a sentinel can never be compared as a
 * number by mistake. The columnar {@link GsodStation} uses {@code NaN} instead, which also never
 * compares true. Present values are the exact decimals of the file: {@code temp().getAsDouble()}
 * of {@code "  90.1"} equals {@code 90.1}.
 *
 * <p><b>Metadata.</b> Latitude, longitude, elevation and name are absent for the stations NOAA has
 * no description of (the file's fields are then empty).
 *
 * <p><b>Year.</b> {@link #year()} is the year of the archive the row was read from, which is not
 * always {@code date().getYear()}: NOAA's 2019 archive holds a 2020-01-01 row for about a sixth of
 * the stations.
 *
 * <p>Build rows for tests or the {@link GsodArchiveWriter} with {@link #builder(String, LocalDate)}:
 * <pre>{@code
 * GsodDay day = GsodDay.builder("01011099999", LocalDate.of(2019, 1, 1))
 *         .location(80.0666666, 31.5, 10.0).name("KVITOYA, SV")
 *         .temp(-0.6, 24).dewp(-5.5, 24).slp(1001.9, 24).stp(0.8, 24)
 *         .wdsp(25.9, 24).mxspd(31.1).max(3.7, false).min(-3.1, true).prcp(0.0, 'I')
 *         .build();                      // VISIB, GUST, SNDP missing; FRSHTT 000000
 * }</pre>
 */
public final class GsodDay implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String station;
    private final int year;
    private final int epochDay;
    private final double latitude;
    private final double longitude;
    private final double elevation;
    private final String name;
    private final int[] cells;

    GsodDay(String station, int year, int epochDay, double latitude, double longitude, double elevation,
            String name, int[] cells) {
        this.station = station;
        this.year = year;
        this.epochDay = epochDay;
        this.latitude = latitude;
        this.longitude = longitude;
        this.elevation = elevation;
        this.name = name;
        this.cells = cells;
    }

    /** Starts a row of {@code station} on {@code date}: every measurement missing, counts 0, flags blank. */
    public static Builder builder(String station, LocalDate date) {
        return new Builder(station, date);
    }

    /** A builder that starts from this row's values. */
    public Builder toBuilder() {
        Builder b = new Builder(station, date());
        b.year = year;
        b.latitude = latitude;
        b.longitude = longitude;
        b.elevation = elevation;
        b.name = name;
        b.cells = cells.clone();
        return b;
    }

    /** The station id, 11 digits (USAF + WBAN), e.g. {@code "72503014732"}. */
    public String station() {
        return station;
    }

    /** The year of the archive this row belongs to (see the class comment). */
    public int year() {
        return year;
    }

    public LocalDate date() {
        return LocalDate.ofEpochDay(epochDay);
    }

    /** {@link #date()} as days since 1970-01-01. */
    public int epochDay() {
        return epochDay;
    }

    /** Degrees north, if NOAA knows where the station is. */
    public OptionalDouble latitude() {
        return optional(latitude);
    }

    /** Degrees east, if known. */
    public OptionalDouble longitude() {
        return optional(longitude);
    }

    /** Metres above sea level, if known. */
    public OptionalDouble elevation() {
        return optional(elevation);
    }

    /** The station's name, often with a country code after a comma ({@code "LERWICK, UK"}), if known. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Mean temperature of the day, °F. */
    public OptionalDouble temp() {
        return value(GsodColumn.TEMP);
    }

    public boolean hasTemp() {
        return has(GsodColumn.TEMP);
    }

    /** How many observations TEMP is the mean of (TEMP_ATTRIBUTES). */
    public int tempCount() {
        return cell(GsodColumn.TEMP_ATTRIBUTES);
    }

    /** Mean dew point, °F. */
    public OptionalDouble dewp() {
        return value(GsodColumn.DEWP);
    }

    public boolean hasDewp() {
        return has(GsodColumn.DEWP);
    }

    public int dewpCount() {
        return cell(GsodColumn.DEWP_ATTRIBUTES);
    }

    /** Mean sea level pressure, mb. */
    public OptionalDouble slp() {
        return value(GsodColumn.SLP);
    }

    public boolean hasSlp() {
        return has(GsodColumn.SLP);
    }

    public int slpCount() {
        return cell(GsodColumn.SLP_ATTRIBUTES);
    }

    /**
     * Mean station pressure, mb, <em>as written</em>: NOAA's CSVs drop the thousands digit, so
     * {@code "007.1"} (1007.1 mb) reads as 7.1, while a high station's 569.4 is 569.4. Absent when
     * STP_ATTRIBUTES is 0.
     */
    public OptionalDouble stp() {
        return value(GsodColumn.STP);
    }

    public boolean hasStp() {
        return has(GsodColumn.STP);
    }

    public int stpCount() {
        return cell(GsodColumn.STP_ATTRIBUTES);
    }

    /** Mean visibility, miles. */
    public OptionalDouble visib() {
        return value(GsodColumn.VISIB);
    }

    public boolean hasVisib() {
        return has(GsodColumn.VISIB);
    }

    public int visibCount() {
        return cell(GsodColumn.VISIB_ATTRIBUTES);
    }

    /** Mean wind speed, knots. */
    public OptionalDouble wdsp() {
        return value(GsodColumn.WDSP);
    }

    public boolean hasWdsp() {
        return has(GsodColumn.WDSP);
    }

    public int wdspCount() {
        return cell(GsodColumn.WDSP_ATTRIBUTES);
    }

    /** Maximum sustained wind speed, knots. */
    public OptionalDouble mxspd() {
        return value(GsodColumn.MXSPD);
    }

    public boolean hasMxspd() {
        return has(GsodColumn.MXSPD);
    }

    /** Maximum wind gust, knots. */
    public OptionalDouble gust() {
        return value(GsodColumn.GUST);
    }

    public boolean hasGust() {
        return has(GsodColumn.GUST);
    }

    /** Maximum temperature, °F. */
    public OptionalDouble max() {
        return value(GsodColumn.MAX);
    }

    public boolean hasMax() {
        return has(GsodColumn.MAX);
    }

    /** True when MAX was derived from the hourly data (MAX_ATTRIBUTES {@code *}). */
    public boolean maxFromHourly() {
        return cell(GsodColumn.MAX_ATTRIBUTES) == '*';
    }

    /** Minimum temperature, °F. */
    public OptionalDouble min() {
        return value(GsodColumn.MIN);
    }

    public boolean hasMin() {
        return has(GsodColumn.MIN);
    }

    /** True when MIN was derived from the hourly data (MIN_ATTRIBUTES {@code *}). */
    public boolean minFromHourly() {
        return cell(GsodColumn.MIN_ATTRIBUTES) == '*';
    }

    /** Precipitation, inches. */
    public OptionalDouble prcp() {
        return value(GsodColumn.PRCP);
    }

    public boolean hasPrcp() {
        return has(GsodColumn.PRCP);
    }

    /** PRCP_ATTRIBUTES: how the precipitation was reported, a letter A–I, or {@code ' '} when blank. */
    public char prcpFlag() {
        return (char) cell(GsodColumn.PRCP_ATTRIBUTES);
    }

    /** Snow depth, inches. */
    public OptionalDouble sndp() {
        return value(GsodColumn.SNDP);
    }

    public boolean hasSndp() {
        return has(GsodColumn.SNDP);
    }

    /** The six FRSHTT indicators as NOAA writes them, e.g. {@code "010000"} (rain or drizzle). */
    public String frshtt() {
        return GsodCodec.frshttText(cell(GsodColumn.FRSHTT));
    }

    public boolean fog() {
        return frshttBit(0);
    }

    public boolean rainOrDrizzle() {
        return frshttBit(1);
    }

    public boolean snowOrIcePellets() {
        return frshttBit(2);
    }

    public boolean hail() {
        return frshttBit(3);
    }

    public boolean thunder() {
        return frshttBit(4);
    }

    public boolean tornadoOrFunnelCloud() {
        return frshttBit(5);
    }

    /**
     * A measurement by column (TEMP, DEWP, ..., SNDP), empty when missing.
     *
     * @throws IllegalArgumentException if {@code column} is not a measurement
     */
    public OptionalDouble value(GsodColumn column) {
        return optional(valueOrNaN(column));
    }

    /** A measurement by column, {@code NaN} when missing (for arithmetic in bulk). */
    public double valueOrNaN(GsodColumn column) {
        requireMeasurement(column);
        return GsodCodec.toDouble(cells[GsodCodec.cell(column)]);
    }

    /** True when the measurement in {@code column} is present. */
    public boolean has(GsodColumn column) {
        requireMeasurement(column);
        return cells[GsodCodec.cell(column)] != GsodCodec.MISSING;
    }

    /**
     * The raw cell of a count or flag column: the count for {@code *_ATTRIBUTES} of a measurement,
     * the character for MAX/MIN/PRCP_ATTRIBUTES, six bits (fog highest) for FRSHTT.
     */
    public int cell(GsodColumn column) {
        if (!column.isCount() && !column.isFlag()) {
            throw new IllegalArgumentException("column must be a count or a flag column: " + column);
        }
        return cells[GsodCodec.cell(column)];
    }

    private boolean frshttBit(int index) {
        return (cell(GsodColumn.FRSHTT) & (1 << (5 - index))) != 0;
    }

    private static void requireMeasurement(GsodColumn column) {
        if (!Objects.requireNonNull(column, "column").isMeasurement()) {
            throw new IllegalArgumentException("column must be a measurement (TEMP, DEWP, ..., SNDP): " + column);
        }
    }

    private static OptionalDouble optional(double d) {
        return Double.isNaN(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    int[] cells() {
        return cells;
    }

    double rawLatitude() {
        return latitude;
    }

    double rawLongitude() {
        return longitude;
    }

    double rawElevation() {
        return elevation;
    }

    String rawName() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GsodDay d)) {
            return false;
        }
        return year == d.year && epochDay == d.epochDay && station.equals(d.station)
                && Double.compare(latitude, d.latitude) == 0 && Double.compare(longitude, d.longitude) == 0
                && Double.compare(elevation, d.elevation) == 0 && Objects.equals(name, d.name)
                && Arrays.equals(cells, d.cells);
    }

    @Override
    public int hashCode() {
        return Objects.hash(station, year, epochDay) * 31 + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("GsodDay{").append(station).append(' ').append(date());
        if (year != date().getYear()) {
            sb.append(" (archive ").append(year).append(')');
        }
        if (name != null) {
            sb.append(" \"").append(name).append('"');
        }
        for (GsodColumn c : GsodColumn.dataColumns()) {
            if (c.isMeasurement()) {
                int v = cells[GsodCodec.cell(c)];
                if (v != GsodCodec.MISSING) {
                    sb.append(' ').append(c.name()).append('=').append(GsodCodec.toDouble(v));
                }
            }
        }
        return sb.append(" FRSHTT=").append(frshtt()).append('}').toString();
    }

    /**
     * Builds a {@link GsodDay}. Every setter checks its argument at once and names it: a value
     * with more decimals than NOAA writes, a sentinel, a negative count or an STP without its
     * count are refused, because the row could not be written and read back as it is.
     * Not thread-safe.
     */
    public static final class Builder {
        private final String station;
        private final LocalDate date;
        private int year;
        private double latitude = Double.NaN;
        private double longitude = Double.NaN;
        private double elevation = Double.NaN;
        private String name;
        private int[] cells = GsodCodec.defaultCells();

        private Builder(String station, LocalDate date) {
            this.station = requireStationId(station);
            this.date = Objects.requireNonNull(date, "date");
            this.year = date.getYear();
        }

        /** The archive's year; defaults to the date's year. */
        public Builder year(int year) {
            if (year < 1 || year > 9999) {
                throw new IllegalArgumentException("year must be 1..9999: " + year);
            }
            this.year = year;
            return this;
        }

        /** Where the station is; {@code NaN} for an unknown coordinate. */
        public Builder location(double latitude, double longitude, double elevation) {
            if (Math.abs(latitude) > 90) {
                throw new IllegalArgumentException("latitude must be within [-90, 90]: " + latitude);
            }
            if (Math.abs(longitude) > 180) {
                throw new IllegalArgumentException("longitude must be within [-180, 180]: " + longitude);
            }
            if (Double.isInfinite(elevation)) {
                throw new IllegalArgumentException("elevation must be finite or NaN: " + elevation);
            }
            this.latitude = latitude;
            this.longitude = longitude;
            this.elevation = elevation;
            return this;
        }

        /** The station's name, {@code null} when unknown. It may hold commas; not a double quote or a newline. */
        public Builder name(String name) {
            if (name != null && (name.indexOf('"') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0)) {
                throw new IllegalArgumentException("name must not contain a double quote or a line break: " + name);
            }
            this.name = name == null || name.isEmpty() ? null : name;
            return this;
        }

        public Builder temp(double fahrenheit, int count) {
            return value(GsodColumn.TEMP, fahrenheit).count(GsodColumn.TEMP_ATTRIBUTES, count);
        }

        public Builder dewp(double fahrenheit, int count) {
            return value(GsodColumn.DEWP, fahrenheit).count(GsodColumn.DEWP_ATTRIBUTES, count);
        }

        public Builder slp(double millibars, int count) {
            return value(GsodColumn.SLP, millibars).count(GsodColumn.SLP_ATTRIBUTES, count);
        }

        /** Station pressure as NOAA writes it (thousands digit dropped); {@code count} must be at least 1. */
        public Builder stp(double millibars, int count) {
            if (count < 1) {
                throw new IllegalArgumentException("count must be >= 1 for STP (0 marks STP missing): " + count);
            }
            return value(GsodColumn.STP, millibars).count(GsodColumn.STP_ATTRIBUTES, count);
        }

        public Builder visib(double miles, int count) {
            return value(GsodColumn.VISIB, miles).count(GsodColumn.VISIB_ATTRIBUTES, count);
        }

        public Builder wdsp(double knots, int count) {
            return value(GsodColumn.WDSP, knots).count(GsodColumn.WDSP_ATTRIBUTES, count);
        }

        public Builder mxspd(double knots) {
            return value(GsodColumn.MXSPD, knots);
        }

        public Builder gust(double knots) {
            return value(GsodColumn.GUST, knots);
        }

        public Builder max(double fahrenheit, boolean fromHourly) {
            return value(GsodColumn.MAX, fahrenheit).flag(GsodColumn.MAX_ATTRIBUTES, fromHourly ? '*' : ' ');
        }

        public Builder min(double fahrenheit, boolean fromHourly) {
            return value(GsodColumn.MIN, fahrenheit).flag(GsodColumn.MIN_ATTRIBUTES, fromHourly ? '*' : ' ');
        }

        /** Precipitation in inches and its PRCP_ATTRIBUTES letter (A–I, or {@code ' '}). */
        public Builder prcp(double inches, char flag) {
            return value(GsodColumn.PRCP, inches).flag(GsodColumn.PRCP_ATTRIBUTES, flag);
        }

        public Builder sndp(double inches) {
            return value(GsodColumn.SNDP, inches);
        }

        /** FRSHTT as six 0/1 digits, fog first: {@code "010000"}. */
        public Builder frshtt(String digits) {
            Objects.requireNonNull(digits, "digits");
            if (!digits.matches("[01]{6}")) {
                throw new IllegalArgumentException("digits must be six 0/1 digits (FRSHTT): \"" + digits + "\"");
            }
            cells[GsodCodec.cell(GsodColumn.FRSHTT)] = Integer.parseInt(digits, 2);
            return this;
        }

        /**
         * Sets a measurement; {@code NaN} makes it missing. The value must have no more decimals
         * than NOAA writes (2 for PRCP, 1 for the others) and must not be the column's sentinel.
         */
        public Builder value(GsodColumn column, double value) {
            requireMeasurement(column);
            int c = GsodCodec.cell(column);
            if (Double.isNaN(value)) {
                cells[c] = GsodCodec.MISSING;
                return this;
            }
            int h = GsodCodec.toHundredths(value, column.decimals(), column.name());
            if (h == GsodCodec.sentinel(column)) {
                throw new IllegalArgumentException(column + " value " + value
                        + " is the missing-value sentinel; leave it unset (or NaN) for a missing value");
            }
            cells[c] = h;
            return this;
        }

        /** Makes a measurement missing. */
        public Builder missing(GsodColumn column) {
            return value(column, Double.NaN);
        }

        /** Sets an observation count (a {@code *_ATTRIBUTES} column of a measurement). */
        public Builder count(GsodColumn column, int count) {
            if (!Objects.requireNonNull(column, "column").isCount()) {
                throw new IllegalArgumentException("column must be a count column (TEMP_ATTRIBUTES, ...): " + column);
            }
            if (count < 0 || count > 99_999) {
                throw new IllegalArgumentException("count must be 0..99999: " + count);
            }
            cells[GsodCodec.cell(column)] = count;
            return this;
        }

        private Builder flag(GsodColumn column, char flag) {
            if (column == GsodColumn.PRCP_ATTRIBUTES ? !(flag == ' ' || (flag >= 'A' && flag <= 'Z')) : !(flag == ' ' || flag == '*')) {
                throw new IllegalArgumentException("flag for " + column + " must be " + (column == GsodColumn.PRCP_ATTRIBUTES
                        ? "a letter A-Z or ' '" : "'*' or ' '") + ": '" + flag + "'");
            }
            cells[GsodCodec.cell(column)] = flag;
            return this;
        }

        /**
         * @throws IllegalStateException if STP is present with STP_ATTRIBUTES 0 (it would read
         *                               back as missing)
         */
        public GsodDay build() {
            if (cells[GsodCodec.cell(GsodColumn.STP)] != GsodCodec.MISSING
                    && cells[GsodCodec.cell(GsodColumn.STP_ATTRIBUTES)] == 0) {
                throw new IllegalStateException("STP is set but STP_ATTRIBUTES is 0, which marks STP missing: use stp(value, count)");
            }
            return new GsodDay(station, year, (int) date.toEpochDay(), latitude, longitude, elevation, name, cells.clone());
        }
    }

    static String requireStationId(String station) {
        Objects.requireNonNull(station, "station");
        if (station.isEmpty() || station.length() > 64 || !station.chars().allMatch(ch -> ch > ' ' && ch < 127 && ch != '"' && ch != ',')) {
            throw new IllegalArgumentException("station must be a non-empty id of printable characters without quotes or commas"
                    + " (NOAA's are 11 digits): \"" + station + "\"");
        }
        return station;
    }
}
