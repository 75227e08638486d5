package io.hazelray.datasets.gsod;

import org.apache.commons.compress.archivers.tar.TarConstants;
import io.hazelray.datasets.gsod.impl.GsodCsvParser;
import io.hazelray.datasets.gsod.impl.GsodCsvWriter;
import io.hazelray.datasets.gsod.impl.IoMessages;
import io.hazelray.datasets.gsod.impl.TempFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a GSOD year archive in NOAA's exact format: a gzipped tar, one {@code STATION.csv} per
 * station, fields quoted and padded like NCEI's files. Meant for tests and for the
 * {@link GsodGenerator}: build the stations you need, write them, read them back.
 *
 * <pre>{@code
 * Path archive = GsodArchiveWriter.create(dir.resolve("2019.tar.gz"))
 *         .add(GsodStation.builder("72503014732", 2019).name("LAGUARDIA AIRPORT, NY US")
 *                 .location(40.77944, -73.88, 3.4)
 *                 .add(GsodDay.builder("72503014732", LocalDate.of(2019, 7, 20)).temp(100.0, 24).build())  // exactly at a threshold
 *                 .add(GsodDay.builder("72503014732", LocalDate.of(2019, 7, 21)).build())                  // TEMP missing
 *                 .build())
 *         .addHeaderOnly("99999900126")                                                                    // a station with no rows
 *         .addRaw("01001099999.csv", "\"STATION\",\"DATE\"\n")                                             // a broken file, as is
 *         .finish();
 * }</pre>
 *
 * <p>The archive is written to a temporary file next to the target and renamed into place by
 * {@link #finish()} (or {@link #close()}), so a reader never sees half an archive. The output is deterministic: the
 * same members give the same bytes (tar mtimes come from the year, not the clock; owner 0/0, mode
 * 664, like NCEI's). Not thread-safe.
 */
public final class GsodArchiveWriter implements AutoCloseable {
    private final Path target;
    private final TempFiles.TempFile temp;
    private final TarArchiveOutputStream tar;
    private final GsodCsvWriter csv = new GsodCsvWriter();
    private final Set<String> members = new HashSet<>();
    private FileTime mtime;
    private boolean closed;

    private GsodArchiveWriter(Path target) {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        TempFiles.TempFile t = null;
        try {
            Files.createDirectories(dir);
            t = TempFiles.create(dir, this.target.getFileName().toString());
            OutputStream out = new GZIPOutputStream(new BufferedOutputStream(t.outputStream(), 1 << 16), 1 << 16);
            this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        } catch (IOException e) {
            if (t != null) {
                t.close();
            }
            throw new UncheckedIOException("cannot write " + this.target + ": " + IoMessages.file(e), e);
        }
        this.temp = t;
        int year = GsodReader.yearOf(target);
        if (year > 0) {
            mtime = mtimeFor(year);
        }
    }

    /** A writer of the archive {@code file} (replaced on {@link #finish()} if it exists). */
    public static GsodArchiveWriter create(Path file) {
        return new GsodArchiveWriter(Objects.requireNonNull(file, "file"));
    }

    /** A writer of {@code dir/YEAR.tar.gz}, the name NCEI gives a year's archive. */
    public static GsodArchiveWriter create(Path dir, int year) {
        Objects.requireNonNull(dir, "dir");
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("year must be 1..9999: " + year);
        }
        return new GsodArchiveWriter(dir.resolve(year + ".tar.gz"));
    }

    /** Writes {@code stations} to {@code file} in one go; returns the file. */
    public static Path write(Path file, Iterable<GsodStation> stations) {
        try (GsodArchiveWriter w = create(file)) {
            stations.forEach(w::add);
            return w.finish();
        }
    }

    /** The CSV text NOAA would have for {@code station} (header and rows); the station must have every column. */
    public static String csv(GsodStation station) {
        return new String(new GsodCsvWriter().write(Objects.requireNonNull(station, "station")), StandardCharsets.UTF_8);
    }

    /**
     * Adds {@code station} as {@code ID.csv}. It must have every column (a station read with
     * {@link GsodReader#withColumns} cannot be written).
     */
    public GsodArchiveWriter add(GsodStation station) {
        Objects.requireNonNull(station, "station");
        if (mtime == null) {
            mtime = mtimeFor(station.year());
        }
        return addRaw(station.id() + ".csv", csv.write(station));
    }

    /** Adds {@code ID.csv} with the header line only (NCEI has such files for stations with no data). */
    public GsodArchiveWriter addHeaderOnly(String stationId) {
        GsodDay.requireStationId(stationId);
        byte[] header = new byte[GsodCsvParser.HEADER.length + 1];
        System.arraycopy(GsodCsvParser.HEADER, 0, header, 0, header.length - 1);
        header[header.length - 1] = '\n';
        return addRaw(stationId + ".csv", header);
    }

    /** Adds a member with exactly {@code content} (UTF-8): for archives that are broken on purpose. */
    public GsodArchiveWriter addRaw(String memberName, String content) {
        return addRaw(memberName, Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Marks the archive as synthetic, before any member: a pax global header (a tar feature every
     * tar reader knows; GNU tar and this reader skip it) whose {@code comment} record says so. It
     * tells a generated archive from NOAA's ({@link GsodArchiveCheck#generatedBy}), so that a
     * synthetic year found where downloads go is never taken for the real one.
     */
    public GsodArchiveWriter markGenerated(String description) {
        Objects.requireNonNull(description, "description");
        if (!members.isEmpty() || closed) {
            throw new IllegalStateException("markGenerated must come before the first member");
        }
        TarArchiveEntry e = new TarArchiveEntry("pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER);
        e.addPaxHeader("comment", GsodArchiveCheck.GENERATED_PREFIX + description.replace('\n', ' '));
        e.setMode(0100664);
        e.setLastModifiedTime(mtime == null ? FileTime.fromMillis(0) : mtime);
        try {
            tar.putArchiveEntry(e);             // Commons Compress writes a global header's records itself
        } catch (IOException x) {
            abort();
            throw new UncheckedIOException("cannot write " + target + ": " + IoMessages.file(x), x);
        }
        return this;
    }

    /** Adds a member with exactly {@code content}. */
    public GsodArchiveWriter addRaw(String memberName, byte[] content) {
        Objects.requireNonNull(memberName, "memberName");
        Objects.requireNonNull(content, "content");
        if (closed) {
            throw new IllegalStateException("writer of " + target + " is closed");
        }
        if (memberName.isEmpty() || !members.add(memberName)) {
            throw new IllegalArgumentException("memberName must be non-empty and unique in the archive: \"" + memberName + "\"");
        }
        TarArchiveEntry e = new TarArchiveEntry(memberName);
        e.setSize(content.length);
        e.setMode(0100664);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        e.setLastModifiedTime(mtime == null ? FileTime.fromMillis(0) : mtime);
        try {
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException x) {
            abort();
            throw new UncheckedIOException("cannot write " + target + ": " + IoMessages.file(x), x);
        }
        return this;
    }

    /** The archive this writer makes. */
    public Path target() {
        return target;
    }

    /** Same as {@link #finish()}: try-with-resources finishes the archive. */
    @Override
    public void close() {
        finish();
    }

    /**
     * Finishes the archive and moves it into place; later calls do nothing.
     *
     * @return the archive's path
     */
    public Path finish() {
        if (closed) {
            return target;
        }
        closed = true;
        try {
            tar.finish();
            tar.close();
            temp.moveTo(target);
            return target;
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException("cannot write " + target + ": " + IoMessages.file(e), e);
        }
    }

    /** Gives up: deletes the temporary file; the target is left as it was. Idempotent. */
    public void discard() {
        if (!closed) {
            abort();
        }
    }

    private void abort() {
        closed = true;
        try {
            tar.close();
        } catch (IOException | RuntimeException ignored) {
            // the temporary file goes anyway
        }
        temp.close();
    }

    private static FileTime mtimeFor(int year) {
        return FileTime.from(LocalDate.of(Math.min(year + 1, 9999), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
