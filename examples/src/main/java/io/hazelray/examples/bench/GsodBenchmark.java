package io.hazelray.examples.bench;

import picocli.CommandLine;
import io.hazelray.datasets.gsod.GsodPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./hazelray bench gsod}: the GSOD job on two real archives, each engine in a fresh JVM as
 * a user runs it ({@code hazelray gsod}), timed in the same run as the floor: decompressing both
 * archives in parallel with {@code gzip -dc}. Reports job and total times, peak resident memory,
 * and, where {@code python3} is installed, the seed's own code on the same files.
 */
@Command(name = "gsod", mixinStandardHelpOptions = true,
        description = "The GSOD job (Jet and actors) on two archives against parallel gzip -dc, and the seed's Python.")
public final class GsodBenchmark implements Callable<Integer> {
    private static final String JVM_PROPERTIES = "io/hazelray/runtime/config/jvm.properties";
    private static final Pattern TIMES = Pattern.compile("job time: ([0-9.]+) s, total time: ([0-9.]+) s");

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the archives are (default: the download cache).")
    Path dataDir;

    @Option(names = "--years", split = ",", paramLabel = "Y1,Y2", defaultValue = "2019,2020", description = "Default: ${DEFAULT-VALUE}.")
    List<Integer> years;

    @Option(names = "--threshold", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--actors-heap", defaultValue = "1g",
            description = "-Xmx of the actor engine's JVM, its memory target (default: ${DEFAULT-VALUE}).")
    String actorsHeap;

    @Option(names = "--skip-python", description = "Do not run the seed's Python code.")
    boolean skipPython;

    @Mixin
    ReportOutput output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (years.size() != 2 || years.get(0).equals(years.get(1))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--years takes two different years, like 2019,2020; got " + years);
        }
        Path dir = dataDir != null ? dataDir : GsodPaths.defaultCacheDir();
        Path a1 = GsodPaths.archive(dir, years.get(0));
        Path a2 = GsodPaths.archive(dir, years.get(1));
        for (Path a : List.of(a1, a2)) {
            if (!Files.isRegularFile(a)) {
                System.err.println("no archive at " + a + ": './hazelray gsod download " + years.get(0) + " " + years.get(1)
                        + " --data-dir " + dir + "' fetches them");
                return 1;
            }
        }
        BenchReport report = new BenchReport("gsod")
                .context("archives", a1 + " (" + (Files.size(a1) >> 20) + " MB), " + a2 + " (" + (Files.size(a2) >> 20) + " MB)")
                .context("threshold", threshold);

        double floor = gunzipBoth(a1, a2);
        report.add("gzip -dc both archives in parallel (floor)", floor, "s", null);
        String yearsArg = years.get(0) + "," + years.get(1);
        List<String> firstAnswer = null;
        for (String engine : List.of("jet", "actors")) {
            List<String> command = new ArrayList<>(javaCommand(engine.equals("actors") ? actorsHeap : null));
            command.addAll(List.of("gsod", "--engine", engine, "--data-dir", dir.toString(), "--years", yearsArg,
                    "--threshold", Double.toString(threshold)));
            Run run = run(command);
            report.add(engine + ": job time", run.jobSeconds, "s", "gzip -dc both archives in parallel (floor)");
            report.add(engine + ": total time", run.totalSeconds, "s", null);
            report.add(engine + ": peak RSS", run.peakRssMb, "MB", null);
            System.out.println(engine + ": " + String.join(" | ", run.answer));
            firstAnswer = agree(firstAnswer, run.answer, engine);
        }
        Path seed = Path.of(System.getProperty("hazelray.root", "."), "examples/src/main/python/seed_gsod.py");
        if (!skipPython && onPath("python3") && Files.isRegularFile(seed)) {
            Run python = run(List.of("python3", seed.toString(), dir.toString(), years.get(0).toString(),
                    years.get(1).toString(), Double.toString(threshold)));
            report.add("python seed: total time", python.totalSeconds, "s", null);
            report.add("python seed: peak RSS", python.peakRssMb, "MB", null);
            for (String engine : List.of("jet", "actors")) {
                double total = report.find(engine + ": total time").orElseThrow().value();
                double job = report.find(engine + ": job time").orElseThrow().value();
                report.add("speedup over python seed, " + engine + " total time", python.totalSeconds / total, "x", null);
                report.add("speedup over python seed, " + engine + " job time", python.totalSeconds / job, "x", null);
            }
            System.out.println("python seed: " + String.join(" | ", python.answer));
            agree(firstAnswer, python.answer, "python seed");
        }
        System.out.println();
        output.emit(report, System.out);
        return 0;
    }

    /** Times mean nothing unless every engine gave the same answer. */
    private static List<String> agree(List<String> expected, List<String> answer, String who) {
        if (expected != null && !expected.equals(answer)) {
            throw new IllegalStateException(who + " answered " + answer + ", the Jet engine " + expected);
        }
        return answer;
    }

    private record Run(double jobSeconds, double totalSeconds, double peakRssMb, List<String> answer) {
    }

    /** Runs a command to its end, sampling its peak resident memory (VmHWM) while it runs. */
    private static Run run(List<String> command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long[] peakKb = {0};
        Thread sampler = new Thread(() -> {
            while (process.isAlive()) {
                peakKb[0] = Math.max(peakKb[0], vmHwmKb(process.pid()));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        }
        int exit = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        sampler.join();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ": " + lines);
        }
        double job = wall;
        double total = wall;
        List<String> answer = new ArrayList<>();
        for (String line : lines) {
            Matcher m = TIMES.matcher(line);
            if (m.find()) {
                job = Double.parseDouble(m.group(1));
            } else {
                answer.add(line);
            }
        }
        return new Run(job, total, peakKb[0] / 1024.0, answer);
    }

    private static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended between two samples
        }
        return 0;
    }

    private static double gunzipBoth(Path a1, Path a2) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<Process> processes = new ArrayList<>();
        for (Path a : List.of(a1, a2)) {
            processes.add(new ProcessBuilder("gzip", "-dc", a.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        for (Process p : processes) {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("gzip -dc failed");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** This JVM's command (same flags, same jar), for running an engine as a user does. */
    private static List<String> javaCommand(String maxHeap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-Xmx") && !arg.startsWith("-agentlib")) {
                command.add(arg);
            }
        }
        command.addAll(gsodFlags());
        if (maxHeap != null) {
            command.add("-Xmx" + maxHeap);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.hazelray.cli.HazelrayCli");
        return command;
    }

    /** The flags the launcher adds for {@code ./hazelray gsod} (config/jvm.properties, in the jar): engines run as users run them. */
    static List<String> gsodFlags() {
        Properties p = new Properties();
        try (InputStream in = GsodBenchmark.class.getClassLoader().getResourceAsStream(JVM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(JVM_PROPERTIES + " is not on the class path (grid-runtime's resources are missing)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String flags = p.getProperty("hazelray.jvm.flags.gsod", "").trim();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
