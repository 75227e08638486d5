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

    /** One figure; {@code baseline} names the row it is compared with, or is {@code null}. */
    public record Row(String name, double value, String unit, String baseline, Double ratio) {
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
        Double ratio = null;
        if (baseline != null) {
            Row base = find(baseline).orElseThrow(() -> new IllegalArgumentException("no baseline row " + baseline));
            ratio = base.value() == 0 ? null : value / base.value();
        }
        Row row = new Row(name, value, unit, baseline, ratio);
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
        String fmt = "%-" + nameWidth + "s  %14s %-6s  %s%n";
        out.printf(Locale.ROOT, fmt, "measure", "value", "unit", "ratio to baseline");
        for (Row r : rows) {
            String ratio = r.ratio() == null ? "" : String.format(Locale.ROOT, "%.2fx %s", r.ratio(), r.baseline());
            out.printf(Locale.ROOT, fmt, r.name(), format(r.value()), r.unit(), ratio);
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
