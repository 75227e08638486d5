package io.hazelray.dashboard;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.ActorInfo;
import io.hazelray.actors.ActorRuntime;
import io.hazelray.actors.Actors;
import io.hazelray.runtime.status.ClusterStatus;
import io.hazelray.runtime.status.ClusterStatuses;
import io.hazelray.runtime.status.JobStatus;
import io.hazelray.runtime.status.MemberStatus;
import io.hazelray.tasks.LargeObjects;
import io.hazelray.tasks.TaskHistory;
import io.hazelray.tasks.TaskInfo;
import io.hazelray.tasks.TaskMetrics;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What each {@code /api/...} path answers, as plain maps and records that Jackson writes. Every
 * figure comes from the members' public read APIs ({@code Tasks.metrics/history/largestObjects},
 * {@code Actors.local}, the cluster status), asked through {@link MemberProbes}.
 */
final class DashboardApi implements AutoCloseable {
    /** Rows a page may hold. */
    static final int MAX_PAGE_SIZE = 200;
    /** Actors listed at most (the rest are counted). */
    static final int MAX_ACTORS = 2_000;

    private final HazelcastInstance hz;
    private final ClusterSampler sampler;
    private volatile TaskRuntime driver;

    DashboardApi(HazelcastInstance hz, ClusterSampler sampler) {
        this.hz = hz;
        this.sampler = sampler;
    }

    /** Thrown for an unknown id or path: the server answers 404 with the message. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    // ---- cluster -------------------------------------------------------------------------------

    Map<String, Object> cluster() {
        ClusterStatus status = ClusterStatuses.of(hz); // exact now; the sampler's history feeds only the charts
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clusterName", status.clusterName());
        out.put("takenAt", status.takenAt());
        List<Map<String, Object>> members = new ArrayList<>();
        long queued = 0;
        long running = 0;
        long finished = 0;
        long failed = 0;
        for (MemberStatus m : status.members()) {
            TaskMetrics t = m.tasks();
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("address", m.address());
            member.put("uptimeMillis", m.uptimeMillis());
            member.put("cpuSlots", t.cpuSlots());
            member.put("slotsBusy", t.slotsBusy());
            member.put("processCpuLoad", m.processCpuLoad());
            member.put("heapUsed", m.heapUsed());
            member.put("heapMax", m.heapMax());
            member.put("objects", m.objects());
            member.put("actorRecords", m.actorRecords());
            member.put("tasks", counts(t.waiting(), t.running(), t.finished(), t.failed()));
            members.add(member);
            queued += t.waiting();
            running += t.running();
            finished += t.finished();
            failed += t.failed();
        }
        out.put("members", members);
        out.put("unreachable", status.unreachable());
        out.put("cpuSlots", status.cpuSlots());
        out.put("slotsBusy", status.slotsBusy());
        out.put("tasks", counts(queued, running, finished, failed));
        out.put("series", series());
        return out;
    }

    private static Map<String, Long> counts(long queued, long running, long finished, long failed) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("queued", queued);
        counts.put("running", running);
        counts.put("finished", finished);
        counts.put("failed", failed);
        return counts;
    }

    /** Exact counts of tasks by state, over the cluster, from the latest sample. */
    private Map<String, Long> taskCounts() {
        long[] c = new long[4];
        for (MemberStatus m : ClusterStatuses.of(hz).members()) {
            c[0] += m.tasks().waiting();
            c[1] += m.tasks().running();
            c[2] += m.tasks().finished();
            c[3] += m.tasks().failed();
        }
        return counts(c[0], c[1], c[2], c[3]);
    }

