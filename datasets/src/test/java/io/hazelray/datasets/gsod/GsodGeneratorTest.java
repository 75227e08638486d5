package io.hazelray.datasets.gsod;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GsodGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadBackExactlyWhatItMeantToWrite() {
        // Given
        GsodGenerator gen = GsodGenerator.of(1980, 60, 7).withHeaderOnlyStations(3).withMissingTempRate(0.02);
        // When
        Path archive = gen.writeTo(dir);
        List<GsodStation> read = GsodReader.strict().readAll(archive);
        // Then: field by field, row by row
        assertThat(archive).isEqualTo(dir.resolve("1980.tar.gz").toAbsolutePath());
        assertThat(read).hasSize(60);
        for (int i = 0; i < read.size(); i++) {
            GsodStation meant = gen.station(i);
            GsodStation got = read.get(i);
            assertThat(got.id()).isEqualTo(meant.id()).isEqualTo(gen.stationIds().get(i));
            assertThat(got.year()).isEqualTo(1980);
            assertThat(got.latitude()).isEqualTo(meant.latitude());
            assertThat(got.longitude()).isEqualTo(meant.longitude());
            assertThat(got.elevation()).isEqualTo(meant.elevation());
            assertThat(got.name()).isEqualTo(meant.name());
            assertThat(got.days()).as(got.id()).containsExactlyElementsOf(meant.days());
            assertThat(got).isEqualTo(meant);
        }
    }

    @Test
    void shouldBeByteIdenticalForTheSameSeedAndDifferForAnother() throws IOException {
        // When
        Path a = GsodGenerator.of(2001, 25, 42).writeTo(dir.resolve("a"));
        Path b = GsodGenerator.of(2001, 25, 42).writeTo(dir.resolve("b"));
        Path c = GsodGenerator.of(2001, 25, 43).writeTo(dir.resolve("c"));
        // Then
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    }

    @Test
    void shouldLookLikeNoaaData() throws IOException {
        // Given
        GsodGenerator gen = GsodGenerator.of(2019, 300, 1).withHeaderOnlyStations(2);
        // When
        Path archive = gen.writeTo(dir);
        List<GsodStation> stations = GsodReader.strict().readAll(archive);
        Map<String, String> files = GsodArchiveWriterTest.members(archive);
        // Then: realistic ids, names with commas, stations without metadata, header-only files
        assertThat(stations).allSatisfy(s -> assertThat(s.id()).matches("\\d{11}"));
        assertThat(gen.stationIds()).isSorted().doesNotHaveDuplicates();
        assertThat(stations.stream().filter(s -> s.name().map(n -> n.contains(", ")).orElse(false)).count()).isGreaterThan(200);
        assertThat(stations.stream().filter(s -> s.size() > 0 && s.name().isEmpty() && s.latitude().isEmpty())).isNotEmpty();
        assertThat(stations.stream().filter(GsodStation::isEmpty).count()).isEqualTo(2);
        assertThat(files.values().stream().filter(f -> f.contains("\",,,,,\""))).isNotEmpty();
        // seasonal temperatures: some days at 100 F or more, some missing TEMP, winter colder than summer up north
        long hotDays = stations.stream().mapToLong(s -> s.countTemp(t -> t >= 100)).sum();
        long missing = stations.stream().mapToLong(s -> s.size() - s.countTemp(t -> true)).sum();
        long rows = stations.stream().mapToLong(GsodStation::size).sum();
        assertThat(hotDays).isGreaterThan(50);
        assertThat(missing).isBetween(rows / 1000, rows / 50);
        assertThat(files.values().stream().filter(f -> f.contains(",\"9999.9\",\" 0\","))).isNotEmpty();
        GsodStation north = stations.stream().filter(s -> s.latitude().orElse(0) > 45 && s.size() > 300).findFirst().orElseThrow();
        assertThat(meanTemp(north, 1)).isLessThan(meanTemp(north, 7));
        // and the next year's January 1 in some files, like NCEI's archives
        assertThat(stations.stream().filter(s -> s.size() > 0 && s.date(s.size() - 1).equals(LocalDate.of(2020, 1, 1)))).isNotEmpty();
    }

    @Test
    void shouldRefuseBadParameters() {
        assertThatThrownBy(() -> GsodGenerator.of(0, 10, 1)).hasMessageStartingWith("year must be");
        assertThatThrownBy(() -> GsodGenerator.of(2000, 0, 1)).hasMessageStartingWith("stations must be");
        assertThatThrownBy(() -> GsodGenerator.of(2000, 10, 1).withHeaderOnlyStations(11)).hasMessageStartingWith("count must be");
    }

    private static double meanTemp(GsodStation s, int month) {
        return IntStream.range(0, s.size())
                .filter(i -> s.date(i).getMonthValue() == month && s.hasTemp(i))
                .mapToDouble(s::temp).average().orElseThrow();
    }

}
