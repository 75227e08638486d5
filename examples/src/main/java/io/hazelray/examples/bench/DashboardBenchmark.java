package io.hazelray.examples.bench;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.core.ObjectRef;
import io.hazelray.dashboard.Dashboard;
import io.hazelray.dashboard.DashboardOptions;
import io.hazelray.runtime.Members;
import io.hazelray.tasks.TaskHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./hazelray bench dashboard}: what the dashboard costs and how fast it answers under load.
 * <ol>
 *   <li>The bookkeeping's cost on the task path: 100,000 pipelined tasks on a member with the task
 *       history on (the default, 10,000 kept) and on one with it off, in alternating rounds, so
 *       both see the same machine; the ratio is compared with each mode's own run-to-run spread.</li>
 *   <li>The API under load: while 100,000 tasks of 0.1 ms are submitted and run, a client asks what the page
 *       asks (cluster, task pages, actors, objects, jobs, errors) as fast as it can, and the
 *       latencies' p50/p99/max are reported, with the time of one whole page refresh (its
 *       requests in parallel, as the page sends them).</li>
 * </ol>
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "The dashboard's bookkeeping cost on tasks (history on vs off) and its API latency under 100,000 tasks.")
public final class DashboardBenchmark implements Callable<Integer> {
    private static final List<String> PAGE = List.of("/api/cluster", "/api/tasks?state=all&page=1&size=25", "/api/actors",
            "/api/objects", "/api/jobs", "/api/errors");
    private static final List<String> API = List.of("/api/cluster", "/api/tasks?page=1&size=50",
            "/api/tasks?state=finished&page=100&size=50", "/api/tasks?state=running", "/api/actors", "/api/objects",
            "/api/jobs", "/api/errors");

    @Mixin
    ReportOutput output;

    @Option(names = "--tasks", paramLabel = "N", defaultValue = "100000", description = "Tasks per run (default: ${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5", description = "Rounds per mode (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots of each member (default: the machine's cores).")
    Integer cpus;

    @Override
    public Integer call() throws Exception {
        int slots = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        BenchReport report = new BenchReport("dashboard").context("cpuSlots", slots).context("tasks", tasks)
                .context("rounds", rounds);
        PrintStream out = System.out;
        HazelrayOptions options = HazelrayOptions.builder().cpus(slots).dashboard(DashboardOptions.off()).build();
        HazelcastInstance off = Members.start(HazelrayOptions.builder().from(options).clusterName("bench-history-off").build(),
                config -> config.setProperty(TaskHistory.CAPACITY_PROPERTY, "0"));
        HazelcastInstance on = null;
        try {
            on = Members.start(HazelrayOptions.builder().from(options).clusterName("bench-history-on").build());
            try (Hazelray rayOff = Hazelray.connect(off); Hazelray rayOn = Hazelray.connect(on)) {
                pipelined(rayOff, 10_000);
                pipelined(rayOn, 10_000);
                double[] offRates = new double[rounds];
                double[] onRates = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    offRates[r] = tasks / pipelined(rayOff, tasks);
                    onRates[r] = tasks / pipelined(rayOn, tasks);
                    out.printf("round %d: history off %,.0f tasks/s, on %,.0f tasks/s%n", r + 1, offRates[r], onRates[r]);
                }
                report.add("tasks/s, history off (median)", median(offRates), "ops/s", null);
                report.add("tasks/s, history on (median)", median(onRates), "ops/s", "tasks/s, history off (median)");
                report.add("run-to-run spread, history off (max/min)", max(offRates) / min(offRates), "x", null);
                report.add("run-to-run spread, history on (max/min)", max(onRates) / min(onRates), "x", null);

                out.println("API under load: " + tasks + " tasks submitted while the API is asked");
                apiUnderLoad(rayOn, report, out);
            }
        } finally {
            off.shutdown();
            if (on != null) {
                on.shutdown();
            }
        }
        out.println();
        output.emit(report, out);
        return 0;
    }

    private void apiUnderLoad(Hazelray ray, BenchReport report, PrintStream out) throws Exception {
        try (Dashboard dashboard = Dashboard.start(ray.hazelcast(), DashboardOptions.onPort(0))) {
            String base = dashboard.url().orElseThrow();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String path : API) {
                get(http, base + path); // warm-up
            }
            AtomicBoolean done = new AtomicBoolean();
            List<Double> single = new ArrayList<>();
            List<Double> pages = new ArrayList<>();
            Thread asker = new Thread(() -> {
                int i = 0;
                while (!done.get()) {
                    try {
                        single.add(get(http, base + API.get(i++ % API.size())));
                        if (i % API.size() == 0) {
                            long start = System.nanoTime();
                            CompletableFuture.allOf(PAGE.stream().map(p -> http.sendAsync(HttpRequest.newBuilder(
                                    URI.create(base + p)).build(), HttpResponse.BodyHandlers.discarding()))
                                    .toArray(CompletableFuture[]::new)).join();
                            pages.add((System.nanoTime() - start) / 1e6);
                        }
                    } catch (Exception e) {
                        out.println("request failed: " + e);
                        return;
                    }
                }
            }, "bench-api-client");
            asker.start();
            // tasks of 0.1 ms of work: the job lasts seconds, long enough for hundreds of requests
            long start = System.nanoTime();
            List<ObjectRef<Long>> refs = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                refs.add(ray.task(DashboardBenchmark::spin).remote());
            }
            ray.get(refs);
            double seconds = (System.nanoTime() - start) / 1e9;
            ray.free(refs);
            done.set(true);
            asker.join();
            double[] s = single.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] p = pages.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            out.printf("%d API requests and %d page refreshes in %.1f s of %d tasks%n", s.length, p.length, seconds, tasks);
            report.add("0.1 ms tasks/s with the API asked nonstop", tasks / seconds, "ops/s", null);
            report.add("API request p50", percentile(s, 50), "ms", null);
            report.add("API request p99", percentile(s, 99), "ms", null);
            report.add("API request max", s.length == 0 ? 0 : s[s.length - 1], "ms", null);
            report.add("page refresh (6 requests in parallel) p99", percentile(p, 99), "ms", null);
        }
    }

    private static double get(HttpClient http, String url) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return (System.nanoTime() - start) / 1e6;
    }

    static long spin() {
        long until = System.nanoTime() + 100_000;
        long n = 0;
        while (System.nanoTime() < until) {
            n++;
        }
        return n;
    }

    static int noop() {
        return 1;
    }

    private static double pipelined(Hazelray ray, int n) {
        long start = System.nanoTime();
        List<ObjectRef<Integer>> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            refs.add(ray.task(DashboardBenchmark::noop).remote());
        }
        ray.get(refs);
        ray.free(refs);
        return (System.nanoTime() - start) / 1e9;
    }

    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }
}
