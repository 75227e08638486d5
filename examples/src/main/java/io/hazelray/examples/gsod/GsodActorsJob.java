package io.hazelray.examples.gsod;

import io.hazelray.Hazelray;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ObjectRef;
import io.hazelray.datasets.gsod.GsodReadReport;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The seed's {@code compare_years}, with actors: one {@link GsodActor} per year, both loading in
 * parallel, the intersection of their stations computed in the driver, then the hot-reading
 * counts of both.
 *
 * <pre>{@code
 * y1_actor = GSODActor.remote(year1, high_temp)                    # the seed
 * y2_actor = GSODActor.remote(year2, high_temp)
 * ray.get([y1_actor.load_data.remote(), y2_actor.load_data.remote()])
 * y1_stations, y2_stations = ray.get([y1_actor.get_stations.remote(), y2_actor.get_stations.remote()])
 * intersection = set.intersection(y1_stations, y2_stations)
 * y1_count, y2_count = ray.get([y1_actor.get_high_temp_count.remote(intersection),
 *                               y2_actor.get_high_temp_count.remote(intersection)])
 * }</pre>
 */
public final class GsodActorsJob {
    private GsodActorsJob() {
    }

    /**
     * Asks the question with two actors.
     *
     * @throws io.hazelray.datasets.gsod.GsodException the reader's own failure, as it was thrown on the member
     */
    public static GsodAnswer run(Hazelray ray, GsodQuestion q) {
        String dir1 = q.archive1().toAbsolutePath().getParent().toString();
        String dir2 = q.archive2().toAbsolutePath().getParent().toString();
        ActorHandle<GsodActor> y1 = ray.actor(GsodActor::new, Integer.toString(q.year1()), q.threshold(), dir1, q.lenient()).remote();
        ActorHandle<GsodActor> y2 = ray.actor(GsodActor::new, Integer.toString(q.year2()), q.threshold(), dir2, q.lenient()).remote();
        try {
            List<ArchiveOutcome> loaded = ray.get(List.of(y1.task(GsodActor::loadData).remote(), y2.task(GsodActor::loadData).remote()));
            List<GsodReadReport> skipped = GsodAnswer.skippedOrThrow(loaded);
            List<Set<String>> stations = ray.get(List.of(y1.task(GsodActor::getStations).remote(),
                    y2.task(GsodActor::getStations).remote()));
            Set<String> intersection = new HashSet<>(stations.get(0));
            intersection.retainAll(stations.get(1));
            List<ObjectRef<Long>> counts = List.of(y1.task(GsodActor::getHighTempCount, intersection).remote(),
                    y2.task(GsodActor::getHighTempCount, intersection).remote());
            List<Long> c = ray.get(counts);
            return new GsodAnswer(q.year1(), q.year2(), intersection.size(), c.get(0), c.get(1), skipped);
        } finally {
            ray.kill(y1);
            ray.kill(y2);
        }
    }
}