    /** The last minutes, one point a second: times, and per member slots busy, tasks running, tasks ended per second. */
    private Map<String, Object> series() {
        List<ClusterSampler.Sample> samples = sampler.samples();
        List<Long> times = new ArrayList<>();
        Map<String, List<Integer>> slots = new LinkedHashMap<>();
        Map<String, List<Long>> running = new LinkedHashMap<>();
        Map<String, List<Long>> ended = new LinkedHashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            ClusterSampler.Sample s = samples.get(i);
            times.add(s.at());
            for (Map.Entry<String, ClusterSampler.Point> e : s.members().entrySet()) {
                ClusterSampler.Point p = e.getValue();
                column(slots, e.getKey(), i, 0).add(p.slotsBusy());
                column(running, e.getKey(), i, 0L).add(p.running());
                column(ended, e.getKey(), i, 0L).add(p.finished() + p.failed());
            }
            int n = i + 1;
            slots.values().forEach(c -> pad(c, n, 0));
            running.values().forEach(c -> pad(c, n, 0L));
            ended.values().forEach(c -> pad(c, n, 0L));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("times", times);
        out.put("slotsBusy", slots);
        out.put("tasksRunning", running);
        out.put("tasksEndedPerSecond", ended);
        return out;
    }

    /** A member's column, padded with {@code zero} for the samples before it joined. */
    private static <T> List<T> column(Map<String, List<T>> columns, String member, int length, T zero) {
        List<T> c = columns.computeIfAbsent(member, k -> new ArrayList<>());
        pad(c, length, zero);
        return c;
    }

    private static <T> void pad(List<T> c, int length, T zero) {
        while (c.size() < length) {
            c.add(zero);
        }
    }

    // ---- tasks ---------------------------------------------------------------------------------

