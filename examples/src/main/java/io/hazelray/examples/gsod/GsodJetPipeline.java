package io.hazelray.examples.gsod;

import java.io.Serializable;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.Observable;
import com.hazelcast.jet.aggregate.AggregateOperation;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.JetService;
import com.hazelcast.jet.function.Observer;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.BatchStage;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import io.hazelray.Hazelray;
import io.hazelray.datasets.gsod.GsodColumn;
import io.hazelray.datasets.gsod.GsodException;
import io.hazelray.datasets.gsod.GsodReadReport;
import io.hazelray.datasets.gsod.GsodReader;
import io.hazelray.datasets.gsod.GsodSources;
import io.hazelray.datasets.gsod.GsodStation;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The seed's question as one Jet batch job: read both archives once (each by one member, the
 * data directories being shared by all members), count per station and year the readings at or
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

    /**
     * Builds the pipeline; its one result is {@code long[] {commonStations, hot1, hot2}}, and each
     * archive's {@link ArchiveOutcome} goes to {@code outcomes} as soon as its reading ends.
     */
    static Pipeline build(GsodQuestion q, Observable<long[]> result, Observable<ArchiveOutcome> outcomes) {
        GsodReader reader = GsodReader.strict().withLenient(q.lenient()).withColumns(GsodColumn.TEMP);
        Pipeline p = Pipeline.create();
        BatchStage<Object> items = p.readFrom(archive(q.archive1(), q.year1(), 0, reader, q.threshold()))
                .merge(p.readFrom(archive(q.archive2(), q.year2(), 1, reader, q.threshold())));
        // Everything after the sources handles one small item per station file (about 24,000 for
        // two years): one processor per stage and member does it, and each processor fewer is one
        // tasklet fewer for Jet's cooperative threads to poll. On 2 cores those threads took
        // 0.74 s of CPU per run with the default parallelism (2), 0.49 s with 1, and the job ran
        // about 0.3 s faster (./hazelray gsod on the real archives, async-profiler, two pairs).
        items.filter(o -> o instanceof ArchiveOutcome).setLocalParallelism(1)
                .map(o -> (ArchiveOutcome) o).setLocalParallelism(1)
                .writeTo(Sinks.observable(outcomes));
        items.filter(o -> o instanceof StationYear).setLocalParallelism(1)
                .map(o -> (StationYear) o).setLocalParallelism(1)
                .groupingKey(StationYear::station)
                .aggregate(perStation()).setLocalParallelism(1)
                .filter(e -> e.getValue()[0] > 0 && e.getValue()[1] > 0).setLocalParallelism(1)
                .aggregate(sumOverCommonStations()).setLocalParallelism(1)
                .writeTo(Sinks.observable(result));
        return p;
    }

    /**
     * One archive: a {@link StationYear} per station with rows (a station is in a year when it has
     * a row there), then the archive's {@link ArchiveOutcome}. A reading failure ends the stream
     * with an outcome that carries it, instead of failing the job (see {@link ArchiveOutcome}).
     * The directory is shared: on a cluster, one member reads the archive.
     */
    private static BatchSource<Object> archive(Path archive, int year, int yearIndex, GsodReader reader, double threshold) {
        Path abs = archive.toAbsolutePath();
        return GsodSources.files(abs.getParent(), abs.getFileName().toString(), path -> items(reader, path, year, yearIndex, threshold));
    }

    private static Stream<Object> items(GsodReader reader, Path path, int year, int yearIndex, double threshold) {
        ArchiveOutcome[] end = new ArchiveOutcome[1];
        Stream<GsodStation> stations = reader.stations(path, report -> end[0] = new ArchiveOutcome(year, report, null));
        Iterator<GsodStation> it = stations.iterator();
        Iterator<Object> out = new Iterator<>() {
            private Object next;
            private boolean finished;

            @Override
            public boolean hasNext() {
                while (next == null && !finished) {
                    try {
                        if (!it.hasNext()) {
                            next = end[0];
                            finished = true;
                        } else {
                            GsodStation s = it.next();
                            if (!s.isEmpty()) {
                                next = new StationYear(s.id(), yearIndex, s.countTemp(t -> t >= threshold));
                            }
                        }
                    } catch (GsodException e) {
                        next = new ArchiveOutcome(year, null, e);
                        finished = true;
                        stations.close();
                    }
                }
                return next != null;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object o = next;
                next = null;
                return o;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(out, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(stations::close);
    }

    /**
     * Runs the job on {@code ray}'s cluster under a recognizable name and waits for the answer.
     * When an archive fails, the job is cancelled (a cancelled job is not logged as an error) and
     * the reader's exception is thrown here, as it was thrown on the member that read.
     *
     * @throws GsodException the reader's failure, with the archive, file and line of bad input
     */
    public static GsodAnswer run(Hazelray ray, GsodQuestion q) {
        JetService jet = ray.hazelcast().getJet();
        Observable<long[]> result = jet.newObservable();
        Observable<ArchiveOutcome> outcomes = jet.newObservable();
        List<ArchiveOutcome> received = new CopyOnWriteArrayList<>();
        CountDownLatch outcomesDone = new CountDownLatch(1);
        AtomicReference<Job> running = new AtomicReference<>();
        // Ctrl-C (or SIGTERM) of a driver connected to a cluster: the job runs on the members, and
        // would go on to its end without this (an embedded member stops with the JVM anyway)
        Thread cancelOnExit = new Thread(() -> cancel(running.get()), "gsod-job-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        try {
            CompletableFuture<List<long[]>> answer = result.toFuture(s -> s.collect(Collectors.toList()));
            outcomes.addObserver(Observer.of(o -> {
                received.add(o);
                if (o.failure() != null) {
                    cancel(running.get());
                }
            }, error -> outcomesDone.countDown(), outcomesDone::countDown));
            String name = "gsod-" + q.year1() + "-vs-" + q.year2() + "-" + UUID.randomUUID().toString().substring(0, 8);
            Job job = jet.newJob(build(q, result, outcomes), new JobConfig().setName(name));
            running.set(job);
            if (received.stream().anyMatch(o -> o.failure() != null)) {
                cancel(job);                                    // it failed before the job was known
            }
            try {
                job.join();
            } catch (CancellationException | CompletionException e) {
                awaitQuietly(outcomesDone);
                GsodAnswer.skippedOrThrow(received);            // the failure that made us cancel
                throw e;
            }
            awaitQuietly(outcomesDone);
            List<GsodReadReport> skipped = GsodAnswer.skippedOrThrow(received);
            List<long[]> rows = answer.join();
            long[] sums = rows.isEmpty() ? new long[3] : rows.get(0);
            return new GsodAnswer(q.year1(), q.year2(), sums[0], sums[1], sums[2], skipped);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs: it cancels the job
            }
            result.destroy();
            outcomes.destroy();
        }
    }

    private static void cancel(Job job) {
        if (job != null) {
            try {
                job.cancel();
            } catch (RuntimeException e) {
                // already completed, or cancelled by the other archive's failure
            }
        }
    }

    /** The observable completes just after the job; its last items may still be on their way. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
