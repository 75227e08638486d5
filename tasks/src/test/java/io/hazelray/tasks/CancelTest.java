package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskCancelledException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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

    static final AtomicReference<ObjectRef<?>> CHILD = new AtomicReference<>();
    static volatile CountDownLatch childStarted = new CountDownLatch(1);
    static volatile CountDownLatch childInterrupted = new CountDownLatch(1);
    static volatile CountDownLatch childReleased = new CountDownLatch(1);
    static volatile CountDownLatch parentEnded = new CountDownLatch(1);

    private void resetFamily() {
        CHILD.set(null);
        childStarted = new CountDownLatch(1);
        childInterrupted = new CountDownLatch(1);
        childReleased = new CountDownLatch(1);
        parentEnded = new CountDownLatch(1);
    }

    @Test
    void shouldCancelTheTasksACancelledTaskSubmittedWhenRecursive() throws Exception {
        // Given: a parent task waiting for a child it submitted
        resetFamily();
        TaskRuntime ray = closeAfterTest(Tasks.driver(startMember(4)));
        ObjectRef<String> parent = ray.task(CancelTest::parent).remote();
        assertThat(childStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // When: cancelled with Ray's defaults (recursive)
        assertThat(ray.cancel(parent)).isTrue();
        // Then: the child is interrupted and its ref fails too
        assertThatThrownBy(() -> ray.get(parent, Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class);
        assertThat(childInterrupted.await(10, TimeUnit.SECONDS)).as("the child was interrupted").isTrue();
        assertThatThrownBy(() -> ray.get(CHILD.get(), Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class)
                .hasMessageContaining("CancelTest::child");
    }

    @Test
    void shouldCancelTheTasksARecursivelyCancelledTaskSubmitsAfterwards() throws Exception {
        // Given: a task that ignores interrupts, cancelled before it submits its child
        resetFamily();
        QUEUED_RAN.set(0);
        TaskRuntime ray = closeAfterTest(Tasks.driver(startMember(4)));
        ObjectRef<Integer> late = ray.task(CancelTest::lateParent).remote();
        assertThat(childStarted.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(ray.cancel(late)).isTrue();
            assertThat(childInterrupted.await(10, TimeUnit.SECONDS)).as("the cancel reached its member").isTrue();
        } finally {
            childReleased.countDown(); // When: it goes on and submits the child
        }
        // Then: the child fails at once and never runs
        assertThat(parentEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> ray.get(CHILD.get(), Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class);
        assertThatThrownBy(() -> ray.get(late, Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class);
        assertThat(ray.get(ray.task(TestFunctions::square, 5).remote(), Duration.ofSeconds(10))).isEqualTo(25);
        assertThat(QUEUED_RAN.get()).isZero();
    }

    /** Ignores the interrupt until released, then submits a child (its ref in CHILD) and waits for it. */
    static Integer lateParent() {
        try {
            childStarted.countDown();
            boolean interrupted = false;
            while (childReleased.getCount() > 0) {
                try {
                    childReleased.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                    childInterrupted.countDown();
                }
            }
            TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
            ObjectRef<Integer> child = ray.task(CancelTest::countRun).remote();
            CHILD.set(child);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return ray.get(child);
        } finally {
            parentEnded.countDown();
        }
    }

    @Test
    void shouldLeaveTheChildrenOfACancelledTaskRunningWhenNotRecursive() throws Exception {
        // Given: a parent task waiting for a child it submitted
        resetFamily();
        TaskRuntime ray = closeAfterTest(Tasks.driver(startMember(4)));
        ObjectRef<String> parent = ray.task(CancelTest::parent).remote();
        assertThat(childStarted.await(10, TimeUnit.SECONDS)).isTrue();
        // When
        assertThat(ray.cancel(parent, false, false)).isTrue();
        // Then: the parent stops, the child runs on to its own result
        assertThatThrownBy(() -> ray.get(parent, Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class);
        assertThat(parentEnded.await(10, TimeUnit.SECONDS)).as("the parent's body ended").isTrue();
        childReleased.countDown();
        assertThat(ray.get(CHILD.get(), Duration.ofSeconds(10))).isEqualTo("released");
        assertThat(childInterrupted.getCount()).as("the child was not interrupted").isEqualTo(1);
    }

    @Test
    void shouldFreeTheSlotsOfAForcedCancelAtOnceEvenIfTheBodyIgnoresTheInterrupt() throws Exception {
        // Given: one CPU slot, held by a body that ignores interrupts
        resetFamily();
        TaskRuntime ray = closeAfterTest(Tasks.driver(startMember(1)));
        ObjectRef<String> stubborn = ray.task(CancelTest::stubborn).remote();
        assertThat(childStarted.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            // When
            assertThat(ray.cancel(stubborn, true, true)).isTrue();
            // Then: its ref fails, and the slot is free while the body still runs
            assertThatThrownBy(() -> ray.get(stubborn, Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class);
            assertThat(ray.get(ray.task(TestFunctions::square, 4).remote(), Duration.ofSeconds(10))).isEqualTo(16);
            assertThat(parentEnded.getCount()).as("the stubborn body still runs").isEqualTo(1);
        } finally {
            childReleased.countDown();
        }
        assertThat(parentEnded.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(childInterrupted.getCount()).as("the stubborn body saw the interrupt").isZero();
    }

    static String parent() throws InterruptedException {
        try {
            TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
            ObjectRef<String> child = ray.task(CancelTest::child).remote();
            CHILD.set(child);
            return ray.get(child);
        } finally {
            parentEnded.countDown();
        }
    }

    static String child() {
        childStarted.countDown();
        try {
            return childReleased.await(60, TimeUnit.SECONDS) ? "released" : "timed out";
        } catch (InterruptedException e) {
            childInterrupted.countDown();
            return "interrupted";
        }
    }

    /** Ignores interrupts until released (noting that it saw one). */
    static String stubborn() {
        childStarted.countDown();
        try {
            while (true) {
                try {
                    if (childReleased.await(60, TimeUnit.SECONDS)) {
                        return "released";
                    }
                } catch (InterruptedException e) {
                    childInterrupted.countDown();
                }
            }
        } finally {
            parentEnded.countDown();
        }
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
