package io.hazelray.tasks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The task history keeps a bounded number of ended tasks, whatever the number ever run. */
class TaskHistoryTest {

    @Test
    void shouldKeepOnlyTheLastEndedTasksAndEveryActiveOne() {
        // Given a history of 100
        TaskHistory history = new TaskHistory("127.0.0.1:5701", 100);

        // When 10,000 tasks end (every tenth failing) and 3 are still active, one of them running
        for (int i = 0; i < 10_000; i++) {
            TaskHistory.Entry e = history.received("d/" + i, "f", "d");
            e.started();
            history.ended(e, i % 10 == 0 ? "java.lang.IllegalStateException: " + i : null, i % 10 == 0 ? "trace " + i : null);
        }
        history.received("q/1", "g", "d");
        history.received("q/2", "g", "d").started();

        // Then
        TaskHistory.Page all = history.page(t -> true, 0, 1_000);
        assertThat(all.matching()).isEqualTo(102);
        assertThat(all.rows().get(0).state()).isIn(TaskInfo.State.QUEUED, TaskInfo.State.RUNNING);
        assertThat(all.rows().get(2).id()).isEqualTo("d/9999");
        TaskHistory.Page failed = history.page(t -> t.state() == TaskInfo.State.FAILED, 0, 5);
        assertThat(failed.matching()).isEqualTo(10);
        assertThat(failed.rows()).hasSize(5).allSatisfy(t -> assertThat(t.stackTrace()).isNull());
        assertThat(history.find("d/9990").stackTrace()).isEqualTo("trace 9990");
        assertThat(history.find("d/5")).isNull(); // long gone from the ring
        assertThat(history.page(t -> t.state() == TaskInfo.State.RUNNING, 0, 10).rows()).extracting(TaskInfo::id)
                .containsExactly("q/2");
    }

    @Test
    void shouldRecordNothingWhenOff() {
        TaskHistory off = new TaskHistory("m", 0);
        TaskHistory.Entry e = off.received("a", "f", "d");
        off.ended(e, null, null);
        assertThat(e).isNull();
        assertThat(off.page(t -> true, 0, 10).matching()).isZero();
    }
}
