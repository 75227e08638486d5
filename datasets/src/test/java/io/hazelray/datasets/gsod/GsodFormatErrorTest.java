package io.hazelray.datasets.gsod;

import java.time.LocalDate;
import java.util.ArrayList;
import io.hazelray.datasets.gsod.impl.PrefetchingMembers;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.hazelray.datasets.gsod.CsvRows.HEADER;
import static io.hazelray.datasets.gsod.CsvRows.file;
import static io.hazelray.datasets.gsod.CsvRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strict errors name the archive, member, line and column; lenient mode skips and reports; quirks are read. */
class GsodFormatErrorTest {
    @TempDir
    Path dir;

    private Path archive(String member, String content) {
        return GsodArchiveWriter.create(dir.resolve("2019.tar.gz")).addRaw(member, content).finish();
    }

    private GsodFormatException strictFailure(Path archive) {
        try {
            GsodReader.strict().read(archive, s -> { });
        } catch (GsodFormatException e) {
            return e;
        }
        throw new AssertionError("no GsodFormatException");
    }

    @Test
    void shouldNameArchiveMemberLineAndColumnOfABadNumber() {
        // Given: line 4 (header, two good rows, then the bad one)
        Path a = archive("01011099999.csv", file(row(1), row(2), row(3, GsodColumn.TEMP, "\"  3x.5\""), row(4)));
        // When
        GsodFormatException e = strictFailure(a);
        // Then
        assertThat(e).hasMessage(a + ": 01011099999.csv line 4, column TEMP: not a number: \"  3x.5\"");
        assertThat(e.archive()).isEqualTo(a.toString());
        assertThat(e.member()).isEqualTo("01011099999.csv");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(GsodColumn.TEMP);
    }

    @Test
    void shouldRejectABadCountFlagAndFrshtt() {
        assertThat(strictFailure(archive("a.csv", file(row(1, GsodColumn.DEWP_ATTRIBUTES, "\"2x\"")))))
                .hasMessageEndingWith("a.csv line 2, column DEWP_ATTRIBUTES: not a count: \"2x\"");
        assertThat(strictFailure(archive("b.csv", file(row(1, GsodColumn.MAX_ATTRIBUTES, "\"#\"")))))
                .hasMessageEndingWith("b.csv line 2, column MAX_ATTRIBUTES: expected \"*\" or \" \": \"#\"");
        assertThat(strictFailure(archive("c.csv", file(row(1, GsodColumn.FRSHTT, "\"012000\"")))))
                .hasMessageEndingWith("c.csv line 2, column FRSHTT: expected six 0/1 digits: \"012000\"");
        assertThat(strictFailure(archive("d.csv", file(row(1, GsodColumn.PRCP, "\" 0.001\"")))))
                .hasMessageEndingWith("d.csv line 2, column PRCP: more than 2 decimals: \" 0.001\"");
        assertThat(strictFailure(archive("e.csv", file(row(1, GsodColumn.SLP, "")))))
                .hasMessageEndingWith("e.csv line 2, column SLP: empty, expected a number");
        assertThat(strictFailure(archive("f.csv", file(row(1, GsodColumn.LATITUDE, "\"north\"")))))
                .hasMessageEndingWith("f.csv line 2, column LATITUDE: not a number: \"north\"");
    }

    @Test
    void shouldRejectABadDate() {
        assertThat(strictFailure(archive("01011099999.csv", file(row(1), row(2, GsodColumn.DATE, "\"01/02/2019\"")))))
                .hasMessageEndingWith("01011099999.csv line 3, column DATE: not a date (YYYY-MM-DD): \"01/02/2019\"");
        assertThat(strictFailure(archive("01011099999.csv", file(row(1, GsodColumn.DATE, "\"2019-02-30\"")))))
                .hasMessageEndingWith("01011099999.csv line 2, column DATE: not a valid date: \"2019-02-30\"");
    }

