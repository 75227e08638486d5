package io.hazelray.bench.ignite;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.lang.IgniteFuture;
import org.apache.ignite.logger.NullLogger;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import javax.cache.processor.MutableEntry;

/**
 * The Apache Ignite baseline of {@code ./hazelray bench tasks} and {@code bench actors}: one Ignite
 * 2.17 server node in this JVM, alone on loopback (its own discovery and communication ports, no
 * multicast, no thin-client or REST port, no update check), running the same workloads as the
 * Hazelray figures: a no-op {@code IgniteCompute.call} one at a time and pipelined
 * ({@code callAsync}), and an increment entry processor ({@code IgniteCache.invoke}) one at a time
 * and pipelined ({@code invokeAsync}) on one key and spread over many.
 *
 * <p>The bench command starts this jar in a JVM of its own ({@code java -jar
 * hazelray-ignite-bench.jar}, the Ignite opens in its manifest) and reads one line per figure from
 * its standard output: {@code result<TAB>name<TAB>median<TAB>min<TAB>max} in operations per
 * second over the rounds. The node is stopped before the JVM exits.
 *
 * <pre>
 * java -jar benchmarks-ignite/target/hazelray-ignite-bench.jar --sync 20000 --pipelined 100000 --rounds 3 --workloads compute
 * </pre>
 */
public final class IgniteBaseline {
    private IgniteBaseline() {
    }

