package io.hazelray.examples.cli;

import io.hazelray.datasets.gsod.GsodReader;
import io.hazelray.examples.gsod.GsodQuestion;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code gsod}'s progress on a terminal: the compressed megabytes of both archives read so far,
 * the rate and the time left, on stderr, shown once the job has run for a second (the bundled
 * sample is done before that). Only where the archives are read in this JVM (an embedded member):
 * a cluster's members read them where the driver cannot count.
 */
final class ReadProgress implements AutoCloseable {
    private static final long SHOW_AFTER_MILLIS = 1_000;
    private static final long EVERY_MILLIS = 200;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;

    private ReadProgress(long totalBytes) {
        long readBefore = GsodReader.compressedBytesRead();
        thread = new Thread(() -> show(totalBytes, readBefore), "gsod-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A progress display when the command runs on a terminal (the JVM has a console: its input and
     * output are one) and the archives are read here, else null (no display).
     */
    static ReadProgress onTerminal(GsodQuestion question, boolean readHere) {
        if (!readHere || System.console() == null) {
            return null;
        }
        try {
            return new ReadProgress(Files.size(question.archive1()) + Files.size(question.archive2()));
        } catch (IOException e) {
            return null; // checked readable just before: nothing to show rather than a failure
        }
    }

    private void show(long totalBytes, long readBefore) {
        try {
            if (done.await(SHOW_AFTER_MILLIS, TimeUnit.MILLISECONDS)) {
                return;
            }
            try (ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName("reading")
                    .setInitialMax(totalBytes)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUnit("MB", 1 << 20)
                    .showSpeed()
                    .setUpdateIntervalMillis((int) EVERY_MILLIS)
                    .continuousUpdate()
                    .build()) {
                do {
                    bar.stepTo(Math.min(totalBytes, GsodReader.compressedBytesRead() - readBefore));
                } while (!done.await(EVERY_MILLIS, TimeUnit.MILLISECONDS));
                bar.stepTo(Math.min(totalBytes, GsodReader.compressedBytesRead() - readBefore)); // where it ended
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the display (the bar's line stays, as a download's does) before the answer is printed. */
    @Override
    public void close() {
        done.countDown();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
