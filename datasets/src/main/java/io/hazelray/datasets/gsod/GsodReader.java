package io.hazelray.datasets.gsod;

import io.hazelray.datasets.gsod.impl.GsodCsvParser;
import io.hazelray.datasets.gsod.impl.MemberSource;
import io.hazelray.datasets.gsod.impl.PrefetchingMembers;
import io.hazelray.datasets.gsod.impl.TarGzMembers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a NOAA GSOD year archive ({@code YEAR.tar.gz}: a gzipped tar with one {@code STATION.csv}
 * per station) station by station, streaming: at most a few station files are in memory at once,
 * whatever the archive's size.
 *
 * <pre>{@code
 * // Per station, the columns you need (here TEMP only: compact)
 * GsodReadReport report = GsodReader.strict().withColumns(GsodColumn.TEMP)
 *         .read(Path.of("2019.tar.gz"), station -> hot.merge(station.id(), station.countTemp(t -> t >= 100), Integer::sum));
 *
 * // Every field of every row
 * try (Stream<GsodDay> days = GsodReader.strict().days(GsodSample.archive(2019))) {
 *     long foggy = days.filter(GsodDay::fog).count();
 * }
 * }</pre>
 *
 * <p><b>Strict or lenient.</b> A {@link #strict()} reader throws {@link GsodFormatException} at the
 * first problem, naming the archive, member, line and column. A {@link #lenient()} one skips bad
 * rows, and station files with a bad header, and reports them in the {@link GsodReadReport}; a
 * truncated gzip stream or a corrupt tar still throws (nothing after the break can be read).
 *
 * <p><b>The year</b> of each station is the archive's: from {@link #withYear(int)}, else from the
 * file name ({@code 2019.tar.gz}, {@code gsod-2019.tar.gz}), else the year of the first row of
 * the archive. Rows are never dropped for their date: NOAA's 2019 archive has 2020-01-01 rows.
 *
 * <p><b>Threads.</b> With {@link #withPrefetch(boolean) prefetch} (the default on two or more
 * cores) one background thread inflates and untars while the caller's thread parses; the callbacks
 * always run on the caller's thread. Immutable, thread-safe and serializable: capture it in Jet
 * lambdas.
 */
public final class GsodReader implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GsodReader.class);
    private static final Pattern YEAR_NAME = Pattern.compile("(?:^|\\D)(\\d{4})\\.tar\\.gz$");

    private final boolean lenient;
    private final EnumSet<GsodColumn> columns;
    private final int year;
    private final boolean prefetch;

    private GsodReader(boolean lenient, EnumSet<GsodColumn> columns, int year, boolean prefetch) {
        this.lenient = lenient;
        this.columns = columns;
        this.year = year;
        this.prefetch = prefetch;
    }

    /** Throws {@link GsodFormatException} at the first problem; keeps every column. */
    public static GsodReader strict() {
        return new GsodReader(false, EnumSet.copyOf(GsodColumn.dataColumns()), 0,
                Runtime.getRuntime().availableProcessors() > 1);
    }

    /** Skips bad rows and files with a bad header, and reports them; keeps every column. */
    public static GsodReader lenient() {
        return strict().withLenient(true);
    }

    /** This reader, lenient or strict. */
    public GsodReader withLenient(boolean lenient) {
        return new GsodReader(lenient, columns, year, prefetch);
    }

    /**
     * This reader, keeping only {@code keep} of the data columns (TEMP .. FRSHTT) in each
     * {@link GsodStation}. Every column is still parsed and checked. STATION, DATE and the
     * metadata are always kept.
     */
    public GsodReader withColumns(GsodColumn... keep) {
        Objects.requireNonNull(keep, "keep");
        return withColumns(keep.length == 0 ? EnumSet.noneOf(GsodColumn.class) : EnumSet.of(keep[0], keep));
    }

    /** See {@link #withColumns(GsodColumn...)}. */
    public GsodReader withColumns(Set<GsodColumn> keep) {
        Objects.requireNonNull(keep, "keep");
        EnumSet<GsodColumn> set = EnumSet.noneOf(GsodColumn.class);
        for (GsodColumn c : keep) {
            if (Objects.requireNonNull(c, "keep contains null").isData()) {
                set.add(c);
            }
        }
        return new GsodReader(lenient, set, year, prefetch);
    }

    /** This reader, giving every station {@code year} (for archives whose name has no year). */
    public GsodReader withYear(int year) {
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("year must be 1..9999: " + year);
        }
        return new GsodReader(lenient, columns, year, prefetch);
    }

    /** This reader, inflating on a background thread or not. */
    public GsodReader withPrefetch(boolean prefetch) {
        return new GsodReader(lenient, columns, year, prefetch);
    }

    public boolean isLenient() {
        return lenient;
    }

    /** The data columns kept. */
    public Set<GsodColumn> columns() {
        return Collections.unmodifiableSet(columns);
    }

    /**
     * Compressed bytes of archives read so far by every reader in this JVM, all threads together:
     * what a progress display compares with the archives' sizes.
     */
    public static long compressedBytesRead() {
        return TarGzMembers.compressedBytesReadByAll();
    }

    /**
     * The year in an archive's file name ({@code 2019.tar.gz}, {@code gsod-2019.tar.gz}), or 0.
     */
    public static int yearOf(Path archive) {
        Path name = Objects.requireNonNull(archive, "archive").getFileName();
        Matcher m = YEAR_NAME.matcher(name == null ? "" : name.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * Reads every station file of {@code archive}, in archive order, handing each to {@code action}
     * on this thread.
     *
     * @return what was read and, when lenient, skipped
     * @throws GsodFormatException when the archive is broken (strict: at the first problem)
     * @throws GsodException       when the file cannot be opened
     */
    public GsodReadReport read(Path archive, Consumer<? super GsodStation> action) {
        Objects.requireNonNull(action, "action");
        try (Cursor cursor = new Cursor(archive)) {
            GsodStation s;
            while ((s = cursor.nextStation()) != null) {
                action.accept(s);
            }
            return cursor.report();
        }
    }

    /** Reads every row of {@code archive}, with all its fields, handing each to {@code action}. */
    public GsodReadReport readDays(Path archive, Consumer<? super GsodDay> action) {
        Objects.requireNonNull(action, "action");
        return read(archive, station -> {
            for (int i = 0, n = station.size(); i < n; i++) {
                action.accept(station.day(i));
            }
        });
    }

    /** Reads a whole archive into a list: for small archives (the samples, test archives). */
    public List<GsodStation> readAll(Path archive) {
        List<GsodStation> out = new ArrayList<>();
        read(archive, out::add);
        return out;
    }

    /**
     * The station files of {@code archive} as a lazy stream; close it (try-with-resources) to stop
     * reading early. A lenient reader logs what it skipped when the stream is closed.
     */
    public Stream<GsodStation> stations(Path archive) {
        return stations(archive, null);
    }

    /**
     * As {@link #stations(Path)}, handing {@code whenDone} the report once the last station has
     * been read (not when the stream is closed early, nor when reading fails): for a Jet source
     * that must send what a lenient read skipped along with the stations.
     */
    public Stream<GsodStation> stations(Path archive, Consumer<? super GsodReadReport> whenDone) {
        Cursor cursor = new Cursor(archive);
        Iterator<GsodStation> it = new Iterator<>() {
            private GsodStation next;

            private boolean reported;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = cursor.nextStation();
                    if (next == null && whenDone != null && !reported) {
                        reported = true;
                        whenDone.accept(cursor.report());
                    }
                }
                return next != null;
            }

            @Override
            public GsodStation next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                GsodStation s = next;
                next = null;
                return s;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    cursor.close();
                    GsodReadReport r = cursor.report();
                    if (!r.isClean() && whenDone == null) {
                        LOG.warn("{}", r);
                    }
                });
    }

    /** Every row of {@code archive}, all fields, as a lazy stream; close it. */
    public Stream<GsodDay> days(Path archive) {
        Stream<GsodStation> stations = stations(archive);
        return stations.flatMap(GsodStation::dayStream).onClose(stations::close);
    }

    /** One pass over one archive. */
    private final class Cursor implements AutoCloseable {
        private final Path path;
        private final String name;
        private final Map<String, String> memberOfStation = new HashMap<>();
        private final MemberSource source;
        private final GsodCsvParser parser;
        private final List<GsodProblem> problems = new ArrayList<>();
        private int archiveYear;
        private byte[] previous;
        private int stations;
        private long rows;
        private long skippedRows;
        private int skippedFiles;

        Cursor(Path archive) {
            Objects.requireNonNull(archive, "archive");
            this.path = archive;
            this.name = archive.toString();
            this.archiveYear = year > 0 ? year : yearOf(archive);
            this.parser = new GsodCsvParser(name, lenient, columns, (problem, wholeFile) -> {
                if (wholeFile) {
                    skippedFiles++;
                } else {
                    skippedRows++;
                }
                if (problems.size() < GsodReadReport.MAX_PROBLEMS) {
                    problems.add(problem);
                }
            });
            MemberSource members = new TarGzMembers(archive, name);
            this.source = prefetch ? new PrefetchingMembers(members) : members;
        }

        GsodStation nextStation() {
            while (true) {
                MemberSource.Member m = source.next(previous);
                if (m == null) {
                    return null;
                }
                previous = m.data();
                if (!m.name().endsWith(".csv")) {
                    skipOrFail(new GsodProblem(m.name(), 0, null,
                            "not a station file: GSOD archives hold only STATION.csv files"));
                    continue;
                }
                GsodStation s;
                try {
                    s = parser.parse(m.name(), m.data(), m.length(), archiveYear);
                } catch (GsodFormatException e) {
                    throw damagedOr(e);
                }
                if (s != null) {
                    String first = memberOfStation.putIfAbsent(s.id(), m.name());
                    if (first != null) {
                        // Counted twice, a station would weigh double in any sum; kept once, which copy
                        // wins would depend on the reader: neither is an answer, so strict fails and
                        // lenient keeps the first copy and says so.
                        skipOrFail(new GsodProblem(m.name(), 0, null, "duplicate station file: station " + s.id()
                                + " was already read from " + first + (lenient ? "; keeping that first copy" : "")));
                        continue;
                    }
                    if (archiveYear == 0 && s.size() > 0) {
                        archiveYear = s.year();
                    }
                    stations++;
                    rows += s.size();
                    return s;
                }
            }
        }

        /** A whole station file is wrong: strict fails, lenient skips it and reports it. */
        private void skipOrFail(GsodProblem problem) {
            if (!lenient) {
                throw new GsodFormatException(name, problem);
            }
            skippedFiles++;
            if (problems.size() < GsodReadReport.MAX_PROBLEMS) {
                problems.add(problem);
            }
        }

        /**
         * A field failed to parse: before blaming it, check the whole gzip stream (from a fresh
         * open, as the prefetching thread owns the current one). Damaged deflate data can inflate
         * to garbage that looks like a bad reading; only the CRC at the stream's end tells. This
         * costs a second pass over the archive, on the error path only.
         */
        private GsodFormatException damagedOr(GsodFormatException contentError) {
            GsodFormatException damage;
            try (TarGzMembers fresh = new TarGzMembers(path, name)) {
                damage = fresh.damage();
            } catch (GsodException e) {
                return contentError;
            }
            if (damage == null) {
                return contentError;
            }
            damage.addSuppressed(contentError);
            return damage;
        }

        GsodReadReport report() {
            return new GsodReadReport(name, stations, rows, skippedRows, skippedFiles, problems);
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
