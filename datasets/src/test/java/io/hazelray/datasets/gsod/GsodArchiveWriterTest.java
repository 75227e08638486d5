package io.hazelray.datasets.gsod;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GsodArchiveWriterTest {
    @TempDir
    Path dir;

    /** The members of a tar.gz, read with Commons Compress alone (not with the code under test). */
    static Map<String, String> members(Path archive) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(archive)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void shouldWriteEveryRealStationFileByteForByteAsNoaaDid() throws IOException {
        // Given: the real files as NCEI served them
        for (int year : GsodSample.years()) {
            Map<String, String> real = members(GsodSample.archive(year));
            // When: read, then written again
            List<GsodStation> stations = GsodReader.strict().readAll(GsodSample.archive(year));
            // Then
            assertThat(stations).hasSize(real.size());
            for (GsodStation s : stations) {
                assertThat(GsodArchiveWriter.csv(s)).as(s.id()).isEqualTo(real.get(s.id() + ".csv"));
            }
        }
    }

    @Test
    void shouldRoundTripTheSampleThroughAnArchive() {
        // Given
        List<GsodStation> stations = GsodReader.strict().readAll(GsodSample.archive(2020));
        // When
        Path copy = GsodArchiveWriter.write(dir.resolve("2020.tar.gz"), stations);
        // Then
        assertThat(GsodReader.strict().readAll(copy)).isEqualTo(stations);
    }

    @Test
    void shouldWriteRowsBuiltByHandInNoaaFormat() throws IOException {
        // Given: a reading exactly at a threshold, a missing TEMP, a station with no metadata
        GsodStation hot = GsodStation.builder("72503014732", 2019).location(40.77944, -73.88, 3.4).name("LAGUARDIA AIRPORT, NY US")
                .add(GsodDay.builder("72503014732", LocalDate.of(2019, 7, 20)).temp(100.0, 24).prcp(0.5, 'G').frshtt("010010").build())
                .add(GsodDay.builder("72503014732", LocalDate.of(2019, 7, 21)).build())
                .build();
        GsodStation unknown = GsodStation.builder("99999900126", 2019)
                .add(GsodDay.builder("99999900126", LocalDate.of(2019, 1, 1)).temp(39.0, 4).stp(7.1, 4).build())
                .build();
        // When
        Path a = GsodArchiveWriter.create(dir, 2019).add(hot).add(unknown).addHeaderOnly("01001099999").finish();
        Map<String, String> m = members(a);
        // Then
        assertThat(a).isEqualTo(dir.resolve("2019.tar.gz").toAbsolutePath());
        assertThat(m.keySet()).containsExactly("72503014732.csv", "99999900126.csv", "01001099999.csv");
        assertThat(m.get("72503014732.csv").split("\n")).containsExactly(
                CsvRows.HEADER,
                "\"72503014732\",\"2019-07-20\",\"40.77944\",\"-73.88\",\"3.4\",\"LAGUARDIA AIRPORT, NY US\",\" 100.0\",\"24\","
                        + "\"9999.9\",\" 0\",\"9999.9\",\" 0\",\"999.9\",\" 0\",\"999.9\",\" 0\",\"999.9\",\" 0\",\"999.9\",\"999.9\","
                        + "\"9999.9\",\" \",\"9999.9\",\" \",\" 0.50\",\"G\",\"999.9\",\"010010\"",
                "\"72503014732\",\"2019-07-21\",\"40.77944\",\"-73.88\",\"3.4\",\"LAGUARDIA AIRPORT, NY US\",\"9999.9\",\" 0\","
                        + "\"9999.9\",\" 0\",\"9999.9\",\" 0\",\"999.9\",\" 0\",\"999.9\",\" 0\",\"999.9\",\" 0\",\"999.9\",\"999.9\","
                        + "\"9999.9\",\" \",\"9999.9\",\" \",\"99.99\",\" \",\"999.9\",\"000000\"");
        assertThat(m.get("99999900126.csv")).contains("\"99999900126\",\"2019-01-01\",,,,,\"  39.0\",\" 4\",")
                .contains(",\"007.1\",\" 4\",").endsWith("\n");
        assertThat(m.get("01001099999.csv")).isEqualTo(CsvRows.HEADER + "\n");
        GsodStation back = GsodReader.strict().readAll(a).get(0);
        assertThat(back).isEqualTo(hot);
        assertThat(back.countTemp(t -> t >= 100.0)).isEqualTo(1);
        assertThat(back.hasTemp(1)).isFalse();
    }

    @Test
    void shouldBuildTempOnlyStationsForJobTests() {
        // Given: readings just below, at and above a threshold, and a missing one
        GsodStation s = GsodStation.builder("72503014732", 2019)
                .temps(LocalDate.of(2019, 12, 29), 99.9, 100.0, Double.NaN, 100.1)
                .build();
        // When
        GsodStation back = GsodReader.strict().readAll(GsodArchiveWriter.write(dir.resolve("2019.tar.gz"), List.of(s))).get(0);
        // Then
        assertThat(back).isEqualTo(s);
        assertThat(back.date(3)).isEqualTo(LocalDate.of(2020, 1, 1)); // NOAA's year archives end with it too
        assertThat(back.year()).isEqualTo(2019);
        assertThat(back.countTemp(t -> t >= 100.0)).isEqualTo(2);
        assertThat(back.countTemp(t -> true)).isEqualTo(3);
        assertThat(back.day(0).dewp()).isEmpty();
    }

    @Test
    void shouldBeDeterministicWithMtimesFromTheYear() throws IOException {
        // Given
        GsodStation s = GsodReader.strict().readAll(GsodSample.archive(2019)).get(0);
        // When
        Path a = GsodArchiveWriter.write(dir.resolve("a/2019.tar.gz"), List.of(s));
        Path b = GsodArchiveWriter.write(dir.resolve("b/2019.tar.gz"), List.of(s));
        // Then
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(a)))) {
            TarArchiveEntry e = tar.getNextEntry();
            assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
            assertThat(e.getLongUserId()).isZero();
            assertThat(e.getMode() & 0777).isEqualTo(0664);
        }
    }

    @Test
    void shouldLeaveNoTemporaryFileBehind() throws IOException {
        // When
        GsodArchiveWriter.create(dir, 2019).addHeaderOnly("01001099999").finish();
        // Then
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("2019.tar.gz");
        }
    }

    @Test
    void shouldRefuseWhatCouldNotBeReadBackAsWritten() {
        GsodDay.Builder day = GsodDay.builder("72503014732", LocalDate.of(2019, 1, 1));
        assertThatThrownBy(() -> day.temp(55.25, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TEMP has more than 1 decimal(s)");
        assertThatThrownBy(() -> day.temp(9999.9, 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing-value sentinel");
        assertThatThrownBy(() -> day.stp(7.1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count must be >= 1 for STP");
        assertThatThrownBy(() -> day.frshtt("01")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits must be six 0/1 digits");
        assertThatThrownBy(() -> day.name("A \"B\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("name must not contain a double quote");
        assertThatThrownBy(() -> GsodDay.builder("72503,014732", LocalDate.of(2019, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("station must be");
        assertThatThrownBy(() -> GsodStation.builder("72503014732", 2019).add(GsodDay.builder("1", LocalDate.of(2019, 1, 1)).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("day belongs to station 1, not 72503014732");
        GsodStation tempOnly = GsodReader.strict().withColumns(GsodColumn.TEMP).readAll(GsodSample.archive(2019)).get(0);
        assertThatThrownBy(() -> GsodArchiveWriter.csv(tempOnly)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a station with every column can be written");
        try (GsodArchiveWriter w = GsodArchiveWriter.create(dir, 2019)) {
            w.addHeaderOnly("01001099999");
            assertThatThrownBy(() -> w.addHeaderOnly("01001099999")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unique");
        }
    }
}
