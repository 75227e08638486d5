package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.GetTimeoutException;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskCancelledException;
import io.hazelray.core.TaskException;
import io.hazelray.tasks.spi.GridServices;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local fast path (a task for the driver's own member handed to the executor's pool as it is)
 * against the executor's operation ({@link Tasks#LOCAL_FAST_PATH}{@code =false}): the same answers,
 * order, failures, retries, CPU slots and cancellation, and no ref left waiting when the member
 * shuts down under queued tasks.
 */
class LocalFastPathTest extends ClusterTestSupport {

    private HazelcastInstance member(int cpus, boolean fast) {
        TestFunctions.reset();
        return startMember(cpus, config -> config.setProperty(Tasks.LOCAL_FAST_PATH, Boolean.toString(fast)));
    }

    /** Tasks the member's executor service ran as operations: none on the fast path. */
    private static long executorOperations(HazelcastInstance member) {
        return member.getExecutorService(Tasks.EXECUTOR).getLocalExecutorStats().getStartedTaskCount();
    }

    @ParameterizedTest(name = "fast path {0}")
    @ValueSource(booleans = {true, false})
    void shouldAnswerFailRetryAndCountSlotsAlikeOnBothPaths(boolean fast) {
        HazelcastInstance member = member(2, fast);
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        // results in input order, later tasks finishing first
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int millis : new int[] {150, 100, 50, 0}) {
            refs.add(ray.task(TestFunctions::sleepAndReport, millis).remote());
        }
        assertThat(ray.get(refs)).containsExactly(150, 100, 50, 0);
        // a failure names the function, the member and the cause
        ObjectRef<Integer> failed = ray.task(TestFunctions::divide, 1, 0).remote();
        assertThatThrownBy(() -> ray.get(failed)).isInstanceOf(TaskException.class)
                .hasMessageContaining("TestFunctions::divide").hasMessageContaining("/ by zero")
                .hasMessageContaining(member.getCluster().getLocalMember().getAddress().getPort() + "");
        // retries: listed exceptions only, up to maxRetries
        ObjectRef<Integer> retried = ray.task(TestFunctions::flaky, "a", 2).withRetryExceptions(IllegalStateException.class).remote();
        ObjectRef<Integer> exhausted = ray.task(TestFunctions::flaky, "c", 5).withMaxRetries(1).withRetryExceptions(true).remote();
        assertThat(ray.get(retried)).as("the attempt it succeeded on").isEqualTo(2);
        assertThatThrownBy(() -> ray.get(exhausted)).hasMessageContaining("flaky failure 2");
        assertThat(TestFunctions.STARTS.get("c")).hasValue(2);
        // CPU slots: never more tasks running than slots; a 2-slot task runs alone
        TestFunctions.reset();
        List<ObjectRef<Integer>> many = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            many.add(ray.task(TestFunctions::sleepAndReport, 30).remote());
        }
        ray.get(many);
        assertThat(TestFunctions.MAX_RUNNING.get()).isEqualTo(2);
        TestFunctions.reset();
        List<ObjectRef<Integer>> wide = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            wide.add(ray.task(TestFunctions::sleepAndReport, 30).withCpus(2).remote());
        }
        ray.get(wide);
        assertThat(TestFunctions.MAX_RUNNING.get()).isEqualTo(1);
        // which path it took
        if (fast) {
            assertThat(executorOperations(member)).as("no executor operation on the fast path").isZero();
        } else {
            assertThat(executorOperations(member)).isGreaterThanOrEqualTo(18);
        }
    }

    @ParameterizedTest(name = "fast path {0}")
    @ValueSource(booleans = {true, false})
    void shouldNeverRunACancelledQueuedTask(boolean fast) throws Exception {
        // Given: the one slot held, a task queued behind it
        HazelcastInstance member = member(1, fast);
        TestFunctions.release = new CountDownLatch(1);
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        ObjectRef<String> holder = ray.task(TestFunctions::blockUntilReleased, "holder").remote();
        awaitStarted("holder");
        ObjectRef<Integer> queued = ray.task(TestFunctions::flaky, "queued", 0).remote();
        // When
        assertThat(ray.cancel(queued)).isTrue();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!GridServices.of(member).isCancelled(queued.id())) { // the member's cancellation is asynchronous
            assertThat(System.nanoTime()).as("the member learnt of the cancellation").isLessThan(deadline);
            Thread.sleep(5);
        }
        TestFunctions.release.countDown();
        // Then
        assertThatThrownBy(() -> ray.get(queued, Duration.ofSeconds(5))).isInstanceOf(TaskCancelledException.class);
        assertThat(ray.get(holder, Duration.ofSeconds(10))).isNotEmpty();
        assertThat(ray.get(ray.task(TestFunctions::square, 4).remote(), Duration.ofSeconds(10))).isEqualTo(16);
        assertThat(TestFunctions.STARTS.get("queued")).as("the cancelled task never ran").isNull();
    }

    @ParameterizedTest(name = "fast path {0}")
    @ValueSource(booleans = {true, false})
    void shouldFailTheTasksQueuedOnAMemberThatShutsDown(boolean fast) throws Exception {
        // Given: the one slot held, tasks queued behind it, a driver that is not closed first
        HazelcastInstance member = member(1, fast);
        TestFunctions.release = new CountDownLatch(1);
        TaskRuntime ray = Tasks.driver(member);
        ray.task(TestFunctions::blockUntilReleased, "holder").remote();
        awaitStarted("holder");
        List<ObjectRef<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(ray.task(TestFunctions::square, i).remote());
        }
        // When
        Thread shutdown = new Thread(member::shutdown);
        shutdown.start();
        try {
            // Then: every queued ref fails (it may also have run and answered before the pools stopped)
            for (ObjectRef<Integer> ref : queued) {
                try {
                    assertThat(ray.get(ref, Duration.ofSeconds(30))).isNotNull();
                } catch (RuntimeException e) { // a failure; read after the shutdown, it may not even be decoded
                    assertThat(e).isNotInstanceOf(GetTimeoutException.class);
                }
            }
        } finally {
            TestFunctions.release.countDown();
            shutdown.join(60_000);
        }
    }

    private static void awaitStarted(String key) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (TestFunctions.STARTS.get(key) == null) {
            assertThat(System.nanoTime()).as(key + " started").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
