package io.hazelray.examples.gsod;

import io.hazelray.datasets.gsod.GsodException;
import io.hazelray.datasets.gsod.GsodReadReport;

import java.io.Serializable;

/**
 * How reading one year's archive ended, sent to the driver as data by both engines: the report
 * (what a lenient read skipped) or the failure, as the very exception the reader threw. Sent as
 * data, not thrown, because a thrown failure would reach the driver as text only (Jet turns a
 * failed job into a message; the actor runtime carries a remote exception as class name and
 * message), and a failed Jet job is logged at ERROR with its stack trace on every run.
 *
 * @param year    the archive's year
 * @param report  what was read, or {@code null} when it failed
 * @param failure why reading stopped, or {@code null}
 */
public record ArchiveOutcome(int year, GsodReadReport report, GsodException failure) implements Serializable {
}
