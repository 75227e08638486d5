package io.hazelray.datasets.gsod;

import java.util.Arrays;

/** Station file text for tests, built from a real row (KVITOYA, 2019-01-01) with chosen fields replaced. */
final class CsvRows {
    static final String HEADER = "\"STATION\",\"DATE\",\"LATITUDE\",\"LONGITUDE\",\"ELEVATION\",\"NAME\",\"TEMP\","
            + "\"TEMP_ATTRIBUTES\",\"DEWP\",\"DEWP_ATTRIBUTES\",\"SLP\",\"SLP_ATTRIBUTES\",\"STP\",\"STP_ATTRIBUTES\","
            + "\"VISIB\",\"VISIB_ATTRIBUTES\",\"WDSP\",\"WDSP_ATTRIBUTES\",\"MXSPD\",\"GUST\",\"MAX\",\"MAX_ATTRIBUTES\","
            + "\"MIN\",\"MIN_ATTRIBUTES\",\"PRCP\",\"PRCP_ATTRIBUTES\",\"SNDP\",\"FRSHTT\"";

    private static final String[] TEMPLATE = {"\"01011099999\"", "\"2019-01-01\"", "\"80.0666666\"", "\"31.5\"", "\"10.0\"",
        "\"KVITOYA, SV\"", "\"  -0.6\"", "\"24\"", "\"  -5.5\"", "\"24\"", "\"1001.9\"", "\"24\"", "\"000.8\"", "\"24\"",
        "\"999.9\"", "\" 0\"", "\" 25.9\"", "\"24\"", "\" 31.1\"", "\"999.9\"", "\"   3.7\"", "\" \"", "\"  -3.1\"", "\"*\"",
        "\" 0.00\"", "\"I\"", "\"999.9\"", "\"000000\""};

    private CsvRows() {
    }

    /** The real row, for day {@code dayOfJanuary} of 2019. */
    static String row(int dayOfJanuary) {
        return row(dayOfJanuary, null, null);
    }

    /** The real row with {@code column}'s raw text (quotes included) replaced. */
    static String row(int dayOfJanuary, GsodColumn column, String raw) {
        String[] f = TEMPLATE.clone();
        f[1] = String.format("\"2019-01-%02d\"", dayOfJanuary);
        if (column != null) {
            f[column.ordinal()] = raw;
        }
        return String.join(",", Arrays.asList(f));
    }

    /** A station file: the header and {@code rows}, each line ending with a newline. */
    static String file(String... rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String r : rows) {
            sb.append(r).append('\n');
        }
        return sb.toString();
    }
}
