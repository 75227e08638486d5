package io.hazelray.tasks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.hazelray.core.TaskException;
import io.hazelray.core.ObjectLostException;
import io.hazelray.core.GetTimeoutException;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.WaitResult;
import io.hazelray.core.ObjectRef;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Remote tasks and the object store on one member. */
class RemoteTaskTest extends ClusterTestSupport {
    private TaskRuntime ray;
    private HazelcastInstance member;

    @BeforeEach
    void startMember() {
        TestFunctions.reset();
        member = startMember(2);
        ray = closeAfterTest(Tasks.driver(member));
    }

    @Test
    void shouldRunTasksOfEveryArityAndReturnAtOnce() {
        // When
        ObjectRef<Integer> zero = ray.task(TestFunctions::answer).remote();
        ObjectRef<Integer> one = ray.task(TestFunctions::square, 7).remote();
        ObjectRef<String> six = ray.task(TestFunctions::concat, "a", 1, 2L, 3.5, true, 'z').remote();
        // Then
        assertThat(ray.get(zero)).isEqualTo(42);
        assertThat(ray.get(one)).isEqualTo(49);
        assertThat(ray.get(six)).isEqualTo("a123.5truez");
    }

    @Test
    void shouldReturnGetOfListInInputOrder() {
        // Given: later tasks finish first
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int millis : new int[] {300, 200, 100, 0}) {
            refs.add(ray.task(TestFunctions::sleepAndReport, millis).remote());
        }
        // When
        List<Integer> values = ray.get(refs);
        // Then
        assertThat(values).containsExactly(300, 200, 100, 0);
    }

    @Test
    void shouldReportReadyAndUnreadyInInputOrderFromWait() {
        // Given
        TestFunctions.release = new CountDownLatch(1);
        ObjectRef<String> blocked = ray.task(TestFunctions::blockUntilReleased, "w").remote();
        ObjectRef<Integer> fast1 = ray.task(TestFunctions::square, 2).remote();
        ObjectRef<Integer> fast2 = ray.task(TestFunctions::square, 3).remote();
        List<ObjectRef<Object>> refs = List.of(cast(blocked), cast(fast1), cast(fast2));
        try {
            // When
            WaitResult<Object> two = ray.waitFor(refs, 2, Duration.ofSeconds(10));
            long start = System.nanoTime();
            WaitResult<Object> all = ray.waitFor(refs, 3, Duration.ofMillis(300));
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            // Then
            assertThat(two.ready()).containsExactly(cast(fast1), cast(fast2));
            assertThat(two.unready()).containsExactly(cast(blocked));
            assertThat(all.ready()).containsExactly(cast(fast1), cast(fast2));
            assertThat(waitedMillis).isBetween(250L, 5_000L);
        } finally {
            TestFunctions.release.countDown();
        }
        assertThat(ray.waitFor(refs, 3, Duration.ofSeconds(10)).ready()).containsExactlyElementsOf(refs);
    }

    @Test
    void shouldReturnOnlyNumReturnsReadyEvenWhenMoreAreReady() {
        List<ObjectRef<Integer>> refs = IntStream.range(0, 4).mapToObj(i -> ray.task(TestFunctions::square, i).remote()).toList();
        ray.get(refs);
        WaitResult<Integer> result = ray.waitFor(refs, 1, Duration.ofSeconds(5));
        assertThat(result.ready()).containsExactly(refs.get(0));
        assertThat(result.unready()).containsExactlyElementsOf(refs.subList(1, 4));
    }

    @Test
    void shouldTimeOutGetOfSlowTask() {
        TestFunctions.release = new CountDownLatch(1);
        ObjectRef<String> ref = ray.task(TestFunctions::blockUntilReleased, "t").remote();
        try {
            assertThatThrownBy(() -> ray.get(ref, Duration.ofMillis(200)))
                    .isInstanceOf(GetTimeoutException.class)
                    .hasMessageContaining(ref.id());
        } finally {
            TestFunctions.release.countDown();
        }
        assertThat(ray.get(ref, Duration.ofSeconds(10))).isNotEmpty();
    }

    @Test
    void shouldPutAndGetValuesAndPassRefsAsArguments() {
        // Given
        ObjectRef<byte[]> small = ray.put(TestFunctions.bytes(1024));
        ObjectRef<byte[]> large = ray.put(TestFunctions.bytes(8 << 20));
        // When
        ObjectRef<Integer> smallLength = ray.task(TestFunctions::length, small).remote();
        ObjectRef<Integer> largeLength = ray.task(TestFunctions::length, large).remote();
        // Then
        assertThat(ray.get(small)).isEqualTo(TestFunctions.bytes(1024));
        assertThat(ray.get(smallLength)).isEqualTo(1024);
        assertThat(ray.get(largeLength)).isEqualTo(8 << 20);
    }

    @Test
    void shouldChainTasksThroughRefsOfPendingResults() {
        // Given: a result that is not there yet, small (inline) and large (stored)
        ObjectRef<byte[]> big = ray.task(TestFunctions::bytes, 1 << 20).remote();
        ObjectRef<Integer> sq = ray.task(TestFunctions::square, 12).remote();
        // When
        ObjectRef<Integer> length = ray.task(TestFunctions::length, big).remote();
        ObjectRef<Integer> sqsq = ray.task(TestFunctions::square, sq).remote();
        // Then
        assertThat(ray.get(length)).isEqualTo(1 << 20);
        assertThat(ray.get(sqsq)).isEqualTo(144 * 144);
        assertThat(member.getMap(Tasks.OBJECTS_MAP).containsKey(big.id()))
                .as("a result above the inline limit is in the store").isTrue();
        assertThat(member.getMap(Tasks.OBJECTS_MAP).containsKey(sq.id()))
                .as("a small result comes back inline and is not stored unless shared").isFalse();
    }

    @Test
    void shouldStoreInlineResultWhenTheRefIsSharedInsideAValue() {
        // Given: refs inside a list are shared by serialization, not resolved by the driver
        List<ObjectRef<Integer>> refs = IntStream.range(1, 5).mapToObj(i -> ray.task(TestFunctions::square, i).remote()).toList();
        // When
        ObjectRef<Integer> sum = ray.task(TestFunctions::sumAll, refs).remote();
        // Then
        assertThat(ray.get(sum)).isEqualTo(1 + 4 + 9 + 16);
    }

    @Test
    void shouldReturnNull() {
        assertThat(ray.get(ray.task(TestFunctions::nothing).remote())).isNull();
    }

    @Test
    void shouldCarryRemoteExceptionWithClassMessageMemberAndStackTrace() {
        // When
        ObjectRef<Integer> ref = ray.task(TestFunctions::divide, 1, 0).remote();
        // Then
        assertThatThrownBy(() -> ray.get(ref))
                .isInstanceOfSatisfying(TaskException.class, e -> {
                    assertThat(e.remoteClassName()).isEqualTo("java.lang.ArithmeticException");
                    assertThat(e.remoteMessage()).isEqualTo("/ by zero");
                    assertThat(e.member()).isEqualTo(ray.localAddress());
                    assertThat(e.taskName()).isEqualTo("TestFunctions::divide");
                    assertThat(e.getMessage()).contains("TestFunctions::divide", ray.localAddress(), "/ by zero");
                    assertThat(e.remoteStackTrace()).contains("TestFunctions.divide");
                });
    }

    @Test
    void shouldCarryTheRemoteCauseChain() {
        ObjectRef<Integer> ref = ray.task(TestFunctions::failWithCause, "outer").remote();
        assertThatThrownBy(() -> ray.get(ref))
                .isInstanceOf(TaskException.class)
                .hasRootCauseMessage("java.lang.IllegalStateException: inner outer")
                .satisfies(e -> assertThat(((TaskException) e).remoteStackTrace())
                        .contains("UnsupportedOperationException: outer", "Caused by", "inner outer"));
    }

    @Test
    void shouldNameTheArgumentWhoseTaskFailed() {
        // Given
        ObjectRef<Integer> failed = ray.task(TestFunctions::divide, 1, 0).remote();
        // When
        ObjectRef<Integer> dependent = ray.task(TestFunctions::divide, 10, failed).remote();
        // Then
        assertThatThrownBy(() -> ray.get(dependent))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("argument 1 of 'TestFunctions::divide'")
                .hasMessageContaining("/ by zero");
    }

    @Test
    void shouldRetryOnListedExceptionsOnly() {
        ObjectRef<Integer> retried = ray.task(TestFunctions::flaky, "a", 2).withRetryExceptions(IllegalStateException.class).remote();
        ObjectRef<Integer> notRetried = ray.task(TestFunctions::flaky, "b", 1).remote();
        ObjectRef<Integer> exhausted = ray.task(TestFunctions::flaky, "c", 5).withMaxRetries(2).withRetryExceptions(true).remote();
        assertThat(ray.get(retried)).as("succeeds on the third attempt").isEqualTo(2);
        assertThatThrownBy(() -> ray.get(notRetried)).hasMessageContaining("flaky failure 1");
        assertThatThrownBy(() -> ray.get(exhausted)).hasMessageContaining("flaky failure 3");
        assertThat(TestFunctions.STARTS.get("c")).hasValue(3);
    }

    @Test
    void shouldNeverRunMoreTasksThanSlotsAndCountMultiCpuTasksTwice() {
        // Given: 2 slots
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            refs.add(ray.task(TestFunctions::sleepAndReport, 50).remote());
        }
        ray.get(refs);
        assertThat(TestFunctions.MAX_RUNNING.get()).isEqualTo(2);
        // When: tasks that take both slots
        TestFunctions.reset();
        List<ObjectRef<Integer>> wide = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            wide.add(ray.task(TestFunctions::sleepAndReport, 50).withCpus(2).remote());
        }
        ray.get(wide);
        // Then
        assertThat(TestFunctions.MAX_RUNNING.get()).isEqualTo(1);
    }

    @Test
    void shouldFailTaskThatNeedsMoreCpusThanTheMemberHas() {
        ObjectRef<Integer> ref = ray.task(TestFunctions::square, 2).withCpus(3).remote();
        assertThatThrownBy(() -> ray.get(ref)).hasMessageContaining("no member has 3 CPU slots (most: 2)");
    }

    @Test
    void shouldRunNestedTasksWhenEveryParentHoldsASlot() {
        // Given: more waiting parents than slots
        List<ObjectRef<Integer>> parents = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parents.add(ray.task(TestFunctions::parent, 3).remote());
        }
        // Then
        assertThat(ray.get(parents)).containsOnly(60);
        assertThat(ray.get(ray.task(TestFunctions::fib, 12).remote())).as("465 nested tasks, 12 deep").isEqualTo(144);
        assertThat(TestFunctions.MAX_RUNNING.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void shouldFreeObjectsAtOnce() {
        // Given
        ObjectRef<String> stored = ray.put("72503014732");
        ObjectRef<Integer> inline = ray.task(TestFunctions::square, 3).remote();
        ray.get(inline);
        // When
        ray.free(List.of(stored, inline));
        // Then
        assertThat(member.getMap(Tasks.OBJECTS_MAP).containsKey(stored.id())).isFalse();
        assertThatThrownBy(() -> ray.get(stored)).isInstanceOf(ObjectLostException.class).hasMessageContaining(stored.id());
        assertThatThrownBy(() -> ray.get(inline)).isInstanceOf(ObjectLostException.class).hasMessageContaining("freed");
    }

    @Test
    void shouldRejectNonSerializableArgumentAtRemote() {
        Object notSerializable = new Object();
        assertThatThrownBy(() -> ray.task(RemoteTaskTest::identity, notSerializable).remote())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 0 of 'RemoteTaskTest::identity'")
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void shouldRejectNonSerializablePutAndKeepWhatIsStored() {
        // Given
        ObjectRef<String> kept = ray.put("72503014732");
        // When
        assertThatThrownBy(() -> ray.put(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("put: a java.lang.Object is not serializable");
        // Then: the grid keeps working and nothing stored is lost
        assertThat(ray.get(kept)).isEqualTo("72503014732");
        assertThat(ray.get(ray.task(TestFunctions::square, 5).remote())).isEqualTo(25);
    }

    @Test
    void shouldRejectNonSerializableCapturedValueAtRemote() {
        Thread captured = Thread.currentThread();
        assertThatThrownBy(() -> ray.task(() -> captured.getName()).remote())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("captures a java.lang.Thread")
                .hasMessageContaining("fn (RemoteTaskTest::lambda$");
    }

    @Test
    void shouldRejectNullFunction() {
        assertThatThrownBy(() -> ray.task((TaskFunc1<Integer, Integer>) null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("fn");
    }

    @Test
    void shouldRejectGetFromARuntimeThatWasShutDown() {
        // Given
        ObjectRef<String> ref = ray.put("x");
        // When
        ray.close();
        // Then
        assertThatThrownBy(() -> ray.get(ref)).isInstanceOf(HazelrayException.class).hasMessageContaining("shut down");
        assertThatThrownBy(() -> ray.put("y")).isInstanceOf(HazelrayException.class).hasMessageContaining("driver was closed");
    }

    @Test
    void shouldDrainManyTasksWithRaysWaitLoop() {
        // Given
        List<ObjectRef<Integer>> pending = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            pending.add(ray.task(TestFunctions::square, i).remote());
        }
        // When: Ray's usual loop, one ready ref at a time
        long sum = 0;
        while (!pending.isEmpty()) {
            WaitResult<Integer> result = ray.waitFor(pending, 1, Duration.ofSeconds(30));
            assertThat(result.ready()).hasSize(1);
            sum += ray.get(result.ready().get(0));
            pending = result.unready();
        }
        // Then
        assertThat(sum).isEqualTo(IntStream.range(0, 3_000).mapToLong(i -> (long) i * i).sum());
    }

    @Test
    void shouldReleaseAGetWaitingWhenItsRuntimeShutsDown() throws Exception {
        // Given: a get waiting for a task that will not finish before shutdown
        TestFunctions.release = new CountDownLatch(1);
        TaskRuntime driver = Tasks.driver(member);
        ObjectRef<String> ref = driver.task(TestFunctions::blockUntilReleased, "s").remote();
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                driver.get(ref);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        try {
            Thread.sleep(200);
            // When
            driver.close();
            // Then
            assertThat(waiter.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(HazelrayException.class).hasMessageContaining("shut down");
        } finally {
            TestFunctions.release.countDown();
        }
    }

    @Test
    void shouldDeleteAResultThatLandsAfterItsDriverShutDown() throws Exception {
        // Given: a large (stored) result still being computed when its driver shuts down
        TestFunctions.release = new CountDownLatch(1);
        TaskRuntime driver = Tasks.driver(member);
        ObjectRef<byte[]> ref = driver.task(TestFunctions::bytesWhenReleased, 1 << 20).remote();
        Thread.sleep(200);
        driver.close();
        // When: the member finishes and writes the result
        TestFunctions.release.countDown();
        // Then: it does not stay in the store
        var objects = member.getMap(Tasks.OBJECTS_MAP);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!TestFunctions.STARTS.containsKey("bytesWhenReleased") || objects.containsKey(ref.id())) {
            assertThat(System.currentTimeMillis()).as("the late result is deleted").isLessThan(deadline);
            Thread.sleep(5);
        }
        Thread.sleep(300); // a store that lands later still would show up here
        assertThat(objects.containsKey(ref.id())).isFalse();
        assertThat(objects.size()).isZero();
    }

    @Test
    void shouldPassANullResultOfAnotherDriverAsNull() {
        // Given: a null result of one driver, used as an argument by another
        TaskRuntime other = closeAfterTest(Tasks.driver(member));
        ObjectRef<String> nothing = other.task(TestFunctions::nothing).remote();
        other.get(nothing);
        // When
        ObjectRef<Boolean> isNull = ray.task(RemoteTaskTest::isNull, nothing).remote();
        // Then
        assertThat(ray.get(isNull)).isTrue();
    }

    static boolean isNull(String s) {
        return s == null;
    }

    static Object identity(Object o) {
        return o;
    }

    @SuppressWarnings("unchecked")
    private static ObjectRef<Object> cast(ObjectRef<?> ref) {
        return (ObjectRef<Object>) ref;
    }
}
