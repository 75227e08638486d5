package io.hazelray.examples.fibonacci;

import io.hazelray.Hazelray;
import io.hazelray.core.ObjectRef;

import java.io.PrintStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first example of Ray's tutorial, kept faithful: build a list of the first
 * {@code sequenceSize} Fibonacci numbers (as the seed, a growing list of big integers) and return
 * its size, once per CPU, locally and then as remote tasks.
 *
 * <pre>{@code
 * def fibonacci_local(sequence_size):          // the seed, in Python
 *     fibonacci = []
 *     for i in range(0, sequence_size):
 *         if i < 2:
 *             fibonacci.append(i)
 *             continue
 *         fibonacci.append(fibonacci[i-1]+fibonacci[i-2])
 *     return sequence_size
 * }</pre>
 */
public final class Fibonacci {
    private Fibonacci() {
    }

    /** {@code fibonacci_local}. */
    public static int local(int sequenceSize) {
        List<BigInteger> fibonacci = new ArrayList<>();
        for (int i = 0; i < sequenceSize; i++) {
            if (i < 2) {
                fibonacci.add(BigInteger.valueOf(i));
                continue;
            }
            fibonacci.add(fibonacci.get(i - 1).add(fibonacci.get(i - 2)));
        }
        return sequenceSize;
    }

    /** {@code fibonacci_distributed}: the same body, called as a remote task. */
    public static int distributed(int sequenceSize) {
        return local(sequenceSize);
    }

    /** {@code run_local}: one sequence per CPU, one after the other; returns the seconds taken. */
    public static double runLocal(int sequenceSize, int cpus, PrintStream out) {
        long start = System.nanoTime();
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            results.add(local(sequenceSize));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        check(results, sequenceSize, cpus);
        out.printf(Locale.ROOT, "Sequence size: %d, Local execution time: %.2f%n", sequenceSize, seconds);
        return seconds;
    }

    /** {@code run_remote}: one remote task per CPU, all in flight at once; returns the seconds taken. */
    public static double runRemote(Hazelray ray, int sequenceSize, int cpus, PrintStream out) {
        long start = System.nanoTime();
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int i = 0; i < cpus; i++) {
            refs.add(ray.task(Fibonacci::distributed, sequenceSize).remote());
        }
        List<Integer> results = ray.get(refs);
        double seconds = (System.nanoTime() - start) / 1e9;
        check(results, sequenceSize, cpus);
        out.printf(Locale.ROOT, "Sequence size: %d, Remote execution time: %.2f%n", sequenceSize, seconds);
        return seconds;
    }

    private static void check(List<Integer> results, int sequenceSize, int cpus) {
        if (results.size() != cpus || results.stream().anyMatch(r -> r != sequenceSize)) {
            throw new IllegalStateException("expected " + cpus + " results of " + sequenceSize + ", got " + results);
        }
    }
}