    /** One page of the cluster's recent tasks in {@code state} (null: all), newest first; {@code page} from 1. */
    Map<String, Object> tasks(TaskInfo.State state, int page, int size) {
        int offset = (page - 1) * size;
        // each member sends its first offset+size matching rows: the merged page is among them
        ClusterStatuses.Answers<TaskHistory.Page> answers = MemberProbes.askAll(hz, new MemberProbes.TaskPage(state, 0,
                offset + size));
        List<TaskInfo> rows = new ArrayList<>();
        long matching = 0;
        for (TaskHistory.Page p : answers.byMember().values()) {
            rows.addAll(p.rows());
            matching += p.matching();
        }
        rows.sort(Comparator.comparing((TaskInfo t) -> t.state() == TaskInfo.State.QUEUED || t.state() == TaskInfo.State.RUNNING)
                .reversed().thenComparing(Comparator.comparingLong(TaskInfo::startedAt).reversed()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state == null ? "all" : state.name().toLowerCase(Locale.ROOT));
        out.put("page", page);
        out.put("size", size);
        out.put("matching", matching);
        out.put("pages", Math.max(1, (matching + size - 1) / size));
        out.put("rows", rows.subList(Math.min(offset, rows.size()), Math.min(offset + size, rows.size())));
        out.put("tasks", taskCounts());
        out.put("unreachable", answers.unreachable());
        return out;
    }

    /** One task with its stack trace, from whichever member kept it. */
    TaskInfo task(String id) {
        TaskInfo found = null;
        for (TaskInfo t : MemberProbes.askAll(hz, new MemberProbes.TaskById(id)).byMember().values()) {
            if (t != null && (found == null || t.startedAt() > found.startedAt())) {
                found = t;
            }
        }
        if (found == null) {
            throw new NotFound("no task '" + id + "' in the kept history (the last finished tasks of each member)");
        }
        return found;
    }

    // ---- actors --------------------------------------------------------------------------------

    Map<String, Object> actors() {
        ClusterStatuses.Answers<List<ActorInfo>> answers = MemberProbes.askAll(hz, new MemberProbes.LocalActors());
        List<ActorInfo> all = new ArrayList<>();
        answers.byMember().values().forEach(all::addAll);
        all.sort(Comparator.comparing((ActorInfo a) -> "DEAD".equals(a.state())).thenComparing(ActorInfo::id));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", all.size());
        out.put("alive", all.stream().filter(a -> !"DEAD".equals(a.state())).count());
        out.put("actors", all.subList(0, Math.min(all.size(), MAX_ACTORS)));
        out.put("unreachable", answers.unreachable());
        return out;
    }

    /** Kills the actor with this id; 404 if there is no such actor. */
    Map<String, Object> kill(String actorId) {
        ActorRuntime actors = Actors.runtime(driver());
        Optional<ActorHandle<Object>> handle = actors.getActorById(actorId);
        if (handle.isEmpty()) {
            throw new NotFound("no actor '" + actorId + "'");
        }
        actors.kill(handle.get());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("killed", actorId);
        return out;
    }

    /** A driver of the dashboard's own, for kills: made on first use, closed with the dashboard. */
    private synchronized TaskRuntime driver() {
        if (driver == null) {
            driver = Tasks.driver(hz);
        }
        return driver;
    }

    // ---- objects, jobs, errors, logs ----------------------------------------------------------------

    Map<String, Object> objects() {
        List<Map<String, Object>> members = new ArrayList<>();
        for (MemberStatus m : ClusterStatuses.of(hz).members()) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("address", m.address());
            member.put("objects", m.objects());
            members.add(member);
        }
        List<Map<String, Object>> largest = new ArrayList<>();
        List<LargeObjects.ObjectInfo> all = new ArrayList<>();
        MemberProbes.askAll(hz, new MemberProbes.LargestObjects()).byMember().values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(LargeObjects.ObjectInfo::bytes).reversed());
        for (LargeObjects.ObjectInfo o : all.subList(0, Math.min(20, all.size()))) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", o.id());
            row.put("driver", o.driver());
            row.put("bytes", o.bytes());
            row.put("storedAt", o.storedAt());
            Member owner = hz.getPartitionService().getPartition(o.id()).getOwner();
            row.put("member", owner == null ? null : owner.getAddress().getHost() + ":" + owner.getAddress().getPort());
            largest.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("members", members);
        out.put("largest", largest);
        return out;
    }

    Map<String, Object> jobs() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (JobStatus job : sampler.latest().jobs()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", job.id());
            row.put("name", job.name());
            row.put("status", job.status());
            row.put("submittedAt", job.submittedAt());
            Long end = sampler.jobEnd(job.id());
            boolean over = "COMPLETED".equals(job.status()) || "FAILED".equals(job.status());
            row.put("durationMillis", over ? (end == null ? null : end - job.submittedAt()) : now - job.submittedAt());
            jobs.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", jobs);
        return out;
    }

    /** The latest failures across tasks and actors, newest first. */
    Map<String, Object> errors() {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (TaskHistory.Page p : MemberProbes.askAll(hz, new MemberProbes.TaskPage(TaskInfo.State.FAILED, 0, 20))
                .byMember().values()) {
            for (TaskInfo t : p.rows()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("kind", "task");
                row.put("id", t.id());
                row.put("what", t.function());
                row.put("member", t.member());
                row.put("at", t.startedAt() + t.durationMillis());
                row.put("error", t.error());
                errors.add(row);
            }
        }
        for (List<ActorInfo> actors : MemberProbes.askAll(hz, new MemberProbes.LocalActors()).byMember().values()) {
            for (ActorInfo a : actors) {
                if (a.lastError() != null) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("kind", "actor");
                    row.put("id", a.id());
                    row.put("what", a.className() == null ? a.id() : a.className());
                    row.put("member", a.member());
                    row.put("at", a.lastErrorAt());
                    row.put("error", a.lastError());
                    errors.add(row);
                }
            }
        }
        errors.sort(Comparator.comparingLong((Map<String, Object> r) -> (Long) r.get("at")).reversed());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("errors", errors.subList(0, Math.min(30, errors.size())));
        return out;
    }

    Map<String, Object> logs(int lines) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("members", MemberProbes.askAll(hz, new MemberProbes.LogLines(lines)).byMember());
        return out;
    }

    @Override
    public synchronized void close() {
        if (driver != null) {
            try {
                driver.close();
            } catch (RuntimeException e) {
                // the grid is going away with the dashboard: nothing of the driver's is left to release
            }
        }
    }
}
