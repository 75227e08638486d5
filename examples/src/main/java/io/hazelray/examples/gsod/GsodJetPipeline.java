package io.hazelray.examples.gsod;

import java.io.Serializable;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.Observable;
import com.hazelcast.jet.aggregate.AggregateOperation;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import io.hazelray.Hazelray;
import io.hazelray.datasets.gsod.GsodColumn;
import io.hazelray.datasets.gsod.GsodReader;
import io.hazelray.datasets.gsod.GsodSources;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The seed's question as one Jet batch job: read both archives once (each by one member, the
 * data directory being shared by all members), count per station and year the readings at or
 * above the threshold, keep the stations present in both years, and sum. No row is kept: each
 * station's file becomes four numbers as soon as it is parsed.
 *
 * <pre>
 *   archives ──▶ per station: (id, year, rows, hot) ──▶ group by id ──▶ in both years? ──▶ sum ──▶ driver
 * </pre>
 */
public final class GsodJetPipeline {
    private GsodJetPipeline() {
    }

    /** Builds the pipeline; its one result is {@code long[] {commonStations, hot1, hot2}}. */
    static Pipeline build(GsodQuestion q, Observable<long[]> result) {
        int year1 = q.year1();
        double threshold = q.threshold();
        GsodReader reader = GsodReader.strict().withColumns(GsodColumn.TEMP);
        String glob = "{" + q.year1() + "," + q.year2() + "}.tar.gz";
        Pipeline p = Pipeline.create();
        p.readFrom(GsodSources.stations(q.dataDir(), glob, reader))
                .filter(station -> !station.isEmpty()) // a station is in a year when it has a row there
                .map(station -> new StationYear(station.id(), station.year() == year1 ? 0 : 1,
                        station.countTemp(t -> t >= threshold)))
                .groupingKey(StationYear::station)
                .aggregate(perStation())
                .filter(e -> e.getValue()[0] > 0 && e.getValue()[1] > 0)
                .aggregate(sumOverCommonStations())
                .writeTo(Sinks.observable(result));
        return p;
    }

    /**
     * Runs the job on {@code ray}'s cluster under a recognizable name and waits for the answer.
     *
     * @throws RuntimeException the job's failure, with the archive, file and line of bad input
     */
    public static GsodAnswer run(Hazelray ray, GsodQuestion q) {
        var jet = ray.hazelcast().getJet();
        Observable<long[]> result = jet.newObservable();
        try {
            CompletableFuture<List<long[]>> answer = result.toFuture(s -> s.collect(Collectors.toList()));
            String name = "gsod-" + q.year1() + "-vs-" + q.year2() + "-" + UUID.randomUUID().toString().substring(0, 8);
            Job job = jet.newJob(build(q, result), new JobConfig().setName(name));
            job.join();
            List<long[]> rows = answer.join();
            long[] sums = rows.isEmpty() ? new long[3] : rows.get(0);
            return new GsodAnswer(q.year1(), q.year2(), sums[0], sums[1], sums[2]);
        } finally {
            result.destroy();
        }
    }

    /** One station's file: which of the two years, and its hot readings. */
    record StationYear(String station, int yearIndex, long hot) implements Serializable {
    }

    /** Per station: {rows-present in year 1, rows-present in year 2, hot in year 1, hot in year 2}. */
    private static AggregateOperation1<StationYear, long[], long[]> perStation() {
        return AggregateOperation
                .withCreate(() -> new long[4])
                .<StationYear>andAccumulate((acc, s) -> {
                    acc[s.yearIndex()] = 1;
                    acc[2 + s.yearIndex()] += s.hot();
                })
                .andCombine((a, b) -> {
                    for (int i = 0; i < 4; i++) {
                        a[i] = i < 2 ? Math.max(a[i], b[i]) : a[i] + b[i];
                    }
                })
                .andExportFinish(acc -> acc.clone());
    }

    /** Over the stations in both years: {stations, hot in year 1, hot in year 2}. */
    private static AggregateOperation1<Map.Entry<String, long[]>, long[], long[]> sumOverCommonStations() {
        FunctionEx<long[], long[]> finish = acc -> acc.clone();
        return AggregateOperation
                .withCreate(() -> new long[3])
                .<Map.Entry<String, long[]>>andAccumulate((acc, e) -> {
                    acc[0]++;
                    acc[1] += e.getValue()[2];
                    acc[2] += e.getValue()[3];
                })
                .andCombine((a, b) -> {
                    for (int i = 0; i < 3; i++) {
                        a[i] += b[i];
                    }
                })
                .andExportFinish(finish);
    }
}
