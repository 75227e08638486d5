package io.hazelray.examples.cli;

import io.hazelray.cli.CliTestSupport;
import io.hazelray.cli.HazelrayCli;
import io.hazelray.datasets.gsod.GsodSample;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./hazelray gsod} as a user runs it: the output, and every kind of bad input. */
class GsodCommandTest extends CliTestSupport {
    @ParameterizedTest
    @ValueSource(strings = {"jet", "actors"})
    void shouldPrintTheSeedsLinesThenASummary(String engine) {
        int code = HazelrayCli.run("gsod", "--engine", engine, "--cpus", "2");
        assertThat(code).as(err()).isZero();
        assertThat(out().lines().toList()).hasSize(4).startsWith(
                "Number of stations in common: 257",
                "2019 - High temp count for common stations: 876",
                "2020 - High temp count for common stations: 107");
        assertThat(out().lines().toList().get(3)).matches("Engine: " + engine + ", job time: \\d+\\.\\d\\d s, total time: \\d+\\.\\d\\d s");
    }

    @Test
    void shouldAcceptANegativeThreshold() {
        assertThat(HazelrayCli.run("gsod", "--threshold", "-40")).as(err()).isZero();
        assertThat(out()).contains("Number of stations in common: 257");
    }

    @Test
    void shouldRejectEqualYears() {
        assertThat(HazelrayCli.run("gsod", "--years", "2019,2019")).isEqualTo(2);
        assertThat(err()).contains("the two years must differ");
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldRejectUnparsableYearsAndThreshold() {
        assertThat(HazelrayCli.run("gsod", "--years", "twenty,2020")).isEqualTo(2);
        assertThat(HazelrayCli.run("gsod", "--years", "2019")).isEqualTo(2);
        assertThat(HazelrayCli.run("gsod", "--threshold", "hot")).isEqualTo(2);
        assertThat(HazelrayCli.run("gsod", "--threshold", "NaN")).isEqualTo(2);
        assertThat(HazelrayCli.run("gsod", "--engine", "spark")).isEqualTo(2);
        assertThat(err()).contains("twenty", "--years takes two years", "hot", "--threshold", "spark");
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldNameTheMissingArchiveAndHowToGetIt(@TempDir Path dir) {
        int code = HazelrayCli.run("gsod", "--years", "1980,2020", "--data-dir", dir.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains(dir.resolve("1980.tar.gz").toString(), "./hazelray gsod download 1980",
                "./hazelray gsod generate --year 1980");
        assertThat(out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jet", "actors"})
    void shouldNameTheFileAndLineOfACorruptArchiveAndPrintNoAnswer(String engine, @TempDir Path dir) throws IOException {
        // Given: the real 2020 sample, one TEMP field on line 3 of its first station file broken
        Files.copy(GsodSample.archive(2019), dir.resolve("2019.tar.gz"));
        String broken = corruptThirdLine(GsodSample.archive(2020), dir.resolve("2020.tar.gz"));
        // When
        int code = HazelrayCli.run("gsod", "--engine", engine, "--data-dir", dir.toString());
        // Then
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("2020.tar.gz", broken, "line 3", "TEMP");
        assertThat(out()).isEmpty();
    }

    /** Copies {@code from} to {@code to} with line 3 of the first member's TEMP replaced by garbage; returns that member's name. */
    private static String corruptThirdLine(Path from, Path to) throws IOException {
        String first = null;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(from)));
             OutputStream file = Files.newOutputStream(to);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
            for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] bytes = in.readAllBytes();
                if (first == null) {
                    first = entry.getName();
                    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
                    String[] fields = lines[2].split("\",\"");
                    fields[6] = "  3x.5";
                    lines[2] = String.join("\",\"", fields);
                    bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
                }
                TarArchiveEntry copy = new TarArchiveEntry(entry.getName());
                copy.setSize(bytes.length);
                copy.setModTime(entry.getModTime());
                tar.putArchiveEntry(copy);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return first;
    }
}
