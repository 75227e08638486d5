package io.hazelray.examples.gsod;

import java.util.Comparator;
import io.hazelray.datasets.gsod.GsodReadReport;

import java.util.List;

/**
 * The answer to the seed's question: how many readings had TEMP at or above the threshold in
 * each year, counting only stations present in both; and, for a lenient read, what was skipped.
 *
 * @param skipped the reports of archives where a lenient read skipped rows or files (empty when
 *                nothing was skipped)
 */
public record GsodAnswer(int year1, int year2, long commonStations, long highTempCount1, long highTempCount2,
                         List<GsodReadReport> skipped) {
    public GsodAnswer {
        skipped = List.copyOf(skipped);
    }

    /** An answer where nothing was skipped. */
    public GsodAnswer(int year1, int year2, long commonStations, long highTempCount1, long highTempCount2) {
        this(year1, year2, commonStations, highTempCount1, highTempCount2, List.of());
    }

    /** The seed's three lines. */
    public List<String> lines() {
        return List.of(
                "Number of stations in common: " + commonStations,
                year1 + " - High temp count for common stations: " + highTempCount1,
                year2 + " - High temp count for common stations: " + highTempCount2);
    }

    /** Collects the outcomes' reports of skipped input; throws the first failure as it was thrown. */
    static List<GsodReadReport> skippedOrThrow(List<ArchiveOutcome> outcomes) {
        for (ArchiveOutcome o : outcomes) {
            if (o.failure() != null) {
                throw o.failure();
            }
        }
        return outcomes.stream().sorted(Comparator.comparingInt(ArchiveOutcome::year)).map(ArchiveOutcome::report)
                .filter(r -> r != null && !r.isClean()).toList();
    }
}
