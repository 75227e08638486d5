package io.hazelray.datasets.gsod;

import java.util.function.DoublePredicate;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.hazelray.datasets.gsod.impl.GsodAccess;
import io.hazelray.datasets.gsod.impl.GsodCodec;
import io.hazelray.datasets.gsod.impl.GsodSerializerHook;

import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * All the rows of one station file of one year's archive, held by column: the GSOD jobs aggregate
 * per station, and a column of {@code int}s is the most compact way to carry a year of readings
 * (TEMP alone is 1.5 KB per station-year).
 *
 * <pre>{@code
 * GsodReader reader = GsodReader.strict().withColumns(GsodColumn.TEMP);
 * reader.read(Path.of("2019.tar.gz"), station -> {
 *     long hot = station.countTemp(t -> t >= 100.0);        // missing TEMP never counts
 *     System.out.println(station.id() + " " + station.year() + ": " + hot);
 * });
 * }</pre>
 *
 * <p><b>Missing values</b> are {@code NaN} here ({@link #temp(int)}, {@link #value(GsodColumn, int)}):
 * every comparison with {@code NaN} is false, so a sentinel can never be counted as a hot day.
 * Present values are the file's exact decimals ({@code "  90.1"} gives the {@code double} 90.1).
 * Row by row with {@code Optional}s: {@link #day(int)}.
 *
 * <p><b>Columns</b> a reader did not keep ({@link GsodReader#withColumns}) are not in
 * {@link #columns()}; asking for one throws {@link IllegalStateException}. STATION, DATE and the
 * metadata are always there.
 *
 * <p><b>Metadata</b> is the first row's; NOAA's files repeat the same metadata on every row (all
 * 12,362 files of 2019 do).
 *
 * <p>Immutable once built. Serializable both ways Hazelcast knows: as an
 * {@link IdentifiedDataSerializable} (registered through {@code META-INF/services}, compact) and
 * as plain {@link Serializable}.
 */
public final class GsodStation implements IdentifiedDataSerializable, Serializable {
    private static final long serialVersionUID = 1L;

    static {
        GsodAccess.install(new Access());
    }

    private String id;
    private int year;
    private double latitude;
    private double longitude;
    private double elevation;
    private String name;
    private int[] epochDays;
    /** By data cell (see GsodCodec); null for a column that was not kept. */
    private int[][] cells;

    /** For deserialization only. */
    public GsodStation() {
    }

    private GsodStation(String id, int year, double latitude, double longitude, double elevation, String name,
                        int[] epochDays, int[][] cells) {
        this.id = id;
        this.year = year;
        this.latitude = latitude;
        this.longitude = longitude;
        this.elevation = elevation;
        this.name = name;
        this.epochDays = epochDays;
        this.cells = cells;
    }

    /**
     * Starts a station of {@code year}'s archive (for tests and the {@link GsodArchiveWriter}).
     * <pre>{@code
     * GsodStation s = GsodStation.builder("99999900126", 2020)        // no metadata
     *         .add(GsodDay.builder("99999900126", LocalDate.of(2020, 1, 1)).temp(39.0, 24).build())
     *         .build();
     * }</pre>
     */
    public static Builder builder(String id, int year) {
        return new Builder(id, year);
    }

    /** The station id, e.g. {@code "72503014732"}. */
    public String id() {
        return id;
    }

    /** The year of the archive the station file came from. */
    public int year() {
        return year;
    }

    public OptionalDouble latitude() {
        return optional(latitude);
    }

    public OptionalDouble longitude() {
        return optional(longitude);
    }

    public OptionalDouble elevation() {
        return optional(elevation);
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** How many rows (days) the file has; 0 for a header-only file. */
    public int size() {
        return epochDays.length;
    }

    public boolean isEmpty() {
        return epochDays.length == 0;
    }

    /** The data columns this station holds (TEMP .. FRSHTT, as the reader was told to keep). */
    public Set<GsodColumn> columns() {
        EnumSet<GsodColumn> set = EnumSet.noneOf(GsodColumn.class);
        for (GsodColumn c : GsodColumn.dataColumns()) {
            if (cells[GsodCodec.cell(c)] != null) {
                set.add(c);
            }
        }
        return set;
    }

    public boolean hasColumn(GsodColumn column) {
        return column.isData() ? cells[GsodCodec.cell(column)] != null : true;
    }

    public LocalDate date(int row) {
        return LocalDate.ofEpochDay(epochDays[row]);
    }

    /** The date of {@code row} as days since 1970-01-01. */
    public int epochDay(int row) {
        return epochDays[row];
    }

    /** Mean temperature (°F) of {@code row}, {@code NaN} when missing. */
    public double temp(int row) {
        return GsodCodec.toDouble(column(GsodColumn.TEMP)[row]);
    }

    public boolean hasTemp(int row) {
        return column(GsodColumn.TEMP)[row] != GsodCodec.MISSING;
    }

    /** Every TEMP of the file in row order, {@code NaN} where missing (a new array). */
    public double[] temps() {
        return values(GsodColumn.TEMP);
    }

    /**
     * How many rows have a TEMP present that matches {@code test}, e.g. {@code t -> t >= 100}.
     * Missing TEMPs are never tested.
     */
    public int countTemp(DoublePredicate test) {
        Objects.requireNonNull(test, "test");
        int[] col = column(GsodColumn.TEMP);
        int n = 0;
        for (int v : col) {
            if (v != GsodCodec.MISSING && test.test(v / 100.0)) {
                n++;
            }
        }
        return n;
    }

    /** A measurement of {@code row} (TEMP, ..., SNDP), {@code NaN} when missing. */
    public double value(GsodColumn column, int row) {
        requireMeasurement(column);
        return GsodCodec.toDouble(column(column)[row]);
    }

    /** A measurement column in row order, {@code NaN} where missing (a new array). */
    public double[] values(GsodColumn column) {
        requireMeasurement(column);
        int[] col = column(column);
        double[] out = new double[col.length];
        for (int i = 0; i < col.length; i++) {
            out[i] = GsodCodec.toDouble(col[i]);
        }
        return out;
    }

    /** The raw cell of a count or flag column (see {@link GsodDay#cell(GsodColumn)}). */
    public int cell(GsodColumn column, int row) {
        if (!column.isCount() && !column.isFlag()) {
            throw new IllegalArgumentException("column must be a count or a flag column: " + column);
        }
        return column(column)[row];
    }

    /**
     * Row {@code row} with all its fields. Columns the reader did not keep read as missing
     * (measurements), 0 (counts) or blank (flags).
     */
    public GsodDay day(int row) {
        Objects.checkIndex(row, epochDays.length);
        int[] c = new int[GsodCodec.DATA_COLUMNS];
        for (int i = 0; i < c.length; i++) {
            c[i] = cells[i] == null ? GsodCodec.defaultCell(i) : cells[i][row];
        }
        return new GsodDay(id, year, epochDays[row], latitude, longitude, elevation, name, c);
    }

    /** Every row, as {@link GsodDay}s. */
    public List<GsodDay> days() {
        List<GsodDay> list = new ArrayList<>(epochDays.length);
        for (int i = 0; i < epochDays.length; i++) {
            list.add(day(i));
        }
        return Collections.unmodifiableList(list);
    }

    /** Every row as a stream of {@link GsodDay}s. */
    public Stream<GsodDay> dayStream() {
        return IntStream.range(0, epochDays.length).mapToObj(this::day);
    }

    /** The rows whose index matches {@code rows}, as a new station (same columns). */
    public GsodStation filter(IntPredicate rows) {
        int[] keep = IntStream.range(0, epochDays.length).filter(rows).toArray();
        int[][] c = new int[cells.length][];
        for (int i = 0; i < c.length; i++) {
            if (cells[i] != null) {
                c[i] = new int[keep.length];
                for (int k = 0; k < keep.length; k++) {
                    c[i][k] = cells[i][keep[k]];
                }
            }
        }
        int[] d = new int[keep.length];
        for (int k = 0; k < keep.length; k++) {
            d[k] = epochDays[keep[k]];
        }
        return new GsodStation(id, year, latitude, longitude, elevation, name, d, c);
    }

    private int[] column(GsodColumn column) {
        int[] col = cells[GsodCodec.cell(column)];
        if (col == null) {
            throw new IllegalStateException("column " + column + " was not kept when station " + id
                    + " was read; ask the reader for it: GsodReader.strict().withColumns(GsodColumn." + column + ", ...)");
        }
        return col;
    }

    private static void requireMeasurement(GsodColumn column) {
        if (!Objects.requireNonNull(column, "column").isMeasurement()) {
            throw new IllegalArgumentException("column must be a measurement (TEMP, DEWP, ..., SNDP): " + column);
        }
    }

    private static OptionalDouble optional(double d) {
        return Double.isNaN(d) ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    @Override
    public int getFactoryId() {
        return GsodSerializerHook.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GsodSerializerHook.STATION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(id);
        out.writeInt(year);
        out.writeDouble(latitude);
        out.writeDouble(longitude);
        out.writeDouble(elevation);
        out.writeString(name);
        out.writeIntArray(epochDays);
        int mask = 0;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != null) {
                mask |= 1 << i;
            }
        }
        out.writeInt(mask);
        for (int[] col : cells) {
            if (col != null) {
                out.writeIntArray(col);
            }
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        id = in.readString();
        year = in.readInt();
        latitude = in.readDouble();
        longitude = in.readDouble();
        elevation = in.readDouble();
        name = in.readString();
        epochDays = in.readIntArray();
        int mask = in.readInt();
        cells = new int[GsodCodec.DATA_COLUMNS][];
        for (int i = 0; i < cells.length; i++) {
            if ((mask & (1 << i)) != 0) {
                cells[i] = in.readIntArray();
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GsodStation s)) {
            return false;
        }
        return year == s.year && id.equals(s.id) && Double.compare(latitude, s.latitude) == 0
                && Double.compare(longitude, s.longitude) == 0 && Double.compare(elevation, s.elevation) == 0
                && Objects.equals(name, s.name) && Arrays.equals(epochDays, s.epochDays)
                && Arrays.deepEquals(cells, s.cells);
    }

    @Override
    public int hashCode() {
        return (id.hashCode() * 31 + year) * 31 + Arrays.hashCode(epochDays);
    }

    @Override
    public String toString() {
        return "GsodStation{" + id + " " + year + (name == null ? "" : " \"" + name + "\"") + ", " + size() + " days, columns "
                + (columns().size() == GsodColumn.dataColumns().size() ? "all" : columns().toString()) + "}";
    }

    /**
     * Builds a {@link GsodStation} from {@link GsodDay}s (for tests and the writer). The station's
     * metadata is its own; the days' metadata is ignored. Not thread-safe.
     */
    public static final class Builder {
        private final String id;
        private final int year;
        private double latitude = Double.NaN;
        private double longitude = Double.NaN;
        private double elevation = Double.NaN;
        private String name;
        private final List<GsodDay> days = new ArrayList<>();

        private Builder(String id, int year) {
            this.id = GsodDay.requireStationId(id);
            if (year < 1 || year > 9999) {
                throw new IllegalArgumentException("year must be 1..9999: " + year);
            }
            this.year = year;
        }

        /** Where the station is; {@code NaN} for an unknown coordinate. */
        public Builder location(double latitude, double longitude, double elevation) {
            GsodDay.builder(id, LocalDate.of(year, 1, 1)).location(latitude, longitude, elevation); // same checks
            this.latitude = latitude;
            this.longitude = longitude;
            this.elevation = elevation;
            return this;
        }

        /** The station's name, {@code null} when unknown; may hold commas. */
        public Builder name(String name) {
            GsodDay.builder(id, LocalDate.of(year, 1, 1)).name(name); // same checks
            this.name = name == null || name.isEmpty() ? null : name;
            return this;
        }

        /** Adds a row; its station id must be this station's. */
        public Builder add(GsodDay day) {
            Objects.requireNonNull(day, "day");
            if (!day.station().equals(id)) {
                throw new IllegalArgumentException("day belongs to station " + day.station() + ", not " + id);
            }
            days.add(day);
            return this;
        }

        public Builder addAll(Iterable<GsodDay> days) {
            days.forEach(this::add);
            return this;
        }

        /**
         * Adds one row per value, on consecutive days from {@code first}: TEMP (24 observations)
         * and nothing else, or TEMP missing where the value is {@code NaN}. For tests of jobs that
         * look at TEMP only:
         * <pre>{@code
         * GsodStation.builder("72503014732", 2019)
         *         .temps(LocalDate.of(2019, 7, 1), 99.9, 100.0, Double.NaN, 100.1)   // at, missing, above
         *         .build();
         * }</pre>
         */
        public Builder temps(LocalDate first, double... fahrenheit) {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(fahrenheit, "fahrenheit");
            for (int i = 0; i < fahrenheit.length; i++) {
                GsodDay.Builder d = GsodDay.builder(id, first.plusDays(i)).year(year);
                if (!Double.isNaN(fahrenheit[i])) {
                    d.temp(fahrenheit[i], 24);
                }
                add(d.build());
            }
            return this;
        }

        public GsodStation build() {
            int n = days.size();
            int[] d = new int[n];
            int[][] c = new int[GsodCodec.DATA_COLUMNS][n];
            for (int r = 0; r < n; r++) {
                GsodDay day = days.get(r);
                d[r] = day.epochDay();
                int[] dc = day.cells();
                for (int i = 0; i < dc.length; i++) {
                    c[i][r] = dc[i];
                }
            }
            return new GsodStation(id, year, latitude, longitude, elevation, name, d, c);
        }
    }

    private static final class Access extends GsodAccess {
        @Override
        public GsodStation station(String id, int year, double latitude, double longitude, double elevation,
                                   String name, int[] epochDays, int[][] cells) {
            return new GsodStation(id, year, latitude, longitude, elevation, name, epochDays, cells);
        }

        @Override
        public int[] epochDays(GsodStation station) {
            return station.epochDays;
        }

        @Override
        public int[][] cells(GsodStation station) {
            return station.cells;
        }

        @Override
        public GsodDay day(String station, int year, int epochDay, double latitude, double longitude, double elevation,
                           String name, int[] cells) {
            return new GsodDay(station, year, epochDay, latitude, longitude, elevation, name, cells);
        }

        @Override
        public int[] cells(GsodDay day) {
            return day.cells();
        }
    }
}
