package io.hazelray.examples.gsod;

import java.nio.file.Files;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.datasets.gsod.GsodArchiveWriter;
import io.hazelray.datasets.gsod.GsodColumn;
import io.hazelray.datasets.gsod.GsodDay;
import io.hazelray.datasets.gsod.GsodDownloadException;
import io.hazelray.datasets.gsod.GsodFormatException;
import io.hazelray.datasets.gsod.GsodProblem;
import io.hazelray.datasets.gsod.GsodGenerator;
import io.hazelray.datasets.gsod.GsodSample;
import io.hazelray.datasets.gsod.GsodStation;
import io.hazelray.runtime.GridTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Both engines of the GSOD job, on the real sample and on archives whose answer the test knows. */
class GsodJobTest extends GridTestSupport {
    private static Hazelray ray;

    @BeforeAll
    static void startMember() {
        ray = Hazelray.init(HazelrayOptions.builder().cpus(2).clusterName("gsod-test-" + UUID.randomUUID()).build());
    }

    @AfterAll
    static void stopMember() {
        ray.shutdown();
    }

    /** The answers NOAA's sample README gives (computed outside Hazelray). */
    @ParameterizedTest(name = "{0} engine at {1} °F")
    @CsvSource({"jet, 100, 257, 876, 107", "actors, 100, 257, 876, 107", "jet, 90, 257, 4481, 1095", "actors, 90, 257, 4481, 1095"})
    void shouldGiveTheSamplesKnownAnswers(String engine, double threshold, long common, long hot2019, long hot2020) {
        GsodQuestion q = new GsodQuestion(2019, 2020, threshold, GsodSample.directory());
        GsodAnswer answer = engine(engine).apply(ray, q);
        assertThat(answer).isEqualTo(new GsodAnswer(2019, 2020, common, hot2019, hot2020));
    }

    @Test
    void shouldHandleMissingTemperaturesHeaderOnlyFilesOneYearStationsAndReadingsAtTheThreshold(@TempDir Path dir) {
        // Given: every edge case, with the answer stated by hand
        Map<String, double[]> y1 = new LinkedHashMap<>();
        Map<String, double[]> y2 = new LinkedHashMap<>();
        y1.put("72503014732", new double[] {100.0, 99.9, Double.NaN, 105.3}); // at, below, missing, above
        y2.put("72503014732", new double[] {100.0, 100.0});
        y1.put("01001099999", new double[] {120.0});                           // only in year 1
        y2.put("01002099999", new double[] {120.0});                           // only in year 2
        y1.put("01003099999", new double[] {});                               // header only in year 1...
        y2.put("01003099999", new double[] {110.0});                           // ...so not in both
        y1.put("01004099999", new double[] {Double.NaN, Double.NaN});          // in both, nothing measured
        y2.put("01004099999", new double[] {Double.NaN});
        write(dir, 1981, y1);
        write(dir, 1982, y2);
        GsodQuestion q = new GsodQuestion(1981, 1982, 100.0, dir);
        GsodAnswer expected = new GsodAnswer(1981, 1982, 2, 2, 2);
        // Then
        assertThat(GsodJetPipeline.run(ray, q)).isEqualTo(expected);
        assertThat(GsodActorsJob.run(ray, q)).isEqualTo(expected);
        assertThat(independentAnswer(y1, y2, q)).isEqualTo(expected);
    }

    @Test
    void shouldAgreeWithAnIndependentCountOnRandomYears(@TempDir Path dir) {
        // Given: 300 random stations, some in one year only, some header-only, ~5% missing TEMP
        Random random = new Random(42);
        Map<String, double[]> y1 = randomYear(random, 300);
        Map<String, double[]> y2 = randomYear(random, 300);
        write(dir, 1990, y1);
        write(dir, 1991, y2);
        for (double threshold : new double[] {95.0, 60.5, -10.0}) {
            GsodQuestion q = new GsodQuestion(1990, 1991, threshold, dir);
            GsodAnswer expected = independentAnswer(y1, y2, q);
            assertThat(expected.commonStations()).isBetween(50L, 250L);
            // Then
            assertThat(GsodJetPipeline.run(ray, q)).as("jet at %s", threshold).isEqualTo(expected);
            assertThat(GsodActorsJob.run(ray, q)).as("actors at %s", threshold).isEqualTo(expected);
        }
    }

