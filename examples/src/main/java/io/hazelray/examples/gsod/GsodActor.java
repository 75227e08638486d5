package io.hazelray.examples.gsod;

import io.hazelray.actors.ReadOnly;
import io.hazelray.datasets.gsod.GsodColumn;
import io.hazelray.datasets.gsod.GsodException;
import io.hazelray.datasets.gsod.GsodReadReport;
import io.hazelray.datasets.gsod.GsodPaths;
import io.hazelray.datasets.gsod.GsodReader;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The seed's {@code GSODActor}, method for method: one year of NOAA GSOD data, loaded once, then
 * asked for its stations and its count of hot readings at common stations.
 *
 * <pre>{@code
 * @ray.remote
 * class GSODActor():                                   # the seed
 *     def __init__(self, year, high_temp): ...
 *     def load_data(self): ...                         # every row of YEAR.tar.gz as a 28-field tuple
 *     def get_stations(self): return self.stations
 *     def get_high_temp_count(self, stations):
 *         filtered = [l for l in self.rows if float(l.TEMP) >= self.high_temp and l.STATION in stations]
 *         return len(filtered)
 * }</pre>
 *
 * Unlike the seed, which keeps every row as a tuple of 28 strings (11 GB resident for the real
 * 2019 and 2020 archives), this actor keeps what its methods need: per station, the day's mean
 * temperatures as a {@code double[]} (missing readings as NaN, which never compare as hot), about
 * 8 bytes a row. Also unlike the seed, a missing TEMP (9999.9) is never counted as hot.
 */
public final class GsodActor implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String year;
    private final double highTemp;
    private final String dataDir;
    private final boolean lenient;
    private Map<String, double[]> temperatures;
    private long rowCount;

    /** As {@code GSODActor(year, high_temp)}; {@code dataDir} holds {@code YEAR.tar.gz}. */
    public GsodActor(String year, double highTemp, String dataDir) {
        this(year, highTemp, dataDir, false);
    }

    /** As {@link #GsodActor(String, double, String)}; a lenient actor skips bad rows and files, and reports them. */
    public GsodActor(String year, double highTemp, String dataDir, boolean lenient) {
        this.year = year;
        this.highTemp = highTemp;
        this.dataDir = dataDir;
        this.lenient = lenient;
    }

    /**
     * {@code load_data}: reads {@code dataDir/YEAR.tar.gz}; a station is in the year when it has a
     * row. Bad input does not throw: the outcome carries the reader's exception, intact, to the
     * caller (a thrown one would arrive as text); the actor then stays unloaded.
     */
    public ArchiveOutcome loadData() {
        int y = Integer.parseInt(year);
        Path archive = GsodPaths.archive(Path.of(dataDir), y);
        Map<String, double[]> loaded = new HashMap<>();
        long[] rows = {0};
        GsodReadReport report;
        try {
            report = GsodReader.strict().withLenient(lenient).withColumns(GsodColumn.TEMP).read(archive, station -> {
                if (!station.isEmpty()) {
                    loaded.put(station.id(), station.temps());
                    rows[0] += station.size();
                }
            });
        } catch (GsodException e) {
            return new ArchiveOutcome(y, null, e);
        }
        temperatures = loaded;
        rowCount = rows[0];
        return new ArchiveOutcome(y, report, null);
    }

    /** {@code get_row_count}. */
    @ReadOnly
    public long getRowCount() {
        return rowCount;
    }

    /** {@code get_station_count}. */
    @ReadOnly
    public int getStationCount() {
        return loaded().size();
    }

    /** {@code get_stations}. */
    @ReadOnly
    public Set<String> getStations() {
        return new HashSet<>(loaded().keySet());
    }

    /** {@code get_high_temp_count}: readings of these stations with TEMP at or above the threshold. */
    @ReadOnly
    public long getHighTempCount(Set<String> stations) {
        long count = 0;
        for (Map.Entry<String, double[]> station : loaded().entrySet()) {
            if (stations.contains(station.getKey())) {
                for (double temp : station.getValue()) {
                    if (temp >= highTemp) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    @ReadOnly
    public String getYear() {
        return year;
    }

    private Map<String, double[]> loaded() {
        if (temperatures == null) {
            throw new IllegalStateException("GsodActor " + year + ": call loadData() first");
        }
        return temperatures;
    }
}
