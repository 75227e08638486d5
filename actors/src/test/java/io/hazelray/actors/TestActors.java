package io.hazelray.actors;

import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.TaskContext;
import io.hazelray.tasks.TaskRuntime;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Actors the tests create. Static state is shared: the tests' members run in this JVM. */
final class TestActors {
    static final AtomicInteger RUNNING = new AtomicInteger();
    static final AtomicInteger MAX_RUNNING = new AtomicInteger();
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static volatile CountDownLatch started = new CountDownLatch(0);
    /** Opened by {@code Recorder.hold} once it runs; it returns once the test opens {@code released}. */
    static volatile CountDownLatch holding = new CountDownLatch(1);
    static volatile CountDownLatch released = new CountDownLatch(1);

    private TestActors() {
    }

    static void reset() {
        RUNNING.set(0);
        MAX_RUNNING.set(0);
        CALLS.clear();
        started = new CountDownLatch(0);
        holding = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    /** Ray's tutorial counter. */
    public static final class Counter implements Serializable {
        private int value;
        private final List<String> log = new ArrayList<>();

        public Counter(int start) {
            value = start;
        }

        public int increment() {
            return ++value;
        }

        public int add(int n) {
            value += n;
            return value;
        }

        public int addAll(int a, int b, int c, int d, int e, int f) {
            value += a + b + c + d + e + f;
            return value;
        }

        public void reset() {
            value = 0;
        }

        @ReadOnly
        public int value() {
            return value;
        }

        public int valueUnmarked() {
            return value;
        }

        @ReadOnly
        public List<String> log() {
            return List.copyOf(log);
        }

        /** Changes the state, then throws: the change must be discarded. */
        public int addThenFail(int n) {
            value += n;
            log.add("added " + n);
            throw new IllegalStateException("failed after adding " + n);
        }

        public String whereAmI() {
            return TaskContext.current().orElseThrow().memberAddress();
        }

        public byte[] bytes(int size) {
            return new byte[size];
        }
    }

    /** Built from six arguments. */
    public static final class Described implements Serializable {
        private final String description;

        public Described(String a, int b, long c, double d, boolean e, char f) {
            description = a + b + c + d + e + f;
        }

        @ReadOnly
        public String describe() {
            return description;
        }
    }

    /** Remembers the numbers it was given, in order; {@code hold} runs until {@link #released} opens. */
    public static final class Recorder implements Serializable {
        private final List<Integer> seen = new ArrayList<>();

        public int hold() throws InterruptedException {
            holding.countDown();
            released.await(60, TimeUnit.SECONDS);
            return seen.size();
        }

        public int append(int n) {
            seen.add(n);
            return seen.size();
        }

        @ReadOnly
        public List<Integer> seen() {
            return new ArrayList<>(seen);
        }
    }

    /** A constructor that throws. */
    public static final class Broken implements Serializable {
        public Broken(String why) {
            throw new IllegalArgumentException("cannot build: " + why);
        }

        public int anything() {
            return 1;
        }
    }

    /** Methods that take time, counting how many run at once. */
    public static final class Sleeper implements Serializable {
        public long sleep(int millis) throws InterruptedException {
            int now = RUNNING.incrementAndGet();
            MAX_RUNNING.accumulateAndGet(now, Math::max);
            started.countDown();
            try {
                Thread.sleep(millis);
            } finally {
                RUNNING.decrementAndGet();
            }
            return millis;
        }

        public int quick() {
            return 7;
        }
    }

    /** Holds another actor's handle in its state and calls it. */
    public static final class Forwarder implements Serializable {
        private final ActorHandle<Counter> target;
        private int count;

        /** Counts; when {@code forward}, also adds {@code n} to the target and waits for it. */
        public int maybeForward(boolean forward, int n) {
            count++;
            if (forward) {
                TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
                ray.get(target.task(Counter::add, n).remote());
            }
            return count;
        }

        public Forwarder(ActorHandle<Counter> target) {
            this.target = target;
        }

        public int forward(int n) {
            TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
            return ray.get(target.task(Counter::add, n).remote());
        }

        public int callGiven(ActorHandle<Counter> other, int n) {
            TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
            return ray.get(other.task(Counter::add, n).remote());
        }
    }

    /** Task bodies. */
    static int addThroughHandle(ActorHandle<Counter> counter, int n) {
        TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
        return ray.get(counter.task(Counter::add, n).remote());
    }

    static ActorHandle<Counter> createInTask(int start) {
        TaskRuntime ray = TaskContext.current().orElseThrow().runtime();
        return Actors.runtime(ray).actor(Counter::new, start).remote();
    }

    /** A task that takes a while, then answers 7. */
    static int slowSeven() throws InterruptedException {
        Thread.sleep(300);
        return 7;
    }

    /** Serializable, but a field may hold a thread, which is not: its state then cannot be stored. */
    public static final class ThreadHolder implements Serializable {
        private Object held;

        public ThreadHolder(boolean holdAtOnce) {
            held = holdAtOnce ? new Thread(() -> { }) : null;
        }

        public String hold() {
            held = new Thread(() -> { });
            return "holding";
        }

        public boolean holds() {
            return held != null;
        }
    }

    /** A would-be actor that forgot {@code Serializable}. */
    public static final class PlainBox {
        private int value;

        public int add(int n) {
            value += n;
            return value;
        }
    }

    /**
     * A linked list: Java serialization recurses once per node, so a long one overflows the
     * stack while the state is being serialized (a {@link StackOverflowError}, not an exception).
     */
    public static final class Chain implements Serializable {
        private Link head;
        private int size;

        public int grow(int links) {
            for (int i = 0; i < links; i++) {
                head = new Link(head);
            }
            size += links;
            return size;
        }

        @ReadOnly
        public int size() {
            int n = 0;
            for (Link l = head; l != null; l = l.next) {
                n++;
            }
            return n;
        }
    }

    record Link(Link next) implements Serializable {
    }

    /** Takes anything, e.g. something that cannot be serialized (fails at remote()). */
    public static final class Unserializable {
        public static int echo(Forwarder f, Object anything) {
            return 0;
        }
    }

    static int square(int x) {
        return x * x;
    }

    static <T> ObjectRef<T> same(ObjectRef<T> ref) {
        return ref;
    }
}
