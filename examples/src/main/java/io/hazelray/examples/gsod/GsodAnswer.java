package io.hazelray.examples.gsod;

import java.util.List;

/**
 * The answer to the seed's question: how many readings had TEMP at or above the threshold in
 * each year, counting only stations present in both.
 */
public record GsodAnswer(int year1, int year2, long commonStations, long highTempCount1, long highTempCount2) {

    /** The seed's three lines. */
    public List<String> lines() {
        return List.of(
                "Number of stations in common: " + commonStations,
                year1 + " - High temp count for common stations: " + highTempCount1,
                year2 + " - High temp count for common stations: " + highTempCount2);
    }
}