    /** The no-op task. */
    static final class Noop implements IgniteCallable<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer call() {
            return 1;
        }
    }

    /** The raw increment, as {@code bench actors}' Hazelcast entry processor. */
    static final class Increment implements CacheEntryProcessor<String, Integer, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer process(MutableEntry<String, Integer> entry, Object... arguments) {
            Integer v = entry.getValue();
            int next = v == null ? 1 : v + 1;
            entry.setValue(next);
            return next;
        }
    }

    public static void main(String[] args) throws Exception {
        String workloads = "compute,invoke";
        List<String> rest = new ArrayList<>(List.of(args));
        int w = rest.indexOf("--workloads");
        if (w >= 0 && w + 1 < rest.size()) {
            workloads = rest.remove(w + 1);
            rest.remove(w);
        }
        Map<String, Integer> options = parse(rest.toArray(String[]::new));
        int sync = options.get("--sync");
        int pipelined = options.get("--pipelined");
        int keys = options.get("--keys");
        int rounds = options.get("--rounds");
        System.setProperty("IGNITE_QUIET", "true");
        System.setProperty("IGNITE_UPDATE_NOTIFIER", "false");
        System.setProperty("IGNITE_NO_ASCII", "true");
        System.setProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true");
        Path work = Files.createTempDirectory("hazelray-ignite-bench");
        String name = "hazelray-bench-" + ProcessHandle.current().pid();
        try (Ignite ignite = Ignition.start(configuration(name, work))) {
            System.out.println("context\tignite\t" + ignite.version());
            if (workloads.contains("compute")) {
                IgniteCompute compute = ignite.compute();
                Noop noop = new Noop();
                // Warm-up: JIT, thread pools
                computeSync(compute, noop, Math.min(sync, 2_000));
                computePipelined(compute, noop, Math.min(pipelined, 10_000));
                report("ignite compute call, sync", rounds, n -> computeSync(compute, noop, n), sync);
                report("ignite compute callAsync, pipelined", rounds, n -> computePipelined(compute, noop, n), pipelined);
            }
            if (workloads.contains("invoke")) {
                IgniteCache<String, Integer> cache = ignite.getOrCreateCache(new CacheConfiguration<String, Integer>("bench.invoke")
                        .setAtomicityMode(CacheAtomicityMode.ATOMIC).setBackups(0));
                List<String> keyList = new ArrayList<>();
                for (int i = 0; i < keys; i++) {
                    keyList.add("k" + i);
                }
                Increment increment = new Increment();
                invokeSync(cache, increment, Math.min(sync, 5_000));
                invokePipelined(cache, increment, keyList, Math.min(pipelined, 20_000));
                report("ignite invoke, sync", rounds, n -> invokeSync(cache, increment, n), sync);
                report("ignite invokeAsync, pipelined, 1 key", rounds,
                        n -> invokePipelined(cache, increment, keyList.subList(0, 1), n), pipelined);
                report("ignite invokeAsync, pipelined, " + keys + " keys", rounds,
                        n -> invokePipelined(cache, increment, keyList, n), pipelined);
            }
        } finally {
            deleteTree(work);
        }
        System.out.flush();
        System.exit(0); // nothing of Ignite's may keep this JVM alive
    }

    private static IgniteConfiguration configuration(String name, Path work) {
        int discoveryPort = freePort();
        int communicationPort = freePort();
        TcpDiscoverySpi discovery = new TcpDiscoverySpi().setLocalAddress("127.0.0.1").setLocalPort(discoveryPort)
                .setLocalPortRange(0)
                .setIpFinder(new TcpDiscoveryVmIpFinder().setAddresses(List.of("127.0.0.1:" + discoveryPort)));
        TcpCommunicationSpi communication = new TcpCommunicationSpi();
        communication.setLocalAddress("127.0.0.1");
        communication.setLocalPort(communicationPort);
        communication.setLocalPortRange(0);
        DataStorageConfiguration storage = new DataStorageConfiguration().setDefaultDataRegionConfiguration(
                new DataRegionConfiguration().setInitialSize(64L << 20).setMaxSize(256L << 20));
        return new IgniteConfiguration()
                .setIgniteInstanceName(name)
                .setConsistentId(name)
                .setGridLogger(new NullLogger())
                .setLocalHost("127.0.0.1")
                .setDiscoverySpi(discovery)
                .setCommunicationSpi(communication)
                .setPeerClassLoadingEnabled(false)
                .setMetricsLogFrequency(0)
                .setClientConnectorConfiguration(null)
                .setConnectorConfiguration(null)
                .setWorkDirectory(work.toString())
                .setDataStorageConfiguration(storage);
    }

    private static void report(String name, int rounds, IntToDoubleFunction seconds, int n) {
        double[] rates = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            rates[r] = n / seconds.applyAsDouble(n);
        }
        Arrays.sort(rates);
        double median = rounds % 2 == 1 ? rates[rounds / 2] : (rates[rounds / 2 - 1] + rates[rounds / 2]) / 2;
        System.out.printf(Locale.ROOT, "result\t%s\t%.1f\t%.1f\t%.1f%n", name, median, rates[0], rates[rounds - 1]);
    }

    private static double computeSync(IgniteCompute compute, Noop noop, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            compute.call(noop);
        }
        return seconds(start);
    }

    private static double computePipelined(IgniteCompute compute, Noop noop, int n) {
        long start = System.nanoTime();
        List<IgniteFuture<Integer>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(compute.callAsync(noop));
        }
        for (IgniteFuture<Integer> f : futures) {
            f.get();
        }
        return seconds(start);
    }

    private static double invokeSync(IgniteCache<String, Integer> cache, Increment increment, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            cache.invoke("k0", increment);
        }
        return seconds(start);
    }

    private static double invokePipelined(IgniteCache<String, Integer> cache, Increment increment, List<String> keys, int n) {
        long start = System.nanoTime();
        List<IgniteFuture<Integer>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(cache.invokeAsync(keys.get(i % keys.size()), increment));
        }
        for (IgniteFuture<Integer> f : futures) {
            f.get();
        }
        return seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static Map<String, Integer> parse(String[] args) {
        Map<String, Integer> options = new HashMap<>(Map.of("--sync", 20_000, "--pipelined", 100_000, "--keys", 64, "--rounds", 3));
        for (int i = 0; i < args.length; i++) {
            if (!options.containsKey(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i]
                        + " (options: --sync N --pipelined N --keys N --rounds N --workloads compute,invoke)");
            }
            int value = Integer.parseInt(args[++i]);
            if (value < 1) {
                throw new IllegalArgumentException(args[i - 1] + " must be at least 1, got " + value);
            }
            options.put(args[i - 1], value);
        }
        return options;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
