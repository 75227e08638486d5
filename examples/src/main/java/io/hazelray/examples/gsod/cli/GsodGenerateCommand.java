package io.hazelray.examples.gsod.cli;

import io.hazelray.cli.OneLineErrors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import io.hazelray.datasets.gsod.GsodGenerator;
import io.hazelray.datasets.gsod.GsodPaths;
import io.hazelray.datasets.gsod.Shell;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./hazelray gsod generate --year 1980 --stations 9000}: writes a synthetic year in NOAA's
 * exact format, {@code OUT/YEAR.tar.gz}, the same bytes for the same seed. Prints the path and size.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a synthetic GSOD year (YEAR.tar.gz) in NOAA's exact format.",
                "Realistic stations, seasonal temperatures, missing values; the same seed gives the same file."})
public final class GsodGenerateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--year", required = true, paramLabel = "YEAR", description = "The year to generate, e.g. 1980.")
    int year;

    @Option(names = "--stations", required = true, paramLabel = "N",
            description = "How many station files (NOAA has 9,000-12,500 a year; 9,000 take about 20 s and 100 MB).")
    int stations;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "The random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--header-only", paramLabel = "N", defaultValue = "0",
            description = "How many station files have a header and no rows (default: ${DEFAULT-VALUE}).")
    int headerOnly;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write YEAR.tar.gz (default: ${DEFAULT-VALUE}).")
    Path out = GsodPaths.defaultCacheDir().resolve("generated");

    @Option(names = "--force", description = "Replace YEAR.tar.gz if it exists.")
    boolean force;

    @Override
    public Integer call() {
        if (!GsodPaths.isGsodYear(year)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--year: " + year + " is not a GSOD year ("
                    + GsodPaths.FIRST_YEAR + " to " + GsodPaths.LAST_YEAR + ", the years ./hazelray gsod reads)");
        }
        if (out.toAbsolutePath().normalize().equals(GsodPaths.defaultCacheDir().toAbsolutePath().normalize())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + out + " is where NOAA's downloaded archives go;"
                    + " write synthetic years elsewhere (the default is " + out.resolve("generated") + ")");
        }
        if (stations < 1 || stations > 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stations must be 1..100000: " + stations);
        }
        if (headerOnly < 0 || headerOnly > stations) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--header-only must be 0.." + stations + ": " + headerOnly);
        }
        return OneLineErrors.run(spec, this::generate, OneLineErrors::message);
    }

    private int generate() throws IOException {
        Path target = GsodPaths.archive(out, year);
        if (Files.exists(target) && !force) {
            spec.commandLine().getErr().println("error: " + target.toAbsolutePath() + " exists; run again with --force to replace it");
            spec.commandLine().getErr().flush();
            return 1;
        }
        long start = System.nanoTime();
        GsodGenerator generator = GsodGenerator.of(year, stations, seed).withHeaderOnlyStations(headerOnly);
        Path file;
        if (System.console() != null) {
            // On a terminal: stations written, rate and time left (about 2 ms a station, mostly gzip).
            try (ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(year + ".tar.gz").setInitialMax(stations).setUnit(" stations", 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .showSpeed().setUpdateIntervalMillis(250).build()) {
                file = generator.writeTo(out, bar::stepTo);
            }
        } else {
            file = generator.writeTo(out);
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "wrote %s (%d stations, %.1f MB) in %.1f s%n", file, stations,
                Files.size(file) / 1048576.0, (System.nanoTime() - start) / 1e9);
        pw.printf("read it with: ./hazelray gsod --data-dir %s --years %d,...%n", Shell.quote(file.getParent().toString()), year);
        pw.flush();
        return 0;
    }
}
