package io.hazelray.datasets.gsod.impl;

import io.hazelray.datasets.gsod.GsodException;
import io.hazelray.datasets.gsod.GsodFormatException;
import io.hazelray.datasets.gsod.GsodProblem;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The members of a {@code .tar.gz}, one whole member at a time, checked to the last byte: a member
 * shorter than its header says, a corrupt tar header, a gzip stream that ends early or fails its
 * CRC all throw {@link GsodFormatException}. After the tar's end, the rest of the gzip stream is
 * read too, so a missing trailer is caught. Internal. Not thread-safe.
 *
 * <p>Inflation is the JDK's {@link GZIPInputStream} (the system zlib) with a 64 KB input buffer;
 * members are inflated straight into the caller's buffer, with no intermediate copy.
 */
public final class TarGzMembers implements MemberSource {
    /** A station file is about 80 KB; anything this large is not one. */
    static final int MAX_MEMBER_BYTES = 256 << 20;
    /** Compressed bytes read by every reader of this JVM, for progress displays. */
    private static final LongAdder READ_BY_ALL = new LongAdder();

    private final String archive;
    private final InputStream file;
    private final GzipGuard gzip;
    private final EndCheckingTar tar;
    private String lastMember;
    private String paxComment;
    private boolean done;

    public TarGzMembers(Path path, String archive) {
        this.archive = archive;
        try {
            this.file = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new GsodException(archive + ": no such file", e);
        } catch (IOException e) {
            throw new GsodException(archive + ": cannot open: " + IoMessages.reason(e), e);
        }
        this.gzip = new GzipGuard(file);
        this.tar = new EndCheckingTar(gzip);
    }

    /** Compressed bytes read so far by every reader of this JVM (all archives, all threads). */
    public static long compressedBytesReadByAll() {
        return READ_BY_ALL.sum();
    }

    @Override
    public String archive() {
        return archive;
    }

    /**
     * Reads the next member into {@code reuse} if it fits, else into a new array.
     *
     * @return the member, or {@code null} after the last one
     */
    @Override
    public Member next(byte[] reuse) {
        if (done) {
            return null;
        }
        try {
            while (true) {
                TarArchiveEntry e;
                try {
                    e = tar.getNextEntry();
                } catch (GzipFailure g) {
                    throw g;
                } catch (IOException | RuntimeException x) {
                    rethrowGzip(x);
                    throw fail(null, lastMember == null
                            ? "damaged archive: the gzip stream holds no tar archive (" + reason(x) + "), so no GSOD archive"
                            : "corrupt tar archive" + after() + ": " + reason(x), x);
                }
                if (e == null) {
                    drainGzip();
                    if (!tar.sawEndRecord) {
                        // an intact gzip of a tar cut short (the tar of "tar | gzip" killed, a copy
                        // cut at a member's end): what was read is right, the stations after are missing
                        throw fail(null, "damaged archive: the tar stream ends without its end-of-archive blocks" + after()
                                + (tar.getBytesRead() % 512 != 0 ? ", in the middle of a member's header" : "")
                                + ": the stations after it are missing", null);
                    }
                    done = true;
                    return null;
                }
                if (!e.isCheckSumOK()) {
                    // Commons Compress reads a header whose checksum does not match (a flipped
                    // byte in a name goes unnoticed otherwise); the archive is corrupt.
                    throw fail(null, "corrupt tar archive" + after() + ": the header checksum of the next member (\""
                            + e.getName() + "\") does not match", null);
                }
                if (!e.isFile()) {
                    continue;                       // directories, links: not station files
                }
                paxComment = e.getExtraPaxHeader("comment");
                String name = e.getName();
                long size = e.getSize();
                if (size < 0 || size > MAX_MEMBER_BYTES) {
                    throw fail(name, "corrupt tar archive: member size " + size + " is not that of a station file", null);
                }
                byte[] buf = reuse != null && reuse.length >= size ? reuse : new byte[(int) Math.max(size, 1024)];
                int n = 0;
                while (n < size) {
                    int r;
                    try {
                        r = tar.read(buf, n, (int) size - n);
                    } catch (GzipFailure g) {
                        lastMember = name;
                        throw g;
                    } catch (IOException | RuntimeException x) {
                        lastMember = name;
                        rethrowGzip(x);
                        if (x instanceof EOFException || String.valueOf(x.getMessage()).contains("Truncated")) {
                            r = -1;
                        } else {
                            throw fail(name, "corrupt tar archive: " + reason(x), x);
                        }
                    }
                    if (r < 0) {
                        throw fail(name, "truncated tar archive: member has " + n + " of its " + size + " bytes", null);
                    }
                    n += r;
                }
                lastMember = name;
                return new Member(name, buf, n);
            }
        } catch (GzipFailure g) {
            throw gzipFailure(g);
        }
    }

