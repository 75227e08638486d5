package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.ObjectLostException;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Async refs: {@code ref.future()} and {@code runtime.future(ref)}, as Ray Java's ObjectRef future and Python's await. */
class AsyncRefTest extends ClusterTestSupport {

    @Test
    void shouldCompleteWithInlineStoredAndFailedResults() throws Exception {
        HazelcastInstance member = startMember(2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        assertThat(ray.task(TestFunctions::square, 7).remote().future().get(10, TimeUnit.SECONDS)).isEqualTo(49);
        assertThat(ray.task(TestFunctions::bytes, 300_000).remote().future().get(10, TimeUnit.SECONDS)).hasSize(300_000);
        CompletableFuture<Integer> failed = ray.task(TestFunctions::divide, 1, 0).remote().future();
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TaskException.class).hasMessageContaining("ArithmeticException");
        ObjectRef<String> freed = ray.put("gone");
        ray.free(List.of(freed));
        assertThatThrownBy(() -> freed.future().get(10, TimeUnit.SECONDS)).cause().isInstanceOf(ObjectLostException.class);
    }

    @Test
    void shouldCompleteThousandsOfFuturesWithoutAThreadEach() throws Exception {
        HazelcastInstance member = startMember(2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        int threadsBefore = Thread.activeCount();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            futures.add(ray.task(TestFunctions::square, i).remote().future());
        }
        int threadsWhileWaiting = Thread.activeCount();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).join()).isEqualTo(i * i);
        }
        assertThat(threadsWhileWaiting - threadsBefore).as("threads added while 2,000 futures wait").isLessThan(20);
    }

    @Test
    void shouldCompleteAnotherDriversPendingRefOnceItIsComputed() throws Exception {
        // Given: a result still being computed by driver A, its ref shared with driver B
        TestFunctions.release = new CountDownLatch(1);
        HazelcastInstance member = startMember(2);
        TaskRuntime a = closeAfterTest(Tasks.driver(member));
        TaskRuntime b = closeAfterTest(Tasks.driver(member));
        ObjectRef<String> slow = a.task(TestFunctions::blockUntilReleased, "async").remote();
        @SuppressWarnings("unchecked")
        ObjectRef<String> received = (ObjectRef<String>) roundTrip(slow); // as another process would receive it
        // When
        CompletableFuture<String> future = b.future(received);
        Thread.sleep(100);
        assertThat(future).isNotDone();
        TestFunctions.release.countDown();
        // Then
        assertThat(future.get(10, TimeUnit.SECONDS)).startsWith("127.0.0.1:");
        assertThatThrownBy(received::future).isInstanceOf(IllegalStateException.class).hasMessageContaining("ray.future(ref)");
    }

    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
