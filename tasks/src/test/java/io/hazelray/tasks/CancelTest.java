package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskCancelledException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ray's {@code ray.cancel(ref)}: a queued task never runs, a running one is interrupted. */
class CancelTest extends ClusterTestSupport {
    static final AtomicInteger QUEUED_RAN = new AtomicInteger();
    static final AtomicInteger INTERRUPTED = new AtomicInteger();
    static volatile CountDownLatch started = new CountDownLatch(1);

    @Test
    void shouldNeverRunACancelledQueuedTaskAndInterruptARunningOne() throws Exception {
        // Given: one CPU slot, held by a long task; a second task queued behind it
        started = new CountDownLatch(1);
        HazelcastInstance member = startMember(1);
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        ObjectRef<String> running = ray.task(CancelTest::sleepUntilInterrupted).remote();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        ObjectRef<Integer> queued = ray.task(CancelTest::countRun).remote();
        Thread.sleep(100); // on its way or waiting for the slot there: either way it must never run
        // When
        assertThat(ray.cancel(queued)).isTrue();
        assertThat(ray.cancel(running)).isTrue();
        // Then: both refs fail at once, the running body was interrupted, the queued one never ran
        assertThatThrownBy(() -> ray.get(queued, Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class)
                .hasMessageContaining("CancelTest::countRun").hasMessageContaining("was cancelled");
        assertThatThrownBy(() -> ray.get(running, Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (INTERRUPTED.get() == 0) {
            assertThat(System.nanoTime()).as("the running task was interrupted").isLessThan(deadline);
            Thread.sleep(10);
        }
        // the slot is free again: a new task runs, and the cancelled one still has not
        assertThat(ray.get(ray.task(TestFunctions::square, 3).remote(), Duration.ofSeconds(10))).isEqualTo(9);
        assertThat(QUEUED_RAN.get()).isZero();
        // cancelling what is done, or twice, says so
        assertThat(ray.cancel(queued)).isFalse();
    }

    static String sleepUntilInterrupted() {
        started.countDown();
        try {
            Thread.sleep(60_000);
            return "slept";
        } catch (InterruptedException e) {
            INTERRUPTED.incrementAndGet();
            return "interrupted";
        }
    }

    static int countRun() {
        return QUEUED_RAN.incrementAndGet();
    }
}
