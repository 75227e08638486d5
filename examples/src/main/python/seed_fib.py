"""The seed's Fibonacci in plain Python, as the reference `./hazelray bench fib` measures.

The tutorial's fibonacci_local, run once per CPU one after the other ("local"), then once per CPU
in a multiprocessing pool ("remote", Ray's remote tasks without Ray). The pool is started and
warmed (one tiny call per worker) before timing, as the Java benchmark warms both of its paths.
Prints one line per mode: "local SECONDS" and "multiprocessing SECONDS".

usage: python3 seed_fib.py SEQUENCE_SIZE CPUS ROUNDS
"""
import multiprocessing
import sys
import time


def fibonacci_local(sequence_size):
    fibonacci = []
    for i in range(0, sequence_size):
        if i < 2:
            fibonacci.append(i)
            continue
        fibonacci.append(fibonacci[i - 1] + fibonacci[i - 2])
    return sequence_size


def main():
    size, cpus, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    with multiprocessing.Pool(cpus) as pool:
        pool.map(fibonacci_local, [10] * cpus)
        for _ in range(rounds):
            start = time.perf_counter()
            results = [fibonacci_local(size) for _ in range(cpus)]
            print(f"local {time.perf_counter() - start:.4f}", flush=True)
            assert results == [size] * cpus
            start = time.perf_counter()
            results = pool.map(fibonacci_local, [size] * cpus, chunksize=1)
            print(f"multiprocessing {time.perf_counter() - start:.4f}", flush=True)
            assert results == [size] * cpus


if __name__ == '__main__':
    main()