    /** The library's message without its closing period (it goes inside a sentence). */
    private static String reason(Throwable x) {
        String m = String.valueOf(x.getMessage());
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    /** Commons Compress may wrap what the gzip layer threw: unwrap it. */
    private static void rethrowGzip(Throwable x) throws GzipFailure {
        for (Throwable t = x; t != null; t = t.getCause()) {
            if (t instanceof GzipFailure g) {
                throw g;
            }
        }
    }

    private void drainGzip() throws GzipFailure {
        byte[] sink = new byte[8192];
        try {
            while (gzip.read(sink) >= 0) {
                // bytes after the tar's end-of-archive records: read to check the gzip trailer
            }
        } catch (GzipFailure g) {
            throw g;
        } catch (IOException e) {
            throw new GzipFailure(e);
        }
    }

    private GsodFormatException gzipFailure(GzipFailure g) {
        Throwable cause = g.getCause();
        long at = gzip.compressedBytes;
        String what;
        if (cause instanceof EOFException && at == 0) {
            what = "damaged archive: the file is empty; download it again";
        } else if (cause instanceof EOFException) {
            what = "damaged archive: truncated gzip stream: the archive ends early, after " + at + " compressed bytes" + after()
                    + "; an interrupted download? Download it again";
        } else if (cause instanceof ZipException && String.valueOf(cause.getMessage()).startsWith("Not in GZIP format")) {
            what = "damaged archive: not a gzip file (it does not start with gzip's bytes 1f 8b); download it again";
        } else if (cause instanceof ZipException && String.valueOf(cause.getMessage()).contains("trailer")) {
            what = "damaged archive: the compressed data fails its CRC check" + after()
                    + " (gzip -t reports the same); download it again";
        } else if (cause instanceof ZipException) {
            what = "damaged archive: corrupt compressed data at compressed byte " + at + after() + " (" + cause.getMessage()
                    + "); download it again";
        } else {
            what = "cannot read at compressed byte " + at + after() + ": " + cause;
        }
        done = true;
        return new GsodFormatException(archive, new GsodProblem(null, 0, null, what), cause, true);
    }

    private String after() {
        return lastMember == null ? "" : " (after member " + lastMember + ")";
    }

    /** The tar layer is broken: the file is damaged (or was never a tar), and a new copy is the remedy. */
    private GsodFormatException fail(String member, String reason, Throwable cause) {
        done = true;
        return new GsodFormatException(archive, new GsodProblem(member, 0, null, reason + "; download it again"), cause, true);
    }

    /**
     * The pax {@code comment} of the last member read (a global header's applies to every member
     * after it: a generated archive's mark is one), or {@code null}.
     */
    public String paxComment() {
        return paxComment;
    }

    /**
     * Reads the gzip stream from where it is to its end, checking its CRC and length, and says
     * what is wrong with it, or returns {@code null} when it is intact. Run after a content error:
     * garbage from damaged deflate data often parses until a field fails, long before the CRC at
     * the end of the stream would tell; the user must then hear "damaged", not "bad number".
     */
    public GsodFormatException damage() {
        try {
            drainGzip();
            return null;
        } catch (GzipFailure g) {
            return gzipFailure(g);
        }
    }

    @Override
    public void close() {
        done = true;
        try {
            file.close();
        } catch (IOException e) {
            // nothing more to read from it anyway
        }
    }

    /**
     * Commons Compress ends an archive alike at tar's end-of-archive record (512 zero bytes) and
     * where the stream stops (at a member's end, or inside a header): this one remembers which.
     */
    private static final class EndCheckingTar extends TarArchiveInputStream {
        boolean sawEndRecord;

        EndCheckingTar(InputStream in) {
            super(in);
        }

        @Override
        protected boolean isEOFRecord(byte[] record) {
            boolean end = super.isEOFRecord(record);
            if (end && record != null) {
                sawEndRecord = true;
            }
            return end;
        }
    }

    /** Marks every failure of the gzip layer, so that tar failures can be told apart. */
    private static final class GzipFailure extends IOException {
        GzipFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The gzip layer: counts compressed bytes and tags its exceptions. */
    private static final class GzipGuard extends FilterInputStream {
        long compressedBytes;

        GzipGuard(InputStream file) {
            super(null);
            InputStream counting = new FilterInputStream(file) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        compressedBytes++;
                        READ_BY_ALL.increment();
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        compressedBytes += n;
                        READ_BY_ALL.add(n);
                    }
                    return n;
                }
            };
            try {
                this.in = new GZIPInputStream(counting, 1 << 16);
            } catch (IOException e) {
                this.in = new FailingStream(e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw e instanceof GzipFailure ? e : new GzipFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw e instanceof GzipFailure ? e : new GzipFailure(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw e instanceof GzipFailure ? e : new GzipFailure(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException e) {
                return 0;
            }
        }
    }

    /** A gzip header that could not be read: the failure surfaces on the first read. */
    private static final class FailingStream extends InputStream {
        private final IOException failure;

        FailingStream(IOException failure) {
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            throw new GzipFailure(failure);
        }
    }
}
