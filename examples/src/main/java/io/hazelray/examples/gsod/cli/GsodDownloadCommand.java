package io.hazelray.examples.gsod.cli;

import io.hazelray.cli.OneLineErrors;
import io.hazelray.datasets.gsod.GsodDownloadListener;
import io.hazelray.datasets.gsod.GsodDownloader;
import io.hazelray.datasets.gsod.GsodException;
import io.hazelray.datasets.gsod.GsodPaths;
import io.hazelray.cli.Verbosity;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./hazelray gsod download 1980 2020}: fetches NOAA's yearly GSOD archives from NCEI into the
 * download cache (or {@code --data-dir}), skipping the years already there. On a terminal a
 * progress bar shows bytes, rate and time left; otherwise (a pipe, CI) a plain line every 10%.
 * Every year asked is tried, and each failure reported in one line; exit code 0 when every year
 * is there, 1 when one could not be fetched. A file already there is kept only if it is NOAA's
 * archive of that year (not a synthetic one, not another year's, not damaged).
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Download NOAA GSOD yearly archives (YEAR.tar.gz, 50-110 MB each) from NCEI.",
                "Years already downloaded are not fetched again."})
public final class GsodDownloadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "YEAR", description = "The years to fetch, 1929 onward, e.g. 1980 2020.")
    List<Integer> years;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where to put YEAR.tar.gz (default: ${DEFAULT-VALUE}).")
    Path dataDir = GsodPaths.defaultCacheDir();

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Where the archives are (default: ${DEFAULT-VALUE}).")
    URI baseUrl = GsodDownloader.DEFAULT_BASE_URI;

    @Override
    public Integer call() {
        for (int year : years) {
            if (!GsodPaths.isGsodYear(year)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "YEAR must be from " + GsodPaths.FIRST_YEAR
                        + " (the first GSOD year) to " + GsodPaths.LAST_YEAR + ": " + year);
            }
        }
        if (years.stream().distinct().count() < years.size()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "a YEAR is given twice: " + years);
        }
        if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--base-url must be an http or https URL: " + baseUrl);
        }
        return OneLineErrors.run(spec, this::downloadAll, OneLineErrors::message);
    }

    /** Every year asked, each reported: one failure does not stop the others. */
    private int downloadAll() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        GsodDownloader downloader = GsodDownloader.create().withBaseUri(baseUrl).withDirectory(dataDir);
        int failed = 0;
        for (int year : years) {
            Progress progress = terminal ? new BarProgress() : new LineProgress(out);
            try {
                downloader.withListener(progress).download(year);
            } catch (GsodException e) {
                progress.close();
                out.flush();
                err.println("error: " + OneLineErrors.printable(String.valueOf(e.getMessage())));
                if (Verbosity.isVerbose()) {
                    e.printStackTrace(err);
                }
                err.flush();
                failed++;
            } finally {
                progress.close();
            }
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    /** A listener that may hold a terminal resource. */
    private abstract static class Progress implements GsodDownloadListener, AutoCloseable {
        @Override
        public void rejected(int year, Path file, String why) {
            System.err.println(year + ": not using " + file + ": " + why + "; downloading NOAA's");
            System.err.flush();
        }

        @Override
        public void close() {
        }
    }

    /** me.tongfei's progress bar, on stderr: bytes in MB, rate, time left. */
    private static final class BarProgress extends Progress {
        private ProgressBar bar;

        @Override
        public void alreadyPresent(int year, Path file) {
            System.err.println(year + ": already there, " + file);
        }

        @Override
        public void started(int year, URI uri, long totalBytes) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.valueOf(year))
                    .setInitialMax(totalBytes)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUnit("MB", 1 << 20)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .build();
        }

        @Override
        public void progress(int year, long bytes, long totalBytes) {
            bar.stepTo(bytes);
        }

        @Override
        public void verifying(int year, long bytes) {
            bar.setExtraMessage(" checking the archive");
        }

        @Override
        public void finished(int year, Path file, long bytes) {
            close();
            System.err.println(year + ": " + file + " (" + mb(bytes) + ")");
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** Plain lines for logs and pipes: one per 10% (per 10 MB when the size is unknown). */
    private static final class LineProgress extends Progress {
        private final PrintWriter out;
        private long start;
        private long nextReport;

        LineProgress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void alreadyPresent(int year, Path file) {
            out.println(year + ": already there, " + file);
            out.flush();
        }

        @Override
        public void started(int year, URI uri, long totalBytes) {
            start = System.nanoTime();
            nextReport = totalBytes > 0 ? totalBytes / 10 : 10L << 20;
            out.println(year + ": downloading " + uri + (totalBytes > 0 ? " (" + mb(totalBytes) + ")" : ""));
            out.flush();
        }

        @Override
        public void progress(int year, long bytes, long totalBytes) {
            if (bytes < nextReport || (totalBytes > 0 && bytes >= totalBytes)) {
                return;
            }
            double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
            double rate = bytes / seconds;
            if (totalBytes > 0) {
                nextReport += totalBytes / 10;
                out.printf(Locale.ROOT, "%d: %3d%%  %s of %s, %.1f MB/s, %.0f s left%n", year, bytes * 100 / totalBytes,
                        mb(bytes), mb(totalBytes), rate / 1048576, (totalBytes - bytes) / rate);
            } else {
                nextReport += 10L << 20;
                out.printf(Locale.ROOT, "%d: %s, %.1f MB/s%n", year, mb(bytes), rate / 1048576);
            }
            out.flush();
        }

        @Override
        public void finished(int year, Path file, long bytes) {
            out.printf(Locale.ROOT, "%d: %s (%s) in %.1f s%n", year, file, mb(bytes), (System.nanoTime() - start) / 1e9);
            out.flush();
        }
    }
}
