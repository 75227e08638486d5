package io.hazelray.examples.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.regex.Pattern;
import io.hazelray.cli.CliTestSupport;
import io.hazelray.cli.HazelrayCli;
import io.hazelray.datasets.gsod.GsodArchiveWriter;
import io.hazelray.datasets.gsod.GsodDay;
import io.hazelray.datasets.gsod.GsodGenerator;
import io.hazelray.datasets.gsod.GsodPaths;
import io.hazelray.datasets.gsod.GsodStation;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code ./hazelray gsod} and {@code generate} on broken input, as a user runs them (issue 9):
 * exactly one line on stderr, naming what and where and what to do; the right exit code; no
 * stack trace, no log line; nothing on stdout. Every broken archive is built here.
 */
class GsodBadInputTest extends CliTestSupport {
    @TempDir
    Path dir;

    private static final String[] IDS = {"72503014732", "01001099999", "01002099999"};

    /** Two small years of the same three stations, 1990 (the one each test breaks) and 1991. */
    private Path goodYears() {
        for (int year : new int[] {1991, 1990}) {
            GsodArchiveWriter w = GsodArchiveWriter.create(dir, year);
            for (String id : IDS) {
                w.add(station(id, year));
            }
            w.finish();
        }
        return dir.resolve("1990.tar.gz");
    }

    private static GsodStation station(String id, int year) {
        GsodStation.Builder b = GsodStation.builder(id, year).name("TEST, " + id).location(40.5, -73.25, 10.0);
        for (int d = 0; d < 3; d++) {
            b.add(GsodDay.builder(id, LocalDate.of(year, 7, 1 + d)).temp(95.0 + 5 * d, 24).build());
        }
        return b.build();
    }

    private static String csv(int station) {
        return GsodArchiveWriter.csv(station(IDS[station], 1990));
    }

    private static String id(int station) {
        return IDS[station];
    }

    /** Station {@code station}'s file with field {@code field} of its first row replaced (every field is quoted). */
    private static String withField(int station, int field, String raw) {
        String[] lines = csv(station).split("\n", -1);
        String[] fields = lines[1].substring(1, lines[1].length() - 1).split("\",\"", -1);
        fields[field] = raw;
        lines[1] = "\"" + String.join("\",\"", fields) + "\"";
        return String.join("\n", lines);
    }

