package io.hazelray.datasets.gsod.impl;

import io.hazelray.datasets.gsod.GsodColumn;
import io.hazelray.datasets.gsod.GsodFormatException;
import io.hazelray.datasets.gsod.GsodProblem;
import io.hazelray.datasets.gsod.GsodSample;
import io.hazelray.datasets.gsod.GsodStation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser's fast path (fastRow, which reads a row against the layout of the one before) against
 * its careful path (row, which reads every row on its own and words the errors): on every real row
 * of the bundled sample, and on many damaged copies of them, the two give the same stations, the
 * same skipped rows and the same errors.
 */
class GsodCsvParserTest {
    private static final Set<GsodColumn> ALL = EnumSet.copyOf(GsodColumn.dataColumns());
    /** As the GSOD job reads: the fast path then computes no value for the other columns, only checks them. */
    private static final Set<GsodColumn> TEMP = EnumSet.of(GsodColumn.TEMP);
    /** What damage is made of: the bytes that mean something in a row, and a few that mean nothing. */
    private static final byte[] ALPHABET = " -.0159\",\n\r*AIz\t".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldReadEveryRealRowAsTheCarefulPathDoes() {
        // Given: both years of the bundled sample, every column kept
        long rows = 0;
        long fast = 0;
        for (int year : new int[] {2019, 2020}) {
            GsodCsvParser fastParser = new GsodCsvParser("sample", false, ALL, null, true);
            GsodCsvParser carefulParser = new GsodCsvParser("sample", false, ALL, null, false);
            for (MemberSource.Member m : members(year)) {
                // When: each station file is read both ways
                GsodStation a = fastParser.parse(m.name(), m.data(), m.length(), year);
                GsodStation b = carefulParser.parse(m.name(), m.data(), m.length(), year);

                // Then: the same station, cell for cell
                assertSameStation(a, b, m.name());
                rows += b.size();
            }
            fast += fastParser.fastRows();
        }
        // ... and the fast path read nearly all of them (all but a file's first row and a month's first day)
        assertThat(rows).isGreaterThan(100_000);
        assertThat(fast).isGreaterThan(rows * 9 / 10);
    }

    @Test
    void shouldSkipAndRejectDamagedRowsAsTheCarefulPathDoes() {
        // Given: real station files, damaged 2,000 times, a byte or a few at a time
        List<MemberSource.Member> files = members(2019).subList(0, 40);
        Random random = new Random(20261130);
        int differentOutcomes = 0;
        long fastRowsRead = 0;
        for (int round = 0; round < 2_000; round++) {
            MemberSource.Member m = files.get(random.nextInt(files.size()));
            byte[] damaged = damage(Arrays.copyOf(m.data(), m.length()), random);

            // When: each copy is read both ways, leniently and strictly, with every column or TEMP alone
            for (boolean lenient : new boolean[] {true, false}) {
                Set<GsodColumn> columns = round % 2 == 0 ? ALL : TEMP;
                Outcome fast = read(m.name(), damaged, lenient, true, columns);
                Outcome careful = read(m.name(), damaged, lenient, false, columns);
                fastRowsRead += fast.fastRows;

                // Then: the same station (or none), the same skipped rows, the same error
                assertThat(fast.error).as("round %d, lenient %s", round, lenient).isEqualTo(careful.error);
                assertThat(fast.problems).as("round %d, lenient %s", round, lenient).isEqualTo(careful.problems);
                if (careful.station != null) {
                    assertSameStation(fast.station, careful.station, m.name() + " round " + round);
                } else {
                    assertThat(fast.station).isNull();
                }
                if (careful.error != null || !careful.problems.isEmpty()) {
                    differentOutcomes++;
                }
            }
        }
        // ... and the damage did reach the parser's checks, while the fast path still read most rows
        assertThat(differentOutcomes).isGreaterThan(1_000);
        assertThat(fastRowsRead).isGreaterThan(50_000);
    }

