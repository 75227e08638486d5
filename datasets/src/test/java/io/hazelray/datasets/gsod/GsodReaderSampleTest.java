package io.hazelray.datasets.gsod;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reader on the real bundled sample. Every expected figure here comes from outside this code:
 * the sample's README (counted by the seed's Python program) and rows copied from the CSVs with
 * {@code tar -xzOf sample/2019.tar.gz STATION.csv}.
 */
class GsodReaderSampleTest {

    @Test
    void shouldReadEveryStationAndRowOfTheSample() {
        // Given
        GsodReader reader = GsodReader.strict();
        // When
        GsodReadReport r2019 = reader.read(GsodSample.archive(2019), s -> { });
        GsodReadReport r2020 = reader.read(GsodSample.archive(2020), s -> { });
        // Then
        assertThat(r2019.stations()).isEqualTo(272);
        assertThat(r2019.rows()).isEqualTo(89_212);
        assertThat(r2020.stations()).isEqualTo(272);
        assertThat(r2020.rows()).isEqualTo(38_719);
        assertThat(r2019.isClean()).isTrue();
        assertThat(r2019.problems()).isEmpty();
    }

    @Test
    void shouldCountTheCompressedBytesItReadsForProgressDisplays() throws IOException {
        // Given
        Path archive = GsodSample.archive(2020);
        long before = GsodReader.compressedBytesRead();
        // When: read to the end, with the prefetching thread and without
        GsodReader.strict().withPrefetch(true).read(archive, s -> { });
        GsodReader.strict().withPrefetch(false).read(archive, s -> { });
        // Then: the whole file, twice (the gzip trailer is read to check it)
        assertThat(GsodReader.compressedBytesRead() - before).isEqualTo(2 * Files.size(archive));
    }

    @Test
    void shouldFind257StationsInBothYears() {
        // When
        Set<String> y2019 = ids(GsodSample.archive(2019));
        Set<String> y2020 = ids(GsodSample.archive(2020));
        y2019.retainAll(y2020);
        // Then
        assertThat(y2019).hasSize(257);
    }

    @Test
    void shouldCountTheReadmeAnswersForHotReadingsInCommonStations() {
        // Given: the sample README's answers, counted by the seed's Python program
        GsodReader temps = GsodReader.strict().withColumns(GsodColumn.TEMP);
        Map<String, int[]> y2019 = new HashMap<>();
        Map<String, int[]> y2020 = new HashMap<>();
        // When
        temps.read(GsodSample.archive(2019), s -> y2019.put(s.id(), new int[] {s.countTemp(t -> t >= 100), s.countTemp(t -> t >= 90)}));
        temps.read(GsodSample.archive(2020), s -> y2020.put(s.id(), new int[] {s.countTemp(t -> t >= 100), s.countTemp(t -> t >= 90)}));
        Set<String> common = new HashSet<>(y2019.keySet());
        common.retainAll(y2020.keySet());
        // Then
        assertThat(common.stream().mapToInt(id -> y2019.get(id)[0]).sum()).isEqualTo(876);
        assertThat(common.stream().mapToInt(id -> y2020.get(id)[0]).sum()).isEqualTo(107);
        assertThat(common.stream().mapToInt(id -> y2019.get(id)[1]).sum()).isEqualTo(4481);
        assertThat(common.stream().mapToInt(id -> y2020.get(id)[1]).sum()).isEqualTo(1095);
    }

    @Test
    void shouldReadKvitoyaFirstRowFieldByField() {
        // Given: "01011099999","2019-01-01","80.0666666","31.5","10.0","KVITOYA, SV","  -0.6","24","  -5.5","24",
        //        "1001.9","24","000.8","24","999.9"," 0"," 25.9","24"," 31.1","999.9","   3.7"," ","  -3.1","*",
        //        " 0.00","I","999.9","000000"
        // When
        GsodDay day = day(GsodSample.archive(2019), "01011099999", LocalDate.of(2019, 1, 1));
        // Then
        assertThat(day.station()).isEqualTo("01011099999");
        assertThat(day.year()).isEqualTo(2019);
        assertThat(day.latitude()).hasValue(80.0666666);
        assertThat(day.longitude()).hasValue(31.5);
        assertThat(day.elevation()).hasValue(10.0);
        assertThat(day.name()).hasValue("KVITOYA, SV");
        assertThat(day.temp()).hasValue(-0.6);
        assertThat(day.tempCount()).isEqualTo(24);
        assertThat(day.dewp()).hasValue(-5.5);
        assertThat(day.dewpCount()).isEqualTo(24);
        assertThat(day.slp()).hasValue(1001.9);
        assertThat(day.slpCount()).isEqualTo(24);
        assertThat(day.stp()).hasValue(0.8);              // as written: 1000.8 mb without its thousands digit
        assertThat(day.stpCount()).isEqualTo(24);
        assertThat(day.visib()).isEmpty();                 // 999.9
        assertThat(day.hasVisib()).isFalse();
        assertThat(day.visibCount()).isZero();
        assertThat(day.wdsp()).hasValue(25.9);
        assertThat(day.wdspCount()).isEqualTo(24);
        assertThat(day.mxspd()).hasValue(31.1);
        assertThat(day.gust()).isEmpty();
        assertThat(day.max()).hasValue(3.7);
        assertThat(day.maxFromHourly()).isFalse();
        assertThat(day.min()).hasValue(-3.1);
        assertThat(day.minFromHourly()).isTrue();
        assertThat(day.prcp()).hasValue(0.0);
        assertThat(day.prcpFlag()).isEqualTo('I');
        assertThat(day.sndp()).isEmpty();
        assertThat(day.frshtt()).isEqualTo("000000");
        assertThat(day.fog() || day.rainOrDrizzle() || day.snowOrIcePellets() || day.hail() || day.thunder()
                || day.tornadoOrFunnelCloud()).isFalse();
    }