    @Test
    void shouldRejectARowOfAnotherYearThanTheArchivesName() throws IOException {
        // Given: 2019's archive with a row of June 2020 (another year's archive, renamed), and one
        // of January 1st 2020 (NOAA's year archives end with that day: kept)
        Path a = gzip(tar("01011099999.csv", file(row(1), row(2).replace("2019-01-02", "2020-06-04"))),
                dir.resolve("y/2019.tar.gz"));
        Path ok = gzip(tar("01011099999.csv", file(row(1), row(2).replace("2019-01-02", "2020-01-01"))),
                dir.resolve("ok/2019.tar.gz"));
        // When / Then
        assertThatThrownBy(() -> GsodReader.strict().read(a, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessage(a + ": 01011099999.csv line 3, column DATE: dated 2020-06-04, outside the archive's year"
                        + " (2019)");
        assertThat(GsodReader.lenient().readAll(a).get(0).size()).isEqualTo(1);
        assertThat(GsodReader.strict().readAll(ok).get(0).size()).isEqualTo(2);
    }

    @Test
    void shouldRejectAWrongOrMissingHeader() {
        assertThat(strictFailure(archive("01011099999.csv", file(row(1)).replace("\"TEMP\",", "\"TMP\","))))
                .hasMessageEndingWith("01011099999.csv line 1, column TEMP: wrong header: expected \"TEMP\", found \"TMP\"");
        assertThat(strictFailure(archive("01011099999.csv", row(1) + "\n")))
                .hasMessageEndingWith("01011099999.csv line 1, column STATION: missing or wrong header:"
                        + " expected \"STATION\", found \"01011099999\"");
        assertThat(strictFailure(archive("01011099999.csv", HEADER.replace(",\"FRSHTT\"", "") + "\n")))
                .hasMessageEndingWith("01011099999.csv line 1: wrong header: 27 columns, expected 28");
        assertThat(strictFailure(archive("01011099999.csv", "")))
                .hasMessageEndingWith("01011099999.csv line 1: empty file: no header line");
    }

    @Test
    void shouldRejectAWrongColumnCount() {
        String tooShort = row(2).substring(0, row(2).lastIndexOf(','));
        assertThat(strictFailure(archive("01011099999.csv", file(row(1), tooShort))))
                .hasMessageEndingWith("01011099999.csv line 3: row has 27 columns, expected 28");
        assertThat(strictFailure(archive("01011099999.csv", file(row(1) + ",\"1\",\"2\""))))
                .hasMessageEndingWith("01011099999.csv line 2: row has 30 columns, expected 28");
        assertThat(strictFailure(archive("01011099999.csv", file(row(1), ""))))
                .hasMessageEndingWith("01011099999.csv line 3: empty line");
    }

    @Test
    void shouldRejectRowsOfAnotherStationInOneFile() {
        assertThat(strictFailure(archive("01011099999.csv", file(row(1), row(2, GsodColumn.STATION, "\"01011099998\"")))))
                .hasMessageEndingWith("line 3, column STATION: station \"01011099998\" differs from this file's first row (01011099999)");
    }

    @Test
    void shouldSkipBadRowsAndReportThemWhenLenient() {
        // Given
        Path a = GsodArchiveWriter.create(dir.resolve("2019.tar.gz"))
                .addRaw("01011099999.csv", file(row(1), row(2, GsodColumn.TEMP, "\"  3x.5\""), row(3), row(4, GsodColumn.DATE, "\"bad\"")))
                .addRaw("01011099998.csv", "\"STATION\"\n" + row(1) + "\n")
                .addRaw("01011099997.csv", file(row(5, GsodColumn.STATION, "\"01011099997\"")))
                .finish();
        // When
        List<GsodStation> stations = new ArrayList<>();
        GsodReadReport report = GsodReader.lenient().read(a, stations::add);
        // Then
        assertThat(stations).extracting(GsodStation::size).containsExactly(2, 1);
        assertThat(stations.get(0).date(1)).isEqualTo(LocalDate.of(2019, 1, 3));
        assertThat(report.stations()).isEqualTo(2);
        assertThat(report.rows()).isEqualTo(3);
        assertThat(report.skippedRows()).isEqualTo(2);
        assertThat(report.skippedFiles()).isEqualTo(1);
        assertThat(report.isClean()).isFalse();
        assertThat(report.problems()).extracting(Object::toString).containsExactly(
                "01011099999.csv line 3, column TEMP: not a number: \"  3x.5\"",
                "01011099999.csv line 5, column DATE: not a date (YYYY-MM-DD): \"bad\"",
                "01011099998.csv line 1: wrong header: 1 columns, expected 28");
        assertThat(report.toString()).contains("skipped 2 rows and 1 file:");
    }

    @Test
    void shouldKeepOnlyTheFirstProblemsOfAVeryBadArchive() {
        // Given: 30 bad rows
        String[] rows = new String[30];
        Arrays.setAll(rows, i -> row(1 + i, GsodColumn.TEMP, "\"?\""));
        // When
        GsodReadReport report = GsodReader.lenient().read(archive("01011099999.csv", file(rows)), s -> { });
        // Then
        assertThat(report.skippedRows()).isEqualTo(30);
        assertThat(report.problems()).hasSize(GsodReadReport.MAX_PROBLEMS);
        assertThat(report.problems().get(9).line()).isEqualTo(11);
    }

    @Test
    void shouldFailOnATruncatedGzipEvenWhenLenient() throws IOException {
        // Given: the real sample, cut short
        byte[] whole = Files.readAllBytes(GsodSample.archive(2019));
        Path cut = dir.resolve("2019.tar.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        // When / Then
        List<Integer> delivered = new ArrayList<>();
        for (GsodReader reader : List.of(GsodReader.strict(), GsodReader.strict().withPrefetch(false), GsodReader.lenient(),
                GsodReader.lenient().withPrefetch(false))) {
            int[] stations = {0};
            assertThatThrownBy(() -> reader.read(cut, s -> stations[0]++))
                    .isInstanceOf(GsodFormatException.class)
                    .hasMessageStartingWith(cut + ": damaged archive: truncated gzip stream: the archive ends early, after "
                            + whole.length / 2 + " compressed bytes (after member ")
                    .hasMessageEndingWith("; an interrupted download? Download it again");
            delivered.add(stations[0]);
        }
        // ... after every station read before the damage, whether the reading thread handed them over
        // in batches (prefetch) or read them itself: more than one batch of them
        assertThat(delivered).containsOnly(delivered.get(0));
        assertThat(delivered.get(0)).isGreaterThan(2 * PrefetchingMembers.BATCH_MEMBERS);
    }

    @Test
    void shouldFailWhenOnlyTheGzipTrailerIsMissing() throws IOException {
        // Given: every byte of the tar is there, the CRC and length at the end are not
        byte[] whole = Files.readAllBytes(GsodSample.archive(2020));
        Path cut = dir.resolve("2020.tar.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 4));
        // When / Then
        assertThatThrownBy(() -> GsodReader.lenient().read(cut, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessageContaining("truncated gzip stream");
    }

    @Test
    void shouldFailOnAFileThatIsNotGzip() throws IOException {
        Path notGzip = dir.resolve("2019.tar.gz");
        Files.writeString(notGzip, file(row(1)));
        assertThatThrownBy(() -> GsodReader.lenient().read(notGzip, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessage(notGzip + ": damaged archive: not a gzip file (it does not start with gzip's bytes 1f 8b); download it again")
                .matches(e -> ((GsodFormatException) e).isDamaged());
    }

    @Test
    void shouldFailOnCorruptGzipData() throws IOException {
        // Given: a byte flipped in the middle of the deflate stream
        byte[] bytes = Files.readAllBytes(GsodSample.archive(2020));
        bytes[bytes.length / 2] ^= 0x55;
        Path corrupt = dir.resolve("2020.tar.gz");
        Files.write(corrupt, bytes);
        // When / Then: zlib notices a bad code or the CRC does
        assertThatThrownBy(() -> GsodReader.lenient().read(corrupt, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessageContaining(corrupt + ": ");
    }

    @Test
    void shouldFailOnACorruptTarHeaderEvenWhenLenient() throws IOException {
        // Given: three members; the second member's header checksum no longer matches
        byte[] tar = tar("01011099999.csv", file(row(1)), "01011099998.csv", file(row(2)), "01011099997.csv", file(row(3)));
        int second = 512 + roundUp(file(row(1)).length());
        tar[second + 4] = 'X';                                    // inside the member name
        Path a = gzip(tar, dir.resolve("2019.tar.gz"));
        // When / Then
        assertThatThrownBy(() -> GsodReader.lenient().read(a, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessage(a + ": corrupt tar archive (after member 01011099999.csv): the header checksum of the next member"
                        + " (\"0101X099998.csv\") does not match; download it again");
    }

    @Test
    void shouldFailOnAnUnreadableTarHeader() throws IOException {
        // Given: the second member's size field is not octal
        byte[] tar = tar("01011099999.csv", file(row(1)), "01011099998.csv", file(row(2)));
        int second = 512 + roundUp(file(row(1)).length());
        tar[second + 124 + 3] = 'Z';
        Path a = gzip(tar, dir.resolve("2019.tar.gz"));
        // When / Then
        assertThatThrownBy(() -> GsodReader.strict().read(a, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessageStartingWith(a + ": corrupt tar archive (after member 01011099999.csv): ");
    }

    @Test
    void shouldFailOnATarMemberShorterThanItsHeaderSays() throws IOException {
        // Given: a valid gzip of a tar cut in the middle of its second member
        byte[] tar = tar("01011099999.csv", file(row(1)), "01011099998.csv", file(row(2), row(3), row(4)));
        int cutAt = 512 + roundUp(file(row(1)).length()) + 512 + 100;
        Path a = gzip(Arrays.copyOf(tar, cutAt), dir.resolve("2019.tar.gz"));
        // When / Then
        assertThatThrownBy(() -> GsodReader.lenient().read(a, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessageStartingWith(a + ": 01011099998.csv: truncated tar archive: member has 100 of its "
                        + file(row(2), row(3), row(4)).length() + " bytes");
    }

    @Test
    void shouldFailOnATarCutShortAtAMembersEndOrInAHeaderEvenWhenLenient() throws IOException {
        // Given: valid gzips of a tar that stops after its first member (no end-of-archive
        // records: the tar of "tar | gzip" killed), and of one that stops 200 bytes into the
        // second member's header; the intact tar reads both stations
        byte[] tar = tar("01011099999.csv", file(row(1)), "01011099998.csv",
                file(row(2, GsodColumn.STATION, "\"01011099998\"")));
        int firstEnds = 512 + roundUp(file(row(1)).length());
        Path whole = gzip(tar, dir.resolve("whole/2019.tar.gz"));
        Path atMemberEnd = gzip(Arrays.copyOf(tar, firstEnds), dir.resolve("end/2019.tar.gz"));
        Path inHeader = gzip(Arrays.copyOf(tar, firstEnds + 200), dir.resolve("header/2019.tar.gz"));
        List<String> stations = new ArrayList<>();
        GsodReader.strict().read(whole, s -> stations.add(s.id()));
        assertThat(stations).containsExactly("01011099999", "01011099998");
        // When / Then: neither reads as an archive of one station
        assertThatThrownBy(() -> GsodReader.lenient().read(atMemberEnd, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessage(atMemberEnd + ": damaged archive: the tar stream ends without its end-of-archive blocks"
                        + " (after member 01011099999.csv): the stations after it are missing; download it again");
        assertThatThrownBy(() -> GsodReader.strict().read(inHeader, s -> { }))
                .isInstanceOf(GsodFormatException.class)
                .hasMessageContaining("(after member 01011099999.csv), in the middle of a member's header");
    }

    @Test
    void shouldReadAHeaderOnlyStationFile() {
        // Given
        Path a = GsodArchiveWriter.create(dir.resolve("2020.tar.gz")).addHeaderOnly("99999900126").finish();
        // When
        List<GsodStation> stations = GsodReader.strict().readAll(a);
        // Then
        assertThat(stations).hasSize(1);
        GsodStation s = stations.get(0);
        assertThat(s.id()).isEqualTo("99999900126");
        assertThat(s.year()).isEqualTo(2020);
        assertThat(s.size()).isZero();
        assertThat(s.name()).isEmpty();
        assertThat(s.countTemp(t -> true)).isZero();
    }

    @Test
    void shouldReadALastLineWithoutNewlineAndCrLfLines() {
        // Given
        String noFinalNewline = HEADER + "\n" + row(1) + "\n" + row(2);
        String crlf = HEADER + "\r\n" + row(1) + "\r\n" + row(2) + "\r\n";
        // When
        GsodStation a = GsodReader.strict().readAll(archive("01011099999.csv", noFinalNewline)).get(0);
        GsodStation b = GsodReader.strict().readAll(archive("01011099999.csv", crlf)).get(0);
        // Then
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.day(1).frshtt()).isEqualTo("000000");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void shouldReadEmptyUnquotedMetadataAndQuotedCommas() {
        // Given: "99999900126","2019-01-01",,,,,"  39.0",... and a name with two commas and an escaped quote
        String unknown = row(1).replace("\"01011099999\"", "\"99999900126\"")
                .replace("\"80.0666666\",\"31.5\",\"10.0\",\"KVITOYA, SV\"", ",,,");
        String commas = row(1).replace("\"KVITOYA, SV\"", "\"A, B \"\"C\"\", D\"");
        // When
        GsodStation s1 = GsodReader.strict().readAll(archive("99999900126.csv", file(unknown))).get(0);
        GsodStation s2 = GsodReader.strict().readAll(archive("01011099999.csv", file(commas))).get(0);
        // Then
        assertThat(unknown).startsWith("\"99999900126\",\"2019-01-01\",,,,,\"  -0.6\"");
        assertThat(s1.latitude()).isEmpty();
        assertThat(s1.name()).isEmpty();
        assertThat(s1.temp(0)).isEqualTo(-0.6);
        assertThat(s2.name()).hasValue("A, B \"C\", D");
        assertThat(s2.temp(0)).isEqualTo(-0.6);
    }

    @Test
    void shouldTreatSentinelsAsMissingAndStpByItsCount() {
        // Given
        String missing = row(1, GsodColumn.TEMP, "\"9999.9\"").replace("\"000.8\",\"24\"", "\"007.1\",\" 0\"");
        // When
        GsodDay day = GsodReader.strict().readAll(archive("01011099999.csv", file(missing))).get(0).day(0);
        // Then
        assertThat(day.temp()).isEmpty();
        assertThat(day.hasTemp()).isFalse();
        assertThat(day.stp()).isEmpty();
        assertThat(day.stpCount()).isZero();
        assertThat(day.visib()).isEmpty();
        assertThat(day.gust()).isEmpty();
        assertThat(day.sndp()).isEmpty();
        assertThat(day.max()).hasValue(3.7);
    }

    @Test
    void shouldSayWhenTheArchiveDoesNotExist() {
        Path missing = dir.resolve("1980.tar.gz");
        assertThatThrownBy(() -> GsodReader.strict().read(missing, s -> { }))
                .isInstanceOf(GsodException.class)
                .hasMessage(missing + ": no such file");
    }

    private static int roundUp(int n) {
        return (n + 511) / 512 * 512;
    }

    private static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(namesAndContents[i]);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static Path gzip(byte[] data, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(data);
        }
        try (GZIPInputStream check = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(check.readAllBytes()).isEqualTo(data);         // the gzip layer itself is sound
        }
        return file;
    }
}
