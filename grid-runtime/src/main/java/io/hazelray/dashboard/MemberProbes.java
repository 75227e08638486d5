package io.hazelray.dashboard;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.hazelray.actors.ActorInfo;
import io.hazelray.actors.Actors;
import io.hazelray.runtime.status.ClusterStatuses;
import io.hazelray.tasks.LargeObjects;
import io.hazelray.tasks.TaskHistory;
import io.hazelray.tasks.TaskInfo;
import io.hazelray.tasks.Tasks;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dashboard's questions to each member, as {@code ClusterStatuses}' status probe: every member
 * answers for itself, on the small status executor (apart from the task pools, so a busy grid
 * still answers), filtering and paging there, so no view pulls a member's whole history across.
 */
final class MemberProbes {
    /** How long a member may take to answer a dashboard question. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private MemberProbes() {
    }

    /** Each member's answer, by address, in the cluster's member order; members that did not answer are left out. */
    static <T> Answers<T> askAll(HazelcastInstance hz, Probe<T> probe) {
        Map<Member, Future<T>> futures = hz.getExecutorService(ClusterStatuses.EXECUTOR).submitToAllMembers(probe);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Map<String, T> answers = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Member, Future<T>> e : futures.entrySet()) {
            String address = e.getKey().getAddress().getHost() + ":" + e.getKey().getAddress().getPort();
            try {
                answers.put(address, e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException ex) {
                missing.add(address + ": no answer within " + TIMEOUT.toSeconds() + " s");
            } catch (ExecutionException ex) {
                missing.add(address + ": " + ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                missing.add(address + ": interrupted");
            }
        }
        return new Answers<>(answers, missing);
    }

    /** Answers by member address, and the members that did not answer, with why. */
    record Answers<T>(Map<String, T> byMember, List<String> unreachable) {
    }

    /** A question run on a member, with that member's instance. */
    abstract static class Probe<T> implements Callable<T>, Serializable, HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance hz;

        @Override
        public void setHazelcastInstance(HazelcastInstance hz) {
            this.hz = hz;
        }

        @Override
        public T call() {
            return answer(hz);
        }

        abstract T answer(HazelcastInstance member);
    }

    /** One page of this member's tasks in a state (all states if {@code null}), newest first. */
    static final class TaskPage extends Probe<TaskHistory.Page> {
        private static final long serialVersionUID = 1L;
        private final TaskInfo.State state;
        private final int offset;
        private final int limit;

        TaskPage(TaskInfo.State state, int offset, int limit) {
            this.state = state;
            this.offset = offset;
            this.limit = limit;
        }

        @Override
        TaskHistory.Page answer(HazelcastInstance member) {
            TaskInfo.State wanted = state;
            return Tasks.history(member).page(t -> wanted == null || t.state() == wanted, offset, limit);
        }
    }

    /** The task with this id, with its stack trace, if this member kept it. */
    static final class TaskById extends Probe<TaskInfo> {
        private static final long serialVersionUID = 1L;
        private final String id;

        TaskById(String id) {
            this.id = id;
        }

        @Override
        TaskInfo answer(HazelcastInstance member) {
            return Tasks.history(member).find(id);
        }
    }

    /** The actors this member owns, and those that died here lately. */
    static final class LocalActors extends Probe<List<ActorInfo>> {
        private static final long serialVersionUID = 1L;

        @Override
        List<ActorInfo> answer(HazelcastInstance member) {
            return new ArrayList<>(Actors.local(member));
        }
    }

    /** The largest objects this member wrote that still exist. */
    static final class LargestObjects extends Probe<List<LargeObjects.ObjectInfo>> {
        private static final long serialVersionUID = 1L;

        @Override
        List<LargeObjects.ObjectInfo> answer(HazelcastInstance member) {
            return new ArrayList<>(Tasks.largestObjects(member));
        }
    }

    /** The recent lines of this member's JVM log (capture starts the first time it is asked, if not before). */
    static final class LogLines extends Probe<List<String>> {
        private static final long serialVersionUID = 1L;
        private final int limit;

        LogLines(int limit) {
            this.limit = limit;
        }

        @Override
        List<String> answer(HazelcastInstance member) {
            LogTail.install();
            return new ArrayList<>(LogTail.recent(limit));
        }
    }
}