    @Test
    void shouldReadOddFieldsAsTheCarefulPathDoes() {
        // Given: a real station file with one field replaced by odd text, in its fifth row or in
        // every row (then the fast path learns its layout from such rows), for fields of each kind
        MemberSource.Member m = members(2019).get(3);
        String text = new String(m.data(), 0, m.length(), StandardCharsets.US_ASCII);
        Object[][] cases = {
            // a station id holding a quote: row() reads it unquoted only, and fastRow never compares such an id
            {GsodColumn.STATION, new String[] {"0101\"1099999", "\"0101\"1099999\""}},
            {GsodColumn.TEMP, new String[] {"\" --0.6\"", "\"-- 0.6\"", "\"  -0.6-\"", "\"   0.6 \"", "\"  -.6\"", "\"   -6\"",
                "\"  1e5\"", "\"12345678.9\"", "\"  0.666\"", "\"  0.6.6\"", "\" - 0.6\"", "\"  9999.9\"", "\"9999.9\"",
                "\" -0.06\"", "\"\"", "\"  \"", "\"  -0.\"", "\" 100\"", "-0.6", "\"  -0.6", "\"  -0,6\""}},
            {GsodColumn.TEMP_ATTRIBUTES, new String[] {"\"-4\"", "\" -4\"", "\"123456\"", "\"  \"", "\"4.0\"", "\" 4 \"", "7"}},
            {GsodColumn.STP, new String[] {"\"999.9\"", "\"-12.3\"", "\" 12.34\""}},
            {GsodColumn.MAX_ATTRIBUTES, new String[] {"\"**\"", "\"x\"", "\"\"", "\"I\"", "*"}},
            {GsodColumn.PRCP, new String[] {"\"99.99\"", "\" 0.1\"", "\" 0.123\"", "\"  0.00\""}},
            {GsodColumn.PRCP_ATTRIBUTES, new String[] {"\"i\"", "\"*\"", "\"\"", "\"AB\""}},
            {GsodColumn.FRSHTT, new String[] {"\"000200\"", "\"00000\"", "\"0000000\"", "\"01001\"\"", "000000"}},
        };
        int compared = 0;
        for (Object[] c : cases) {
            for (String raw : (String[]) c[1]) {
                for (boolean everyRow : new boolean[] {false, true}) {
                    byte[] bytes = replaceField(text, ((GsodColumn) c[0]).ordinal(), raw, everyRow).getBytes(StandardCharsets.US_ASCII);
                    for (boolean lenient : new boolean[] {true, false}) {
                        // When: read both ways (every column, or TEMP alone when the field is another one)
                        Set<GsodColumn> columns = lenient && c[0] != GsodColumn.TEMP ? TEMP : ALL;
                        Outcome fast = read(m.name(), bytes, lenient, true, columns);
                        Outcome careful = read(m.name(), bytes, lenient, false, columns);

                        // Then: the same outcome
                        String what = c[0] + " " + raw + (everyRow ? " in every row" : " in row 5") + (lenient ? ", lenient" : "");
                        assertThat(fast.error).as(what).isEqualTo(careful.error);
                        assertThat(fast.problems).as(what).isEqualTo(careful.problems);
                        if (careful.station != null) {
                            assertSameStation(fast.station, careful.station, what);
                        }
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(204);
    }

    /** {@code text} with field {@code column} of its fifth data row (or of every one) replaced by {@code raw}. */
    private static String replaceField(String text, int column, String raw, boolean everyRow) {
        String[] lines = text.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty() && (everyRow || i == 5)) {
                List<String> fields = new ArrayList<>(List.of(lines[i].split(",(?=\")", -1)));
                // the name may hold a comma: split only before quotes, then rejoin the name's parts
                while (fields.size() > 28) {
                    fields.set(5, fields.get(5) + "," + fields.remove(6));
                }
                fields.set(column, raw);
                lines[i] = String.join(",", fields);
            }
        }
        return String.join("\n", lines);
    }

    @Test
    void shouldReadRowsEndingInCrLfAndUnquotedFieldsAsTheCarefulPathDoes() {
        // Given: a real station file with \r\n line ends, and one with its numbers unquoted
        MemberSource.Member m = members(2019).get(7);
        String text = new String(m.data(), 0, m.length(), StandardCharsets.US_ASCII);
        List<String> variants = List.of(text.replace("\n", "\r\n"), unquoteNumbers(text));
        for (String v : variants) {
            byte[] bytes = v.getBytes(StandardCharsets.US_ASCII);

            // When / Then: both paths give the first file's cells
            Outcome fast = read(m.name(), bytes, false, true);
            Outcome careful = read(m.name(), bytes, false, false);
            assertThat(fast.error).isNull();
            assertSameStation(fast.station, careful.station, m.name());
            assertSameStation(fast.station, read(m.name(), Arrays.copyOf(m.data(), m.length()), false, false).station, m.name());
        }
    }

    /** Every number unquoted (row() reads both), FRSHTT and the flags left quoted (it reads those only quoted). */
    private static String unquoteNumbers(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int last = line.lastIndexOf(',');
            if (!line.startsWith("\"STATION\"") && last > 0) {
                line = line.substring(0, last).replaceAll("\"( *-?[0-9]+(\\.[0-9]+)?)\"", "$1") + line.substring(last);
            }
            sb.append(line).append('\n');
        }
        return sb.substring(0, sb.length() - 1);
    }

    /** One to three bytes replaced, inserted or removed, in the data rows (the header stays). */
    private static byte[] damage(byte[] data, Random random) {
        int headerEnd = indexOf(data, (byte) '\n', 0) + 1;
        byte[] out = data;
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = headerEnd + random.nextInt(out.length - headerEnd);
            byte ch = ALPHABET[random.nextInt(ALPHABET.length)];
            switch (random.nextInt(4)) {
                case 0, 1 -> out[at] = ch;
                case 2 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = ch;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                default -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
            }
        }
        return out;
    }