    @Test
    void shouldAgreeWithAnIndependentCountOnGeneratedYears(@TempDir Path dir) {
        // Given: two synthetic years of one seed (most stations in both), with header-only files and missing TEMP
        GsodGenerator g1 = GsodGenerator.of(1980, 400, 7).withHeaderOnlyStations(5).withMissingTempRate(0.05);
        GsodGenerator g2 = GsodGenerator.of(1981, 380, 7).withHeaderOnlyStations(5).withMissingTempRate(0.05);
        g1.writeTo(dir);
        g2.writeTo(dir);
        GsodQuestion q = new GsodQuestion(1980, 1981, 90.0, dir);
        // The expected answer straight from the generator's model, not from the archives
        GsodAnswer expected = independentAnswer(temps(g1), temps(g2), q);
        assertThat(expected.commonStations()).isBetween(300L, 379L);
        assertThat(expected.highTempCount1()).isPositive();
        // Then
        assertThat(GsodJetPipeline.run(ray, q)).isEqualTo(expected);
        assertThat(GsodActorsJob.run(ray, q)).isEqualTo(expected);
    }

    /** The real NOAA archives, when they are beside the project (as on the developers' and CI's machines). */
    @Test
    void shouldAgreeOnTheRealArchives() {
        Path shared = Path.of(System.getProperty("hazelray.root", "."), "..", "shared", "gsod");
        assumeTrue(Files.isRegularFile(shared.resolve("2019.tar.gz")), "no real archives at " + shared);
        GsodQuestion q = new GsodQuestion(2019, 2020, 100.0, shared);
        GsodAnswer jet = GsodJetPipeline.run(ray, q);
        assertThat(GsodActorsJob.run(ray, q)).isEqualTo(jet);
        assertThat(jet.commonStations()).isBetween(11_000L, 12_036L); // 12,036 stations in the 2020 archive
    }

    static Map<String, double[]> temps(GsodGenerator generator) {
        Map<String, double[]> year = new LinkedHashMap<>();
        generator.stations().forEach(s -> year.put(s.id(), s.temps()));
        return year;
    }

    @Test
    void shouldCountEachArchiveOnceOnAThreeMemberCluster() {
        // Given: three members on this machine, sharing the data directory
        List<HazelcastInstance> members = startCluster(3, 1);
        try (Hazelray onCluster = Hazelray.connect(members.get(1))) {
            // When
            GsodAnswer answer = GsodJetPipeline.run(onCluster, new GsodQuestion(2019, 2020, 100.0, GsodSample.directory()));
            // Then
            assertThat(answer).isEqualTo(new GsodAnswer(2019, 2020, 257, 876, 107));
        }
    }

