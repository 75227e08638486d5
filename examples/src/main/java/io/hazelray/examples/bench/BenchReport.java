package io.hazelray.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The results of one benchmark run: every figure is measured in the same run as the baseline it
 * is compared with, and reported as a ratio to it. Prints a table for people and writes JSON
 * for machines ({@code --json FILE}).
 *
 * <pre>{@code
 * BenchReport report = new BenchReport("tasks", machine);
 * report.add("raw executor, pipelined", 370_000, "ops/s", null);
 * report.add("hazelray tasks, pipelined", 250_000, "ops/s", "raw executor, pipelined");
 * report.print(System.out);
 * }</pre>
 */
public final class BenchReport {

    /**
     * One figure; {@code baseline} names the row it is compared with, or is {@code null}. A figure
     * measured over several rounds is their median, with the slowest and fastest in {@code min}
     * and {@code max} (else both {@code null}).
     */
    public record Row(String name, double value, String unit, String baseline, Double ratio, Double min, Double max) {
    }

    /** The median, smallest and largest of a figure measured in several rounds. */
    public record Spread(double median, double min, double max) {
        public static Spread of(List<Double> values) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values");
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            return new Spread(median, sorted.get(0), sorted.get(n - 1));
        }
    }

    private final String benchmark;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    public BenchReport(String benchmark) {
        this.benchmark = benchmark;
        context.put("cores", Runtime.getRuntime().availableProcessors());
        context.put("maxHeapMb", Runtime.getRuntime().maxMemory() >> 20);
        context.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        context.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    /** Records a fact about the run (input file, sizes, settings) printed above the table. */
    public BenchReport context(String key, Object value) {
        context.put(key, value);
        return this;
    }

    /**
     * Adds a figure. When {@code baseline} names an earlier row, the ratio {@code value / baseline}
     * is reported next to it.
     */
    public Row add(String name, double value, String unit, String baseline) {
        return add(name, value, null, null, unit, baseline);
    }

    /** Adds a figure measured over rounds: its median, with the range; the ratio is of the medians. */
    public Row add(String name, Spread spread, String unit, String baseline) {
        return add(name, spread.median(), spread.min(), spread.max(), unit, baseline);
    }

    /**
     * Adds a second comparison of an earlier row: a row {@code "  vs BASELINE"} whose value is the
     * ratio of the two rows' values (the first comparison is the one in the row itself).
     */
    public Row compare(String name, String baseline) {
        Row row = find(name).orElseThrow(() -> new IllegalArgumentException("no row " + name));
        Row base = find(baseline).orElseThrow(() -> new IllegalArgumentException("no baseline row " + baseline));
        Row ratio = new Row("  " + name + " vs " + baseline, base.value() == 0 ? Double.NaN : row.value() / base.value(), "x",
                baseline, null, null, null);
        rows.add(ratio);
        return ratio;
    }

    private Row add(String name, double value, Double min, Double max, String unit, String baseline) {
        Double ratio = null;
        if (baseline != null) {
            Row base = find(baseline).orElseThrow(() -> new IllegalArgumentException("no baseline row " + baseline));
            ratio = base.value() == 0 ? null : value / base.value();
        }
        Row row = new Row(name, value, unit, baseline, ratio, min, max);
        rows.add(row);
        return row;
    }

    public Optional<Row> find(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public void print(PrintStream out) {
        out.println("benchmark: " + benchmark);
        context.forEach((k, v) -> out.println("  " + k + ": " + v));
        int nameWidth = rows.stream().mapToInt(r -> r.name().length()).max().orElse(10);
        boolean ranges = rows.stream().anyMatch(r -> r.min() != null);
        String fmt = "%-" + nameWidth + "s  %14s %-6s " + (ranges ? " %-21s" : "%s") + "  %s%n";
        out.printf(Locale.ROOT, fmt, "measure", ranges ? "median" : "value", "unit", ranges ? "range" : "", "ratio to baseline");
        for (Row r : rows) {
            String ratio = r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2fx %s", r.ratio(), r.baseline());
            String range = r.min() == null ? "" : format(r.min()) + " - " + format(r.max());
            out.printf(Locale.ROOT, fmt, r.name(), format(r.value()), r.unit(), range, ratio);
        }
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", benchmark);
        json.put("context", context);
        json.put("rows", rows);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static String format(double v) {
        if (v != 0 && Math.abs(v) < 10) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        if (Math.abs(v) < 100) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
