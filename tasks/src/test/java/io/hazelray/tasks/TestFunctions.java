package io.hazelray.tasks;

import java.util.ArrayList;
import java.util.List;
import io.hazelray.core.ObjectRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Remote functions the tests call. State is static: the tests' members share this JVM. */
final class TestFunctions {
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    static final Map<String, AtomicInteger> STARTS = new ConcurrentHashMap<>();
    static final Map<String, String> RAN_ON = new ConcurrentHashMap<>();
    static volatile CountDownLatch release = new CountDownLatch(0);

    private TestFunctions() {
    }

    static void reset() {
        RUNNING.set(0);
        MAX_RUNNING.set(0);
        STARTS.clear();
        RAN_ON.clear();
        release = new CountDownLatch(0);
    }

    static int square(int x) {
        return x * x;
    }

    static String concat(String a, int b, long c, double d, boolean e, char f) {
        return a + b + c + d + e + f;
    }

    static int answer() {
        return 42;
    }

    static int length(byte[] bytes) {
        return bytes.length;
    }

    static byte[] bytes(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static String whereAmI() {
        return TaskContext.current().orElseThrow().memberAddress();
    }

    static int sleepAndReport(int millis) throws InterruptedException {
        int now = RUNNING.incrementAndGet();
        MAX_RUNNING.accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(millis);
        } finally {
            RUNNING.decrementAndGet();
        }
        return millis;
    }

    static int divide(int a, int b) {
        return a / b;
    }

    static int failWithCause(String message) {
        try {
            throw new IllegalStateException("inner " + message);
        } catch (IllegalStateException e) {
            throw new UnsupportedOperationException(message, e);
        }
    }

    /** Fails the first {@code failures} times it runs for {@code key}, then returns the attempt. */
    static int flaky(String key, int failures) {
        int start = STARTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (start <= failures) {
            throw new IllegalStateException("flaky failure " + start);
        }
        return TaskContext.current().orElseThrow().attempt();
    }

    /** Records where it runs, then blocks until the test releases it. */
    static String blockUntilReleased(String key) throws InterruptedException {
        STARTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        RAN_ON.put(key + "#" + STARTS.get(key).get(), TaskContext.current().orElseThrow().memberAddress());
        release.await();
        return TaskContext.current().orElseThrow().memberAddress();
    }

    /**
     * Blocks until the test releases it, ignoring interrupts (as a task that does not check them:
     * its result lands whatever its driver did), then returns {@code size} bytes (a result stored
     * in the grid).
     */
    static byte[] bytesWhenReleased(int size) {
        while (true) {
            try {
                release.await();
                break;
            } catch (InterruptedException ignored) {
                // this task does not stop when told to
            }
        }
        STARTS.computeIfAbsent("bytesWhenReleased", k -> new AtomicInteger()).incrementAndGet();
        return bytes(size);
    }

    /** Submits {@code width} children and sums their results: a parent that waits on nested tasks. */
    static int parent(int width) {
        TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
        List<ObjectRef<Integer>> children = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            children.add(ray.task(TestFunctions::sleepAndReport, 20).remote());
        }
        return ray.get(children).stream().mapToInt(Integer::intValue).sum();
    }

    /** Recursion through tasks: fib(n) = fib(n-1) + fib(n-2), each a task. */
    static int fib(int n) {
        if (n < 2) {
            return n;
        }
        TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
        ObjectRef<Integer> a = ray.task(TestFunctions::fib, n - 1).remote();
        ObjectRef<Integer> b = ray.task(TestFunctions::fib, n - 2).remote();
        return ray.get(a) + ray.get(b);
    }

    static int sumAll(List<ObjectRef<Integer>> refs) {
        TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
        return ray.get(refs).stream().mapToInt(Integer::intValue).sum();
    }

    static String nothing() {
        return null;
    }
}