    @Test
    void shouldBringTheReadersOwnFailureToTheDriverFromAnotherMemberWithEitherEngine(@TempDir Path dir) throws Exception {
        // Given: two members; 1981 broken on line 2 of a station file
        write(dir, 1980, Map.of("72503014732", new double[] {100.0}));
        GsodArchiveWriter.create(dir.resolve("1981.tar.gz")).addRaw("72503014732.csv",
                GsodArchiveWriter.csv(GsodStation.builder("72503014732", 1981).add(GsodDay.builder("72503014732",
                        LocalDate.of(1981, 1, 1)).temp(50.0, 24).build()).build()).replace("\"  50.0\"", "\"  5x.0\"")).finish();
        GsodQuestion q = new GsodQuestion(1980, 1981, 100.0, dir);
        List<HazelcastInstance> members = startCluster(2, 1);
        // Every exception type that travels survives Hazelcast's serialization between members
        GsodFormatException sent = new GsodFormatException("1981.tar.gz", new GsodProblem("x.csv", 2, GsodColumn.TEMP, "bad"), null, true);
        members.get(0).getMap("gsod-exceptions").put("format", sent);
        members.get(0).getMap("gsod-exceptions").put("download", new GsodDownloadException(
                URI.create("http://127.0.0.1/1981.tar.gz"), dir.resolve("1981.tar.gz"), "HTTP 404", new IOException("x")));
        GsodFormatException got = (GsodFormatException) members.get(1).getMap("gsod-exceptions").get("format");
        assertThat(got.problem()).isEqualTo(sent.problem());
        assertThat(got.isDamaged()).isTrue();
        assertThat(((GsodDownloadException) members.get(1).getMap("gsod-exceptions").get("download")).target())
                .isEqualTo(dir.resolve("1981.tar.gz"));
        for (HazelcastInstance driverMember : members) {
            try (Hazelray onCluster = Hazelray.connect(driverMember)) {
                for (BiFunction<Hazelray, GsodQuestion, GsodAnswer> engine : List.of(engine("jet"), engine("actors"))) {
                    // When / Then: the typed exception, with its archive, file, line and column
                    assertThatThrownBy(() -> engine.apply(onCluster, q))
                            .isInstanceOfSatisfying(GsodFormatException.class, e -> {
                                assertThat(e.archive()).isEqualTo(dir.resolve("1981.tar.gz").toString());
                                assertThat(e.problem()).isEqualTo(new GsodProblem("72503014732.csv", 2, GsodColumn.TEMP,
                                        "not a number: \"  5x.0\""));
                                assertThat(e.isDamaged()).isFalse();
                            });
                }
            }
        }
    }

    private static BiFunction<Hazelray, GsodQuestion, GsodAnswer> engine(String name) {
        return name.equals("jet") ? GsodJetPipeline::run : GsodActorsJob::run;
    }

    /** The seed's definition, computed directly on what the test wrote. */
    static GsodAnswer independentAnswer(Map<String, double[]> y1, Map<String, double[]> y2, GsodQuestion q) {
        Set<String> common = new HashSet<>();
        y1.forEach((station, temps) -> {
            if (temps.length > 0 && y2.containsKey(station) && y2.get(station).length > 0) {
                common.add(station);
            }
        });
        return new GsodAnswer(q.year1(), q.year2(), common.size(), hot(y1, common, q.threshold()), hot(y2, common, q.threshold()));
    }

    private static long hot(Map<String, double[]> year, Set<String> common, double threshold) {
        long n = 0;
        for (String station : common) {
            for (double t : year.get(station)) {
                if (!Double.isNaN(t) && t >= threshold) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Map<String, double[]> randomYear(Random random, int stations) {
        Map<String, double[]> year = new LinkedHashMap<>();
        for (int s = 0; s < stations; s++) {
            if (random.nextInt(4) == 0) {
                continue; // this station is not in this year
            }
            int days = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(40);
            double[] temps = new double[days];
            for (int d = 0; d < days; d++) {
                temps[d] = random.nextInt(20) == 0 ? Double.NaN : Math.round((random.nextDouble() * 130 - 20) * 10) / 10.0;
            }
            year.put(String.format("%06d%05d", 700_000 + s, 99_999), temps);
        }
        return year;
    }

    private static void write(Path dir, int year, Map<String, double[]> stations) {
        List<GsodStation> list = new ArrayList<>();
        stations.forEach((id, temps) -> {
            GsodStation.Builder station = GsodStation.builder(id, year).name("TEST, " + id).location(40.5, -73.25, 10.0);
            for (int d = 0; d < temps.length; d++) {
                GsodDay.Builder day = GsodDay.builder(id, LocalDate.of(year, 1, 1).plusDays(d));
                station.add((Double.isNaN(temps[d]) ? day.missing(GsodColumn.TEMP) : day.temp(temps[d], 24)).build());
            }
            list.add(station.build());
        });
        GsodArchiveWriter.write(dir.resolve(year + ".tar.gz"), list);
    }
}
