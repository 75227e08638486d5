package io.hazelray.dashboard;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.actors.ActorInfo;
import io.hazelray.actors.Actors;
import io.hazelray.runtime.status.ClusterStatuses;
import io.hazelray.runtime.status.MemberProbe;
import io.hazelray.tasks.LargeObjects;
import io.hazelray.tasks.TaskHistory;
import io.hazelray.tasks.TaskInfo;
import io.hazelray.tasks.Tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    /** Each member's answer, by address, in the cluster's member order; members that did not answer are listed apart. */
    static <T> ClusterStatuses.Answers<T> askAll(HazelcastInstance hz, Probe<T> probe) {
        return ClusterStatuses.askAll(hz, probe, TIMEOUT);
    }

    /** A question run on a member, with that member's instance. */
    abstract static class Probe<T> extends MemberProbe<T> {
        private static final long serialVersionUID = 1L;
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
        protected TaskHistory.Page answer(HazelcastInstance member) {
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
        protected TaskInfo answer(HazelcastInstance member) {
            return Tasks.history(member).find(id);
        }
    }

    /** The actors this member owns, and those that died here lately. */
    static final class LocalActors extends Probe<List<ActorInfo>> {
        private static final long serialVersionUID = 1L;

        @Override
        protected List<ActorInfo> answer(HazelcastInstance member) {
            return new ArrayList<>(Actors.local(member));
        }
    }

    /** The largest objects this member wrote that still exist. */
    static final class LargestObjects extends Probe<List<LargeObjects.ObjectInfo>> {
        private static final long serialVersionUID = 1L;

        @Override
        protected List<LargeObjects.ObjectInfo> answer(HazelcastInstance member) {
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
        protected List<String> answer(HazelcastInstance member) {
            LogTail.install();
            return new ArrayList<>(LogTail.recent(limit));
        }
    }
}
