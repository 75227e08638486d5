package io.hazelray.examples.cli;

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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./hazelray gsod}: the seed's question on NOAA GSOD data: how many readings had a mean
 * temperature at or above the threshold in each of two years, counting only stations present in
 * both. Prints the seed's three lines and a summary, and nothing at all if it fails.
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

    @Option(names = "--threshold", paramLabel = "°F", defaultValue = "100",
            description = "A hot reading has TEMP at or above this (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where YEAR.tar.gz are (default: the bundled sample for its years, else the download cache).")
    Path dataDir;

    @Option(names = "--engine", paramLabel = "jet|actors", defaultValue = "jet",
            description = "jet: one Jet batch job; actors: the seed's two GSODActors (default: ${DEFAULT-VALUE}).")
    Engine engine;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots of the embedded member (default: the machine's cores).")
    Integer cpus;

    @Override
    public Integer call() {
        GsodQuestion question = question();
        question.checkArchives();
        int slots = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        GsodAnswer answer;
        double jobSeconds;
        try (Hazelray ray = Hazelray.init(HazelrayOptions.builder().cpus(slots).build())) {
            long start = System.nanoTime();
            answer = switch (engine) {
                case jet -> GsodJetPipeline.run(ray, question);
                case actors -> GsodActorsJob.run(ray, question);
            };
            jobSeconds = (System.nanoTime() - start) / 1e9;
        } catch (RuntimeException e) {
            throw GsodFailures.explain(e);
        }
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
        if (y.get(0).equals(y.get(1))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--years: the two years must differ, both are " + y.get(0));
        }
        if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threshold must be a number of °F, was " + threshold);
        }
        if (cpus != null && cpus < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cpus must be at least 1, was " + cpus);
        }
        Path dir = dataDir;
        if (dir == null) {
            dir = GsodSample.years().containsAll(y) ? GsodSample.directory() : GsodPaths.defaultCacheDir();
        }
        return new GsodQuestion(y.get(0), y.get(1), threshold, dir);
    }
}
