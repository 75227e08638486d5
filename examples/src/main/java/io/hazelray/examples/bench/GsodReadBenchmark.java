package io.hazelray.examples.bench;

import java.io.UncheckedIOException;
import java.util.function.Supplier;
import io.hazelray.datasets.gsod.GsodColumn;
import io.hazelray.datasets.gsod.GsodPaths;
import io.hazelray.datasets.gsod.GsodReadReport;
import io.hazelray.datasets.gsod.GsodReader;
import io.hazelray.datasets.gsod.GsodSample;
import io.hazelray.datasets.gsod.GsodStation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * {@code ./hazelray bench gsod-read}: how fast the GSOD reader turns an archive into rows, next to
 * {@code gzip -dc FILE > /dev/null} timed in the same run (the goal: within 1.2x of it).
 *
 * <p>Measures, best of {@code --repeat} after one warm-up pass: gzip; the JDK's inflater alone
 * (what the reader cannot go below on one thread); the reader with its prefetching thread and on
 * one thread. Every field of every row is consumed so the JIT cannot skip the work. Also reports
 * rows/s, MB/s (compressed and uncompressed) and the heap's peak.
 */
@Command(name = "gsod-read", mixinStandardHelpOptions = true,
        description = {"Read and parse every row of a GSOD archive, timed against gzip -dc in the same run.",
                "Default archive: the download cache's 2019.tar.gz if present, else the bundled sample."})
public final class GsodReadBenchmark implements Callable<Integer> {
    private static final String GZIP = "gzip -dc";
    private static final String INFLATE = "JDK inflate only";
    private static final String READ = "hazelray read+parse";
    private static final String READ_ONE_THREAD = "hazelray read+parse, 1 thread";
    private static final String READ_TEMP = "hazelray read+parse, TEMP only (as the GSOD job reads)";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--archive", paramLabel = "FILE",
            description = "The archive to read (default: the download cache's 2019.tar.gz, else the bundled sample's).")
    Path archive;

    @Mixin
    ReportOutput output;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Timed passes of each measure; the best counts (default: ${DEFAULT-VALUE}).")
    int repeat;

    /** Sum of everything read, printed so that no work can be optimized away. */
    private long blackhole;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be at least 1: " + repeat);
        }
        Path file = archive != null ? archive : defaultArchive();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            err.println("error: no such archive: " + file);
            err.flush();
            return 1;
        }
        long compressed = Files.size(file);
        BenchReport report = new BenchReport("gsod-read");
        report.context("archive", file.toString());
        report.context("compressedMb", round(compressed / 1048576.0));

        // Warm-up: one pass of each Java measure (JIT, page cache).
        long uncompressed = inflateOnly(file);
        GsodReadReport shape = readAll(file, true);
        readAll(file, false);
        readTempOnly(file);
        report.context("uncompressedMb", round(uncompressed / 1048576.0));
        report.context("stations", shape.stations());
        report.context("rows", shape.rows());

        Double gzip = bestOf(() -> gzipSeconds(file));
        if (gzip != null) {
            report.add(GZIP, gzip, "s", null);
        } else {
            report.context("gzip", "not found on PATH: baseline skipped");
        }
        String baseline = gzip != null ? GZIP : null;
        report.add(INFLATE, bestOf(() -> time(() -> inflateOnly(file))), "s", baseline);
        resetPeaks();
        double read = bestOf(() -> time(() -> readAll(file, true)));
        long peakHeap = peakHeapBytes();
        double oneThread = bestOf(() -> time(() -> readAll(file, false)));
        report.add(READ, read, "s", baseline);
        report.add(READ_ONE_THREAD, oneThread, "s", baseline);
        report.add(READ_TEMP, bestOf(() -> time(() -> readTempOnly(file))), "s", baseline);
        report.add("rows/s", shape.rows() / read, "rows/s", null);
        report.add("compressed MB/s", compressed / 1048576.0 / read, "MB/s", null);
        report.add("uncompressed MB/s", uncompressed / 1048576.0 / read, "MB/s", null);
        report.add("peak heap while reading", peakHeap / 1048576.0, "MB", null);
        report.context("checksum", blackhole);
        report.context("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        output.emit(report, System.out);
        return 0;
    }

    private static Path defaultArchive() {
        Path cached = GsodPaths.archive(GsodPaths.defaultCacheDir(), 2019);
        return Files.isRegularFile(cached) ? cached : GsodSample.archive(2019);
    }

    /** Reads every station and consumes every field of every row. */
    private GsodReadReport readAll(Path file, boolean prefetch) {
        long[] sum = new long[1];
        GsodReadReport r = GsodReader.strict().withPrefetch(prefetch).read(file, s -> sum[0] += consume(s));
        blackhole += sum[0];
        return r;
    }

    /** Reads as the GSOD job does: TEMP kept, each station only counted. */
    private void readTempOnly(Path file) {
        long[] rows = new long[1];
        GsodReader.strict().withColumns(GsodColumn.TEMP).read(file, s -> rows[0] += s.size());
        blackhole += rows[0];
    }

    private static long consume(GsodStation s) {
        long sum = s.id().hashCode() + s.year() + (s.name().isPresent() ? 1 : 0) + (long) s.latitude().orElse(0);
        int n = s.size();
        for (int i = 0; i < n; i++) {
            sum += s.epochDay(i);
        }
        for (GsodColumn c : GsodColumn.dataColumns()) {
            if (c.isMeasurement()) {
                for (int i = 0; i < n; i++) {
                    double v = s.value(c, i);
                    if (v == v) {
                        sum += (long) (v * 100);
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    sum += s.cell(c, i);
                }
            }
        }
        return sum;
    }

    private long inflateOnly(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
            }
            blackhole += total;
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code gzip -dc FILE > /dev/null}, or {@code null} when there is no gzip. */
    private static Double gzipSeconds(Path file) {
        ProcessBuilder pb = new ProcessBuilder("gzip", "-dc", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        try {
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("gzip -dc " + file + " took more than 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("gzip -dc " + file + " failed with exit code " + p.exitValue());
            }
        } catch (IOException e) {
            return null;                                    // no gzip on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private Double bestOf(Supplier<Double> measure) {
        Double best = null;
        for (int i = 0; i < repeat; i++) {
            Double d = measure.get();
            if (d == null) {
                return null;
            }
            best = best == null ? d : Math.min(best, d);
        }
        return best;
    }

    private static List<MemoryPoolMXBean> heapPools() {
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                pools.add(p);
            }
        }
        return pools;
    }

    private static void resetPeaks() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since {@link #resetPeaks()} (an upper bound of the heap in use at once). */
    private static long peakHeapBytes() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
