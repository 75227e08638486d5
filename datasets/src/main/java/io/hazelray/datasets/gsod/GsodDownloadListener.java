package io.hazelray.datasets.gsod;

import java.net.URI;
import java.nio.file.Path;

/**
 * Hears how a {@link GsodDownloader} is doing. Every method defaults to doing nothing, and all are
 * called on the thread that called {@link GsodDownloader#download(int)}, in this order per year:
 * {@code alreadyPresent}, or {@code started}, {@code progress}..., {@code verifying}, {@code finished}
 * (not after a failure: the exception says what failed).
 *
 * <pre>{@code
 * GsodDownloader.create().withListener(new GsodDownloadListener() {
 *     public void progress(int year, long bytes, long totalBytes) {
 *         System.out.printf("%d: %d of %d bytes%n", year, bytes, totalBytes);
 *     }
 * }).download(1980);
 * }</pre>
 */
public interface GsodDownloadListener {
    /** The archive was already in the directory: nothing is fetched. */
    default void alreadyPresent(int year, Path file) {
    }

    /** The server answered; {@code totalBytes} is its Content-Length, or -1 when it sent none. */
    /** {@code file} is there but is not NOAA's archive of {@code year} ({@code why}); it is downloaded again. */
    default void rejected(int year, Path file, String why) {
    }

    default void started(int year, URI uri, long totalBytes) {
    }

    /** {@code bytes} have arrived so far (called often: every chunk read). */
    default void progress(int year, long bytes, long totalBytes) {
    }

    /** Every byte arrived; the archive is being decompressed to check it. */
    default void verifying(int year, long bytes) {
    }

    /** The archive is complete and in place. */
    default void finished(int year, Path file, long bytes) {
    }
}