    private static int indexOf(byte[] data, byte b, int from) {
        for (int i = from; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private record Outcome(GsodStation station, List<String> problems, String error, long fastRows) {
    }

    private static Outcome read(String member, byte[] data, boolean lenient, boolean fastPath) {
        return read(member, data, lenient, fastPath, ALL);
    }

    private static Outcome read(String member, byte[] data, boolean lenient, boolean fastPath, Set<GsodColumn> columns) {
        List<String> problems = new ArrayList<>();
        GsodCsvParser parser = new GsodCsvParser("test", lenient, columns,
                (GsodProblem p, boolean wholeFile) -> problems.add(p + (wholeFile ? " (file)" : "")), fastPath);
        // the data sits in a larger array, as a reused read buffer does: nothing past its end may be read
        byte[] buffer = Arrays.copyOf(data, data.length + 64);
        Arrays.fill(buffer, data.length, buffer.length, (byte) '"');
        try {
            GsodStation s = parser.parse(member, buffer, data.length, 2019);
            return new Outcome(s, problems, null, parser.fastRows());
        } catch (GsodFormatException e) {
            return new Outcome(null, problems, e.getMessage(), parser.fastRows());
        }
    }

    private static void assertSameStation(GsodStation a, GsodStation b, String what) {
        assertThat(a).as(what).isNotNull();
        assertThat(a.id()).as(what).isEqualTo(b.id());
        assertThat(a.year()).as(what).isEqualTo(b.year());
        assertThat(a.name()).as(what).isEqualTo(b.name());
        assertThat(a.latitude()).as(what).isEqualTo(b.latitude());
        assertThat(a.longitude()).as(what).isEqualTo(b.longitude());
        assertThat(a.elevation()).as(what).isEqualTo(b.elevation());
        assertThat(GsodAccess.get().epochDays(a)).as(what).isEqualTo(GsodAccess.get().epochDays(b));
        assertThat(GsodAccess.get().cells(a)).as(what).isDeepEqualTo(GsodAccess.get().cells(b));
    }

    private static List<MemberSource.Member> members(int year) {
        List<MemberSource.Member> out = new ArrayList<>();
        try (TarGzMembers t = new TarGzMembers(GsodSample.archive(year), year + ".tar.gz")) {
            MemberSource.Member m;
            while ((m = t.next(null)) != null) {
                out.add(new MemberSource.Member(m.name(), Arrays.copyOf(m.data(), m.length()), m.length()));
            }
        }
        return out;
    }
}