    /** The only line on stderr, checked for the things a user must never see. */
    private String oneErrorLine() {
        List<String> lines = userLines();
        assertThat(lines).as(err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: ").doesNotContain("Exception", "\tat ");
        assertThat(err()).doesNotContain(" ERROR ");
        assertThat(out()).isEmpty();
        return lines.get(0);
    }

    private static final Pattern LOG_RECORD = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[");

    /**
     * Stderr without Hazelcast's WARN records: the tests' logging config shows them (a job
     * submitted while a fresh member starts is retried with a WARN), the launcher's hides every
     * Hazelcast record below ERROR; the process tests check the launcher's stderr whole.
     */
    private List<String> userLines() {
        List<String> out = new ArrayList<>();
        boolean inWarn = false;
        for (String l : err().lines().toList()) {
            if (LOG_RECORD.matcher(l).find()) {
                inWarn = l.contains(" WARN com.hazelcast.");
                if (inWarn) {
                    continue;
                }
            } else if (inWarn && !l.startsWith("error: ") && !l.startsWith("warning: ")) {
                continue;
            }
            inWarn = false;
            out.add(l);
        }
        return out;
    }

    private int gsod(String engine, String... more) {
        return HazelrayCli.run(Stream.concat(Stream.of("gsod", "--years", "1990,1991", "--data-dir", dir.toString(),
                "--engine", engine, "--cpus", "2"), Stream.of(more)).toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} archive, {1} engine")
    @CsvSource({"empty, jet", "text, jet", "truncated, jet", "bad TEMP, jet", "too few columns, jet", "not a csv, jet",
        "empty, actors", "bad TEMP, actors", "not a csv, actors"})
    void shouldReportADataErrorInOneLineWithEitherEngine(String broken, String engine) throws IOException {
        // Given
        Path archive = goodYears();
        String expected = switch (broken) {
            case "empty" -> {
                Files.write(archive, new byte[0]);
                yield ": damaged archive: the file is empty; download it again";
            }
            case "text" -> {
                Files.writeString(archive, "<html>Service unavailable</html>");
                yield ": damaged archive: not a gzip file (it does not start with gzip's bytes 1f 8b); download it again";
            }
            case "truncated" -> {
                byte[] whole = Files.readAllBytes(archive);
                Files.write(archive, Arrays.copyOf(whole, whole.length / 2));
                yield ": damaged archive: truncated gzip stream: the archive ends early";
            }
            case "bad TEMP" -> {
                write(archive, id(0) + ".csv", withField(0, 6, "  3x.5"));
                yield ": " + id(0) + ".csv line 2, column TEMP: not a number: \"  3x.5\". The archive is intact";
            }
            case "too few columns" -> {
                String[] lines = csv(0).split("\n", -1);
                lines[1] = lines[1].substring(0, lines[1].indexOf(",\"TEST"));
                write(archive, id(0) + ".csv", String.join("\n", lines));
                yield ": " + id(0) + ".csv line 2: row has 5 columns, expected 28. The archive is intact";
            }
            default -> {
                GsodArchiveWriter.create(archive).addRaw(id(0) + ".csv", csv(0)).addRaw("README.txt", "hello").finish();
                yield ": README.txt: not a station file: GSOD archives hold only STATION.csv files. The archive is intact";
            }
        };
        // When
        int code = gsod(engine);
        // Then
        assertThat(code).isEqualTo(1);
        assertThat(oneErrorLine()).startsWith("error: " + archive).contains(expected);
        if (!broken.contains("TEMP") && !broken.contains("columns") && !broken.contains("csv")) {
            assertThat(oneErrorLine()).doesNotContain("--lenient");
        } else {
            assertThat(oneErrorLine()).endsWith("run again with --lenient");
        }
        assertThat(filesIn(dir)).containsExactly("1990.tar.gz", "1991.tar.gz");
    }

    @Test
    void shouldShowControlCharactersOfTheInputEscapedAndCutLongFields() {
        // Given: a station file whose header carries terminal escape sequences (a colour, a
        // carriage return that would overwrite the line), and one whose first field is 5,000 characters
        GsodArchiveWriter.write(dir.resolve("1991.tar.gz"), List.of(station(IDS[0], 1991)));
        write(dir.resolve("1990.tar.gz"), IDS[0] + ".csv", "\u001b[31m\rFAKE: all good\u001b[0m,\"DATE\"\n");
        // When
        assertThat(gsod("jet")).isEqualTo(1);
        // Then: the line shows them, and the terminal gets no control character
        assertThat(oneErrorLine()).contains("found \"\\u001b[31m\\u000dFAKE: all good\\u001b[0m\"")
                .doesNotContain("\u001b", "\r");
        resetCapture();
        write(dir.resolve("1990.tar.gz"), IDS[0] + ".csv", "S".repeat(5_000) + ",\"DATE\"\n");
        assertThat(gsod("jet")).isEqualTo(1);
        assertThat(oneErrorLine()).contains("found \"" + "S".repeat(60) + "\"... (5000 characters)").hasSizeLessThan(600);
    }

    private static void write(Path archive, String member, String content) {
        GsodArchiveWriter.create(archive).addRaw(member, content).finish();
    }

    private static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jet", "actors"})
    void shouldFailOnADuplicateStationFileWhenStrictAndCountItOnceWhenLenient(String engine) throws IOException {
        // Given: 1990 holds its first station twice, under a second name
        goodYears();
        GsodArchiveWriter w = GsodArchiveWriter.create(dir.resolve("1990.tar.gz"));
        for (String id : IDS) {
            w.add(station(id, 1990));
        }
        w.addRaw("copy/" + id(0) + ".csv", csv(0)).finish();
        // When: strict
        int strict = gsod(engine);
        // Then
        assertThat(strict).isEqualTo(1);
        assertThat(oneErrorLine()).isEqualTo("error: " + dir.resolve("1990.tar.gz") + ": copy/" + id(0)
                + ".csv: duplicate station file: station "
                + id(0) + " was already read from " + id(0) + ".csv. The archive is intact but this file is not GSOD's format;"
                + " to skip bad rows and files and count the rest, run again with --lenient");
        // When: lenient
        resetCapture();
        int lenient = gsod(engine, "--lenient");
        // Then: the answer of the archive without the copy, and a warning that names it
        assertThat(lenient).as(err()).isZero();
        // 3 days a station (95, 100, 105 °F), 2 of them hot
        assertThat(out().lines().limit(3).toList()).containsExactly("Number of stations in common: 3",
                "1990 - High temp count for common stations: 6", "1991 - High temp count for common stations: 6");
        assertThat(userLines()).singleElement().asString()
                .startsWith("warning: " + dir.resolve("1990.tar.gz") + ": 3 stations, ")
                .contains("skipped 0 rows and 1 file: [copy/" + id(0) + ".csv: duplicate station file: station " + id(0)
                        + " was already read from " + id(0) + ".csv; keeping that first copy]");
    }

    @Test
    void shouldReportDamagedCompressedDataAsADamagedArchiveNotAsABadField() throws IOException {
        // Given: an archive whose deflate data is stored (level 0), so that a byte flipped in it
        // inflates to a bad TEMP: only the CRC at the end of the stream tells the data is damaged
        goodYears();
        Path archive = dir.resolve("1990.tar.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes) {
            {
                def.setLevel(Deflater.NO_COMPRESSION);
            }
        })) {
            for (int i = 0; i < IDS.length; i++) {
                byte[] content = csv(i).getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(id(i) + ".csv");
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        byte[] gz = bytes.toByteArray();
        String text = new String(gz, StandardCharsets.ISO_8859_1);
        int temp = text.indexOf("\n\"" + id(1) + "\",");                  // the first row of the second station...
        for (int i = 0; i < 6; i++) {
            temp = text.indexOf("\",\"", temp) + 3;                        // ...its 7th field, TEMP
        }
        gz[temp + 1] = 'x';
        Files.write(archive, gz);
        // When
        int code = gsod("jet");
        // Then
        assertThat(code).isEqualTo(1);
        assertThat(oneErrorLine()).isEqualTo("error: " + archive + ": damaged archive: the compressed data fails its CRC check"
                + " (gzip -t reports the same); download it again");
    }

    @Test
    void shouldRefuseAHugeSequenceAtOnceInOneLine() {
        // When
        long t0 = System.nanoTime();
        int code = HazelrayCli.run("fib", "1000000", "--cpus", "2");
        // Then
        assertThat(code).isEqualTo(1);
        assertThat(oneErrorLine()).startsWith("error: fib 1000000 needs about 86.9 GB of memory (the seed keeps every term:")
                .contains("Give a SIZE up to about ");
        assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L);
    }

    @Test
    void shouldNameTheOptionOfAYearOutOfRangeAndOfAnInfiniteThreshold() {
        assertThat(HazelrayCli.run("gsod", "--years", "-5,2020")).isEqualTo(2);
        assertThat(userLines().stream().findFirst())
                .hasValue("error: --years: -5 is not a GSOD year (1929 to 9998); give two years like 2019,2020"
                        + " (see: hazelray gsod --help)");
        resetCapture();
        assertThat(HazelrayCli.run("gsod", "--threshold", "1e400")).isEqualTo(2);
        assertThat(err().lines().toList()).containsExactly("error: Invalid value for option '--threshold': '1e400' is not a"
                + " temperature in °F (like 100 or -40.5) (see: hazelray gsod --help)");
        assertThat(err()).doesNotContain("Infinity", "Exception");
        assertThat(out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jet", "actors"})
    void shouldRefuseAnotherYearsArchiveUnderThisYearsName(String engine) {
        // Given: 1991's readings in 1990.tar.gz (a renamed file), and 1991's own
        GsodArchiveWriter.write(dir.resolve("1990.tar.gz"), List.of(station(IDS[0], 1991)));
        GsodArchiveWriter.write(dir.resolve("1991.tar.gz"), List.of(station(IDS[0], 1991)));
        // When
        int code = gsod(engine);
        // Then: not an answer for 1990
        assertThat(code).isEqualTo(1);
        assertThat(oneErrorLine()).isEqualTo("error: " + dir.resolve("1990.tar.gz") + ": " + IDS[0] + ".csv line 2, column"
                + " DATE: dated 1991-07-01, outside the archive's year (1990): is it another year's archive"
                + " under this year's name? Give it its year's name (YEAR.tar.gz), or download this year's");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jet", "actors"})
    void shouldWarnWhenTheYearsHaveNoStationInCommon(String engine) {
        // Given: two years of different stations
        GsodArchiveWriter.write(dir.resolve("1990.tar.gz"), List.of(station(IDS[0], 1990)));
        GsodArchiveWriter.write(dir.resolve("1991.tar.gz"), List.of(station(IDS[1], 1991)));
        // When
        int code = gsod(engine);
        // Then
        assertThat(code).isZero();
        assertThat(out()).startsWith("Number of stations in common: 0");
        assertThat(userLines()).singleElement().asString()
                .startsWith("warning: no station has rows in both 1990 and 1991");
    }

    @Test
    void shouldTakeEachYearFromTheSampleOrTheCacheOnItsOwn() {
        Path cached = GsodPaths.archive(GsodPaths.defaultCacheDir(), 2021);
        assumeFalse(Files.exists(cached), "2021 is downloaded here");
        // When
        int code = HazelrayCli.run("gsod", "--years", "2019,2021");
        // Then: 2019 comes from the sample; 2021 is the missing one
        assertThat(code).isEqualTo(1);
        assertThat(oneErrorLine()).startsWith("error: no GSOD archive for 2021 at " + cached);
    }

    @Test
    void shouldSayWhyAnArchiveThatIsThereCannotBeRead() throws IOException {
        // Given: where 1980's archive should be, a directory; 1982's, a link to nothing; 1984's, a
        // link to /dev/null; and a --data-dir that is a file
        GsodArchiveWriter.write(dir.resolve("1981.tar.gz"), List.of(station(IDS[0], 1981)));
        Files.createDirectories(dir.resolve("1980.tar.gz"));
        Files.createSymbolicLink(dir.resolve("1982.tar.gz"), dir.resolve("gone.tar.gz"));
        Files.createSymbolicLink(dir.resolve("1984.tar.gz"), Path.of("/dev/null"));
        // When / Then: one line each, naming the path and what it is, not "no GSOD archive"
        assertThat(HazelrayCli.run("gsod", "--years", "1980,1981", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(oneErrorLine()).isEqualTo("error: " + dir.resolve("1980.tar.gz") + " is a directory, not a GSOD archive"
                + " (a YEAR.tar.gz file)");
        resetCapture();
        assertThat(HazelrayCli.run("gsod", "--years", "1981,1982", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(oneErrorLine()).isEqualTo("error: cannot follow the symbolic link " + dir.resolve("1982.tar.gz")
                + ": no such file or directory");
        resetCapture();
        assertThat(HazelrayCli.run("gsod", "--years", "1981,1984", "--data-dir", dir.toString())).isEqualTo(1);
        assertThat(oneErrorLine()).isEqualTo("error: " + dir.resolve("1984.tar.gz") + " is a link to /dev/null, which is"
                + " not a regular file");
        Path file = dir.resolve("1981.tar.gz");
        resetCapture();
        assertThat(HazelrayCli.run("gsod", "--years", "1980,1981", "--data-dir", file.toString())).isEqualTo(1);
        assertThat(oneErrorLine()).isEqualTo("error: " + file + " is a file, not a directory: the archives are looked for"
                + " in a directory");
    }

    @Test
    void shouldQuoteTheSuggestedCommandsForAPathWithASpace() throws IOException {
        Path spaced = Files.createDirectories(dir.resolve("my data"));
        // When
        int code = HazelrayCli.run("gsod", "--years", "1980,1981", "--data-dir", spaced.toString());
        // Then
        assertThat(code).isEqualTo(1);
        assertThat(oneErrorLine()).contains("./hazelray gsod download 1980 --data-dir '" + spaced + "'",
                "./hazelray gsod generate --year 1980 --out '" + spaced + "'");
    }

    @Test
    void shouldReportAHugeFieldAsAWrongColumnCount() throws IOException {
        // Given: a row that is one 10 MB field
        Path archive = goodYears();
        String[] lines = csv(0).split("\n", -1);
        lines[1] = "\"" + "9".repeat(10 << 20) + "\"";
        write(archive, id(0) + ".csv", String.join("\n", lines));
        // When
        int code = gsod("jet");
        // Then
        assertThat(code).isEqualTo(1);
        assertThat(oneErrorLine()).contains(id(0) + ".csv line 2: row has 1 column, expected 28.");
    }

    @Test
    void shouldNotOverwriteAnArchiveNorAcceptAYearGsodRejectsAndSayWhyItCannotWrite() throws IOException {
        // Given
        Path existing = GsodGenerator.of(1990, 2, 1).writeTo(dir);
        byte[] before = Files.readAllBytes(existing);
        // When / Then: no silent overwrite
        assertThat(HazelrayCli.run("gsod", "generate", "--year", "1990", "--stations", "3", "--out", dir.toString())).isEqualTo(1);
        assertThat(oneErrorLine()).isEqualTo("error: " + existing + " exists; run again with --force to replace it");
        assertThat(Files.readAllBytes(existing)).isEqualTo(before);
        // the years gsod reads, no others
        resetCapture();
        assertThat(HazelrayCli.run("gsod", "generate", "--year", "5", "--stations", "3", "--out", dir.toString())).isEqualTo(2);
        assertThat(err().lines().toList()).containsExactly("error: --year: 5 is not a GSOD year (1929 to 9998, the years"
                + " ./hazelray gsod reads) (see: hazelray gsod generate --help)");
        // a reason without --verbose
        resetCapture();
        assertThat(HazelrayCli.run("gsod", "generate", "--year", "1990", "--stations", "3", "--out", "/proc/x")).isEqualTo(1);
        assertThat(oneErrorLine()).startsWith("error: cannot write /proc/x/1990.tar.gz: /proc/x: ");
        assertThat(filesIn(dir)).containsExactly("1990.tar.gz");
    }

    @Test
    void shouldPrintTheReadCommandQuoted() throws IOException {
        Path spaced = dir.resolve("synthetic years");
        assertThat(HazelrayCli.run("gsod", "generate", "--year", "1990", "--stations", "2", "--out", spaced.toString())).isZero();
        assertThat(out()).contains("read it with: ./hazelray gsod --data-dir '" + spaced.toAbsolutePath() + "' --years 1990,...");
        assertThat(filesIn(spaced)).containsExactly("1990.tar.gz");
    }
}