    @Test
    void shouldReadMissingPrcpGustAndRainFlag() {
        // Given: "01088699999","2019-01-01","58.3666666","1.9","30.0","SLEIPNER A OIL PLATFORM, NO","  43.8","24",
        //        "  30.3","24","9999.9"," 0","999.9"," 0","  5.9","24"," 48.7","23"," 56.9"," 69.0","  48.2","*",
        //        "  41.0","*","99.99"," ","999.9","010000"
        // When
        GsodDay day = day(GsodSample.archive(2019), "01088699999", LocalDate.of(2019, 1, 1));
        // Then
        assertThat(day.name()).hasValue("SLEIPNER A OIL PLATFORM, NO");
        assertThat(day.slp()).isEmpty();
        assertThat(day.slpCount()).isZero();
        assertThat(day.stp()).isEmpty();                   // STP_ATTRIBUTES " 0"
        assertThat(day.visib()).hasValue(5.9);
        assertThat(day.wdsp()).hasValue(48.7);
        assertThat(day.wdspCount()).isEqualTo(23);
        assertThat(day.gust()).hasValue(69.0);
        assertThat(day.prcp()).isEmpty();                  // 99.99
        assertThat(day.hasPrcp()).isFalse();
        assertThat(day.prcpFlag()).isEqualTo(' ');
        assertThat(day.frshtt()).isEqualTo("010000");
        assertThat(day.rainOrDrizzle()).isTrue();
        assertThat(day.fog()).isFalse();
    }

    @Test
    void shouldReadSnowDepthAndStationPressure() {
        // Given: "71033099999","2019-01-02","57.25","-105.6","513.9","KEY LAKE SK, CA","  14.0","24","  11.2","24",
        //        " 997.8","24","934.7"," 8","999.9"," 0","  5.0","24"," 12.0"," 20.0","  20.1","*","  10.4","*",
        //        " 0.03","G"," 10.2","000000"
        // When
        GsodDay day = day(GsodSample.archive(2019), "71033099999", LocalDate.of(2019, 1, 2));
        // Then
        assertThat(day.temp()).hasValue(14.0);
        assertThat(day.slp()).hasValue(997.8);
        assertThat(day.stp()).hasValue(934.7);
        assertThat(day.stpCount()).isEqualTo(8);
        assertThat(day.gust()).hasValue(20.0);
        assertThat(day.prcp()).hasValue(0.03);
        assertThat(day.prcpFlag()).isEqualTo('G');
        assertThat(day.sndp()).hasValue(10.2);
    }

    @Test
    void shouldReadThreeDigitTemperatureExactly() {
        // Given: "17270099999","2019-07-22",...,"SANLIURFA, TU"," 100.2","13",...," 108.0","*","  79.3"," ",...
        // When
        GsodStation s = station(GsodSample.archive(2019), "17270099999");
        int row = rowOf(s, LocalDate.of(2019, 7, 22));
        // Then
        assertThat(s.temp(row)).isEqualTo(100.2);
        assertThat(s.value(GsodColumn.MAX, row)).isEqualTo(108.0);
        assertThat(s.size()).isEqualTo(364);               // 365 lines, one of them the header
        assertThat(s.name()).hasValue("SANLIURFA, TU");
    }

