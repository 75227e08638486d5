package io.hazelray.examples.cli;

import picocli.CommandLine.Mixin;
import io.hazelray.cli.ClusterOptions;
import io.hazelray.cli.HazelrayCommand;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.datasets.gsod.GsodPaths;
import io.hazelray.datasets.gsod.GsodSample;
import io.hazelray.examples.gsod.GsodActorsJob;
import io.hazelray.examples.gsod.GsodAnswer;
import io.hazelray.examples.gsod.GsodJetPipeline;
import io.hazelray.examples.gsod.GsodQuestion;
import io.hazelray.examples.gsod.cli.GsodDownloadCommand;
import io.hazelray.examples.gsod.cli.GsodGenerateCommand;
import io.hazelray.cli.OneLineErrors;
import io.hazelray.datasets.gsod.GsodReadReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./hazelray gsod}: the seed's question on NOAA GSOD data: how many readings had a mean
 * temperature at or above the threshold in each of two years, counting only stations present in
 * both. Prints the seed's three lines and a summary; if it fails, nothing on stdout and one line
 * on stderr.
 */
@Command(name = "gsod", mixinStandardHelpOptions = true,
        description = {"Compare hot days in two years of NOAA GSOD data (the seed's job), as a Jet pipeline or with actors.",
                "Default: the bundled sample (2019 and 2020), threshold 100 °F, Jet, an embedded member."},
        subcommands = {GsodDownloadCommand.class, GsodGenerateCommand.class})
public final class GsodCommand implements HazelrayCommand, Callable<Integer> {
    /** How the question is answered. */
    public enum Engine { jet, actors }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--years", split = ",", arity = "1", paramLabel = "YEAR1,YEAR2", hideParamSyntax = true,
            description = "The two years to compare (default: the bundled sample's, 2019,2020).")
    List<Integer> years;

    @Option(names = "--threshold", paramLabel = "°F", defaultValue = "100", converter = Fahrenheit.class,
            description = "A hot reading has TEMP at or above this (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where YEAR.tar.gz are (default: the bundled sample for its years, the download cache for others).")
    Path dataDir;

    @Option(names = "--engine", paramLabel = "jet|actors", defaultValue = "jet",
            description = "jet: one Jet batch job; actors: the seed's two GSODActors (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots of the embedded member (default: the machine's cores).")
    Integer cpus;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--lenient", description = "Skip bad rows and station files (a duplicate station file, a file that is not"
            + " a station's) and report them on stderr, instead of failing at the first.")
    boolean lenient;


    @Override
    public Integer call() {
        GsodQuestion question = question();
        return OneLineErrors.run(spec, () -> answer(question), GsodFailures::explain);
    }

    private int answer(GsodQuestion question) {
        PrintWriter err = spec.commandLine().getErr();
        question.checkArchives();
        int slots = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        GsodAnswer answer;
        double jobSeconds;
        // With --address the job runs on the cluster's members: every member must see the data
        // directory under the same path (the README's "Run on a cluster").
        try (Hazelray ray = cluster.open(() -> HazelrayOptions.builder().cpus(slots));
             ReadProgress progress = ReadProgress.onTerminal(question, !cluster.connects())) {
            long start = System.nanoTime();
            answer = switch (engine) {
                case jet -> GsodJetPipeline.run(ray, question);
                case actors -> GsodActorsJob.run(ray, question);
            };
            jobSeconds = (System.nanoTime() - start) / 1e9;
        }
        for (GsodReadReport r : answer.skipped()) {
            err.println("warning: " + OneLineErrors.printable(r.toString()));
        }
        if (answer.commonStations() == 0) {
            err.println("warning: no station has rows in both " + question.year1() + " and " + question.year2()
                    + " (" + question.archive1() + ", " + question.archive2() + "): the counts below are 0 for that reason");
        }
        err.flush();
        answer.lines().forEach(System.out::println);
        double totalSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        System.out.printf(Locale.ROOT, "Engine: %s, job time: %.2f s, total time: %.2f s%n", engine, jobSeconds, totalSeconds);
        return 0;
    }

    private GsodQuestion question() {
        List<Integer> y = years != null ? years : GsodSample.years();
        if (y.size() != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--years takes two years, like 2019,2020; got " + y);
        }
        for (int year : y) {
            if (!GsodPaths.isGsodYear(year)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--years: " + year + " is not a GSOD year ("
                        + GsodPaths.FIRST_YEAR + " to " + GsodPaths.LAST_YEAR + "); give two years like 2019,2020");
            }
        }
        if (y.get(0).equals(y.get(1))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--years: the two years must differ, both are " + y.get(0));
        }
        if (cpus != null && cpus < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cpus must be at least 1, was " + cpus);
        }
        if (cpus != null && cluster.connects()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cpus sets the CPU slots of the embedded member;"
                    + " with --address the job runs on the cluster's members, with their own slots (drop --cpus)");
        }
        if (dataDir != null && dataDir.toString().isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data-dir is empty: give the directory that holds"
                    + " the YEAR.tar.gz archives");
        }
        return new GsodQuestion(y.get(0), y.get(1), threshold, archive(y.get(0)), archive(y.get(1)), lenient);
    }

    /** Without --data-dir, each year on its own: the bundled sample's years from it, any other from the download cache. */
    private Path archive(int year) {
        if (dataDir != null) {
            return GsodPaths.archive(dataDir, year);
        }
        return GsodSample.years().contains(year) ? GsodSample.archive(year) : GsodPaths.archive(GsodPaths.defaultCacheDir(), year);
    }

    /** A temperature: a finite number (picocli alone reads "1e400" as Infinity and "NaN" as NaN). */
    static final class Fahrenheit implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a temperature in °F (like 100 or -40.5)");
            }
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a temperature in °F (like 100 or -40.5)");
            }
            return d;
        }
    }
}
