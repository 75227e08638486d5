package io.hazelray.datasets.gsod;

import java.util.Random;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Makes a synthetic GSOD year in exactly NOAA's format, deterministic for a seed: the same year,
 * station count, seed and options give the same stations and a byte-identical archive.
 *
 * <pre>{@code
 * GsodGenerator gen = GsodGenerator.of(1980, 9000, 42);
 * Path archive = gen.writeTo(dir);                 // dir/1980.tar.gz
 * GsodStation first = gen.station(0);              // what was written, to compare with what is read back
 * }</pre>
 *
 * <p>What the data looks like: realistic 11-digit station ids (USAF + WBAN, sorted like NCEI's
 * archives), names with commas ({@code "NORTH FALLS AIRPORT, US"}), latitudes from the Arctic to
 * Antarctica with NOAA's varying decimals, about 2% of stations with no metadata (ids
 * {@code 999999xxxxx}, empty unquoted fields); a seasonal mean temperature by latitude and
 * elevation, with a few desert stations whose summer days reach 100 °F and more; some missing
 * TEMP (sentinel 9999.9) and the other measurements' sentinels in realistic proportions; some
 * stations with partial years or gaps; about 15% of stations with a row for January 1 of the next
 * year (as NCEI's archives have). Optionally, header-only station files.
 *
 * <p>The model is built station by station on demand ({@link #station(int)}), so writing 9,000
 * stations holds one at a time. Immutable and thread-safe.
 */
public final class GsodGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(GsodGenerator.class);

    private static final String[] PLACES = {"NORTH FALLS", "LAKE VIEW", "PORT ELLEN", "SAN MIGUEL", "KVITOYA", "LERWICK",
        "BLACK ROCK", "GREEN BAY", "ST JOHNS", "MOUNT HOPE", "RED BLUFF", "CAPE COD", "SILVER CITY", "WHITE SANDS",
        "DEATH VALLEY", "ALICE SPRINGS", "TAMANRASSET", "OULU", "TROMSO", "VALENCIA", "KAYES", "NEEDLES", "BARROW",
        "MCMURDO", "ESPERANZA", "DARWIN", "ZHONGSHAN", "PALMER", "YUMA", "BAGHDAD", "RIYADH", "ASWAN"};
    private static final String[] KINDS = {"", " AIRPORT", " INTL", " AWS", " MUNI", " 5 ENE", " RADAR", " AFB",
        " LIGHTHOUSE", " RANGER STN"};
    private static final String[] COUNTRIES = {"US", "UK", "NO", "FI", "SV", "AS", "ML", "AG", "SA", "IZ", "EG",
        "AY", "CA", "CH", "IN", "BR"};
    private static final String[] STATES = {"AK", "AZ", "CA", "NV", "NY", "TX", "MN", "WA", "FL", "MT"};

    private final int year;
    private final int stations;
    private final long seed;
    private final int headerOnly;
    private final double missingTempRate;
    private final List<String> ids;

    private GsodGenerator(int year, int stations, long seed, int headerOnly, double missingTempRate) {
        this.year = year;
        this.stations = stations;
        this.seed = seed;
        this.headerOnly = headerOnly;
        this.missingTempRate = missingTempRate;
        this.ids = stationIds(year, stations, seed);
    }

    /**
     * A generator of {@code stations} stations for {@code year}, with no header-only files and
     * about 0.5% of TEMP readings missing.
     *
     * @throws IllegalArgumentException if year is not 1..9998 or stations not 1..100,000
     */
    public static GsodGenerator of(int year, int stations, long seed) {
        if (year < 1 || year > 9998) {
            throw new IllegalArgumentException("year must be 1..9998: " + year);
        }
        if (stations < 1 || stations > 100_000) {
            throw new IllegalArgumentException("stations must be 1..100000: " + stations);
        }
        return new GsodGenerator(year, stations, seed, 0, 0.005);
    }

    /** This generator with {@code count} of its stations written as header-only files (no rows). */
    public GsodGenerator withHeaderOnlyStations(int count) {
        if (count < 0 || count > stations) {
            throw new IllegalArgumentException("count must be 0.." + stations + ": " + count);
        }
        return new GsodGenerator(year, stations, seed, count, missingTempRate);
    }

    /** This generator with a share of TEMP readings missing, 0 to 1 (default 0.005). */
    public GsodGenerator withMissingTempRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be within [0, 1]: " + rate);
        }
        return new GsodGenerator(year, stations, seed, headerOnly, rate);
    }

    public int year() {
        return year;
    }

    /** How many station files the archive has. */
    public int stationCount() {
        return stations;
    }

    public long seed() {
        return seed;
    }

    /** The station ids, sorted (archive order). */
    public List<String> stationIds() {
        return ids;
    }

    /**
     * The {@code index}-th station of the archive (archive order), exactly as it will be written
     * and read back: same id, year, metadata, rows and every field.
     */
    public GsodStation station(int index) {
        Objects.checkIndex(index, stations);
        String id = ids.get(index);
        SplittableRandom rnd = new SplittableRandom(mix(seed, year, id.hashCode()));
        GsodStation.Builder b = GsodStation.builder(id, year);
        if (isHeaderOnly(index)) {
            return b.build();                       // no rows, so no metadata either
        }
        boolean known = !id.startsWith("999999");
        boolean hot = rnd.nextDouble() < 0.06;
        double lat = hot ? sign(rnd) * (20 + rnd.nextDouble() * 15) : latitude(rnd);
        double lon = -180 + rnd.nextDouble() * 360;
        double elev = rnd.nextDouble() < 0.75 ? rnd.nextDouble() * 500 : rnd.nextDouble() * 3500;
        lat = round(lat, 1 + rnd.nextInt(7));
        lon = round(lon, 1 + rnd.nextInt(7));
        elev = round(elev, 1 + rnd.nextInt(2));
        if (known) {
            b.location(lat, lon, elev).name(name(rnd, lat));
        }

        double meanF = hot ? 84 + rnd.nextDouble() * 4 : 80 - 0.95 * Math.max(0, Math.abs(lat) - 12) - 0.0118 * elev;
        double amplitude = hot ? 17 + rnd.nextDouble() * 3 : 3 + 0.45 * Math.abs(lat);
        double phase = lat >= 0 ? 0 : Math.PI;
        int wban = Integer.parseInt(id.substring(6));
        LocalDate start = LocalDate.of(year, 1, 1);
        int length = start.lengthOfYear();
        int first = 0;
        int last = length - 1;
        double coverage = rnd.nextDouble();
        if (coverage < 0.06) {
            first = rnd.nextInt(length / 2);
        } else if (coverage < 0.10) {
            last = length / 2 + rnd.nextInt(length / 2);
        }
        double gapRate = rnd.nextDouble() < 0.2 ? 0.05 : 0.002;
        boolean nextNewYear = rnd.nextDouble() < 0.15 && last == length - 1;
        double anomaly = 0;
        for (int d = first; d <= last + (nextNewYear ? 1 : 0); d++) {
            anomaly = 0.7 * anomaly + rnd.nextGaussian() * 4.5;
            if (d <= last && rnd.nextDouble() < gapRate) {
                continue;
            }
            double seasonal = meanF - amplitude * Math.cos(2 * Math.PI * (d - 15) / 365.25 + phase);
            b.add(day(rnd, id, start.plusDays(d), seasonal + anomaly, elev, hot, wban));
        }
        return b.build();
    }

    /** Every station, in archive order, built lazily one at a time. */
    public Stream<GsodStation> stations() {
        return IntStream.range(0, stations).mapToObj(this::station);
    }

    /** Writes {@code dir/YEAR.tar.gz} (replacing it) and returns its path. */
    public Path writeTo(Path dir) {
        return writeTo(dir, written -> { });
    }

    /** As {@link #writeTo(Path)}, telling {@code progress} how many stations are written so far. */
    public Path writeTo(Path dir, IntConsumer progress) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(progress, "progress");
        long t0 = System.nanoTime();
        GsodArchiveWriter w = GsodArchiveWriter.create(dir, year)
                .markGenerated("gsod generate --year " + year + " --stations " + stations + " --seed " + seed
                        + (headerOnly > 0 ? " --header-only " + headerOnly : ""));
        try {
            for (int i = 0; i < stations; i++) {
                w.add(station(i));
                progress.accept(i + 1);
            }
        } catch (RuntimeException | Error e) {
            w.discard();                            // a failed run leaves nothing, not half a year
            throw e;
        }
        Path p = w.finish();
        LOG.debug("wrote {} ({} stations) in {} ms", p, stations, (System.nanoTime() - t0) / 1_000_000);
        return p;
    }

    private boolean isHeaderOnly(int index) {
        // spread evenly through the archive, deterministic
        return headerOnly > 0 && (long) index * headerOnly / stations != (long) (index + 1) * headerOnly / stations;
    }

    private GsodDay day(SplittableRandom rnd, String id, LocalDate date, double tempF, double elev, boolean hot, int wban) {
        GsodDay.Builder d = GsodDay.builder(id, date).year(year);
        int count = rnd.nextDouble() < 0.7 ? 24 : 4 + rnd.nextInt(20);
        double temp = round(tempF, 1);
        boolean tempMissing = rnd.nextDouble() < missingTempRate;
        if (!tempMissing) {
            d.temp(temp, count);
        }
        if (rnd.nextDouble() < 0.93) {
            d.dewp(round(temp - 2 - rnd.nextDouble() * 18, 1), count);
        }
        double slp = round(1013 + rnd.nextGaussian() * 8, 1);
        if (rnd.nextDouble() < 0.8 && elev < 2500) {
            d.slp(slp, count);
        }
        if (rnd.nextDouble() < 0.6) {
            double stp = slp * Math.exp(-elev / 8400);
            d.stp(round(stp % 1000, 1), count);          // NOAA drops the thousands digit
        }
        if (rnd.nextDouble() < 0.7) {
            d.visib(round(Math.min(99.9, 2 + rnd.nextDouble() * 10), 1), count);
        }
        double wdsp = round(rnd.nextDouble() * rnd.nextDouble() * 25, 1);
        if (rnd.nextDouble() < 0.96) {
            d.wdsp(wdsp, count);
        }
        if (rnd.nextDouble() < 0.95) {
            double mxspd = round(wdsp + 2 + rnd.nextDouble() * 10, 1);
            d.mxspd(mxspd);
            if (rnd.nextDouble() < 0.3) {
                d.gust(round(mxspd + 4 + rnd.nextDouble() * 15, 1));
            }
        }
        if (rnd.nextDouble() < 0.999) {
            d.max(round(temp + 2 + rnd.nextDouble() * 12, 1), rnd.nextBoolean());
        }
        if (rnd.nextDouble() < 0.999) {
            d.min(round(temp - 2 - rnd.nextDouble() * 12, 1), rnd.nextBoolean());
        }
        double prcp = 0;
        if (rnd.nextDouble() < 0.92) {
            prcp = rnd.nextDouble() < 0.3 ? round(0.01 + rnd.nextDouble() * rnd.nextDouble() * 2, 2) : 0;
            d.prcp(prcp, (char) ('A' + rnd.nextInt(9)));
        }
        boolean cold = temp < 32;
        if (cold && rnd.nextDouble() < 0.5) {
            d.sndp(round(1 + rnd.nextDouble() * 30, 1));
        }
        boolean fog = rnd.nextDouble() < 0.05;
        boolean rain = prcp > 0 && !cold;
        boolean snow = prcp > 0 && cold;
        boolean thunder = rain && (hot || temp > 70) && rnd.nextDouble() < 0.25;
        boolean hail = thunder && rnd.nextDouble() < 0.05;
        boolean tornado = thunder && wban % 7 == 0 && rnd.nextDouble() < 0.01;
        d.frshtt(bit(fog) + bit(rain) + bit(snow) + bit(hail) + bit(thunder) + bit(tornado));
        return d.build();
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    private static double latitude(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        if (u < 0.02) {
            return -65 - rnd.nextDouble() * 25;             // Antarctica
        }
        if (u < 0.25) {
            return -rnd.nextDouble() * 55;                  // southern hemisphere
        }
        return rnd.nextDouble() * 82;
    }

    private static int sign(SplittableRandom rnd) {
        return rnd.nextDouble() < 0.8 ? 1 : -1;
    }

    private static String name(SplittableRandom rnd, double lat) {
        String place = PLACES[rnd.nextInt(PLACES.length)] + KINDS[rnd.nextInt(KINDS.length)];
        double u = rnd.nextDouble();
        if (u < 0.3) {
            return place + ", " + STATES[rnd.nextInt(STATES.length)] + " US";
        }
        if (u < 0.95) {
            return place + ", " + (lat < -60 ? "AY" : COUNTRIES[rnd.nextInt(COUNTRIES.length)]);
        }
        return place;                                        // a few without a country
    }

    /**
     * The station ids of a year. Real stations persist from year to year, so the ids come from a
     * universe fixed by the seed alone (about 5% more stations than a year has), and each year
     * leaves out its own few: two years generated with the same seed share most stations, and
     * each has some the other lacks, as NOAA's archives do.
     */
    private static List<String> stationIds(int year, int stations, long seed) {
        List<String> universe = new ArrayList<>(stationUniverse(stations + Math.max(1, stations / 20), seed));
        Collections.shuffle(universe, new Random(mix(seed, year, 0x5eed)));
        return Collections.unmodifiableList(new ArrayList<>(new TreeSet<>(universe.subList(0, stations))));
    }

    private static TreeSet<String> stationUniverse(int stations, long seed) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, 0, 0x5eed));
        TreeSet<String> set = new TreeSet<>();
        int unknown = Math.max(stations >= 10 ? 1 : 0, stations / 50);
        while (set.size() < unknown) {
            set.add(String.format("999999%05d", rnd.nextInt(100, 99_999)));
        }
        while (set.size() < stations) {
            int usaf = rnd.nextInt(10_010, 999_990);
            int wban = rnd.nextDouble() < 0.8 ? 99_999 : rnd.nextInt(100, 94_999);
            set.add(String.format("%06d%05d", usaf, wban));
        }
        return set;
    }

    private static long mix(long seed, int year, int salt) {
        long z = seed * 0x9E3779B97F4A7C15L + year * 0xBF58476D1CE4E5B9L + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        double r = Math.round(v * f) / f;
        return r == 0 ? 0.0 : r;                              // no -0.0
    }
}