    @Test
    void shouldReadStationWithoutMetadata() {
        // Given: "99999900177","2020-01-01",,,,,"  50.0","19","  34.2","19","9999.9"," 0","988.9","19","  9.8","19",
        //        "  1.9","19","  9.9","999.9","  51.3","*","  47.7","*"," 0.00","G","999.9","000000"
        // When
        GsodStation s = station(GsodSample.archive(2020), "99999900177");
        GsodDay day = s.day(0);
        // Then
        assertThat(s.latitude()).isEmpty();
        assertThat(s.longitude()).isEmpty();
        assertThat(s.elevation()).isEmpty();
        assertThat(s.name()).isEmpty();
        assertThat(day.date()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(day.name()).isEmpty();
        assertThat(day.temp()).hasValue(50.0);
        assertThat(day.tempCount()).isEqualTo(19);
        assertThat(day.stp()).hasValue(988.9);
        assertThat(day.maxFromHourly()).isTrue();
        assertThat(day.max()).hasValue(51.3);
    }

    @Test
    void shouldKeepNextYearsRowsWithTheArchivesYear() {
        // Given: 41 station files of the 2019 sample end with a 2020-01-01 row (grep -c '"2020-01-01"')
        // When
        List<GsodStation> stations = GsodReader.strict().readAll(GsodSample.archive(2019));
        long withNewYear = stations.stream()
                .filter(s -> s.size() > 0 && s.date(s.size() - 1).equals(LocalDate.of(2020, 1, 1)))
                .count();
        // Then
        assertThat(withNewYear).isEqualTo(41);
        assertThat(stations).allSatisfy(s -> assertThat(s.year()).isEqualTo(2019));
    }

    @Test
    void shouldStreamEveryRowWithAllFields() {
        // When
        long rows;
        long rainy;
        try (Stream<GsodDay> days = GsodReader.strict().days(GsodSample.archive(2020))) {
            List<GsodDay> all = days.collect(Collectors.toList());
            rows = all.size();
            rainy = all.stream().filter(GsodDay::rainOrDrizzle).count();
        }
        // Then
        assertThat(rows).isEqualTo(38_719);
        assertThat(rainy).isPositive().isLessThan(rows);
    }

    @Test
    void shouldGiveTheSameStationsWithAndWithoutPrefetchThread() {
        // When
        List<GsodStation> threaded = GsodReader.strict().withPrefetch(true).readAll(GsodSample.archive(2020));
        List<GsodStation> inline = GsodReader.strict().withPrefetch(false).readAll(GsodSample.archive(2020));
        // Then
        assertThat(threaded).isEqualTo(inline).hasSize(272);
    }

    @Test
    void shouldKeepOnlyTheColumnsAskedFor() {
        // Given
        GsodReader reader = GsodReader.strict().withColumns(GsodColumn.TEMP);
        // When
        GsodStation s = reader.readAll(GsodSample.archive(2019)).get(0);
        // Then
        assertThat(s.columns()).containsExactly(GsodColumn.TEMP);
        assertThat(s.temps()).hasSize(s.size());
        assertThatThrownBy(() -> s.value(GsodColumn.DEWP, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("column DEWP was not kept");
        assertThat(s.day(0).hasDewp()).isFalse();
    }

    @Test
    void shouldStopEarlyWhenTheStreamIsClosed() {
        // When
        List<String> firstThree;
        try (Stream<GsodStation> stations = GsodReader.strict().stations(GsodSample.archive(2019))) {
            firstThree = stations.limit(3).map(GsodStation::id).collect(Collectors.toList());
        }
        // Then: tar -tzf sample/2019.tar.gz | head -3
        assertThat(firstThree).containsExactly("01011099999", "01088699999", "01240099999");
    }

    @Test
    void shouldTakeTheYearFromTheFileName() {
        assertThat(GsodReader.yearOf(Path.of("/data/2019.tar.gz"))).isEqualTo(2019);
        assertThat(GsodReader.yearOf(Path.of("gsod-1980.tar.gz"))).isEqualTo(1980);
        assertThat(GsodReader.yearOf(Path.of("sample.tar.gz"))).isZero();
        assertThat(GsodReader.yearOf(Path.of("12019.tar.gz"))).isZero();
    }

    static Set<String> ids(Path archive) {
        Set<String> ids = new HashSet<>();
        GsodReader.strict().withColumns().read(archive, s -> ids.add(s.id()));
        return ids;
    }

    static GsodStation station(Path archive, String id) {
        try (Stream<GsodStation> s = GsodReader.strict().stations(archive)) {
            return s.filter(st -> st.id().equals(id)).findFirst().orElseThrow();
        }
    }

    static GsodDay day(Path archive, String id, LocalDate date) {
        GsodStation s = station(archive, id);
        return s.day(rowOf(s, date));
    }

    static int rowOf(GsodStation s, LocalDate date) {
        for (int i = 0; i < s.size(); i++) {
            if (s.date(i).equals(date)) {
                return i;
            }
        }
        throw new AssertionError(s.id() + " has no row for " + date);
    }
}
