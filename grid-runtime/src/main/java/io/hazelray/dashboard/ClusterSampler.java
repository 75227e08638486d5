package io.hazelray.dashboard;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.runtime.status.ClusterStatus;
import io.hazelray.runtime.status.ClusterStatuses;
import io.hazelray.runtime.status.JobStatus;
import io.hazelray.runtime.status.MemberStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the cluster's status once a second on a thread of its own and keeps the last
 * {@link #KEPT} samples: the charts (slots busy, tasks per member over time) are drawn from these,
 * and {@code /api/cluster} answers from the latest one without asking the members again, so a
 * page polling every second costs the grid one status read per second however many pages are open.
 */
final class ClusterSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSampler.class);
    /** Five minutes of one-second samples. */
    static final int KEPT = 300;
    static final long PERIOD_MILLIS = 1_000;

    private final HazelcastInstance hz;
    private final Thread thread;
    private final Deque<Sample> samples = new ArrayDeque<>();
    /** When the sampler first saw each Jet job in a terminal state: its end, to within a sample. */
    private final Map<String, Long> jobEnds = new ConcurrentHashMap<>();
    private volatile ClusterStatus latest;
    private volatile boolean closed;

    /** One sample: per member, what the charts draw. */
    record Sample(long at, Map<String, Point> members) {
    }

    /**
     * One member at one sample.
     *
     * @param slotsBusy CPU slots held
     * @param queued    tasks waiting for arguments or slots
     * @param running   task bodies running
     * @param finished  tasks finished since the previous sample
     * @param failed    tasks failed since the previous sample
     */
    record Point(int slotsBusy, long queued, long running, long finished, long failed) {
    }

    ClusterSampler(HazelcastInstance hz) {
        this.hz = hz;
        this.latest = ClusterStatuses.of(hz);
        this.thread = new Thread(this::loop, "hazelray-dashboard-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    ClusterStatus latest() {
        return latest;
    }

    List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /** When a terminal job ended, as first seen; {@code null} if it has not ended (or ended before the sampler ran). */
    Long jobEnd(String jobId) {
        return jobEnds.get(jobId);
    }

    private void loop() {
        Map<String, MemberStatus> previous = new HashMap<>();
        for (MemberStatus m : latest.members()) {
            previous.put(m.address(), m);
        }
        while (!closed && hz.getLifecycleService().isRunning()) {
            try {
                Thread.sleep(PERIOD_MILLIS);
                ClusterStatus status = ClusterStatuses.of(hz);
                Map<String, Point> points = new HashMap<>();
                for (MemberStatus m : status.members()) {
                    MemberStatus before = previous.get(m.address());
                    long finishedBefore = before == null ? m.tasks().finished() : before.tasks().finished();
                    long failedBefore = before == null ? m.tasks().failed() : before.tasks().failed();
                    points.put(m.address(), new Point(m.tasks().slotsBusy(), m.tasks().waiting(), m.tasks().running(),
                            m.tasks().finished() - finishedBefore, m.tasks().failed() - failedBefore));
                    previous.put(m.address(), m);
                }
                previous.keySet().retainAll(points.keySet());
                for (JobStatus job : status.jobs()) {
                    if (Set.of("COMPLETED", "FAILED").contains(job.status())) {
                        jobEnds.putIfAbsent(job.id(), status.takenAt());
                    }
                }
                latest = status;
                synchronized (samples) {
                    samples.addLast(new Sample(status.takenAt(), points));
                    while (samples.size() > KEPT) {
                        samples.removeFirst();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed || !hz.getLifecycleService().isRunning()) {
                    return;
                }
                LOG.debug("dashboard sample failed: {}", e.toString()); // the next second tries again
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
