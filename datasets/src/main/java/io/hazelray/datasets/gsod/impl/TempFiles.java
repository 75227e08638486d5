package io.hazelray.datasets.gsod.impl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Temporary files next to their target, for write-then-rename: {@code dir/.NAME.RANDOM.part}.
 * Internal.
 *
 * <p>Nothing is left behind, whatever ends the writer:
 * <ul>
 *   <li>an exception: the writer {@link TempFile#close() closes} (deletes) the file;</li>
 *   <li>Ctrl-C or a plain kill: a JVM shutdown hook deletes every temporary file still open;</li>
 *   <li>{@code kill -9}, a power cut: the next {@link #create} in that directory deletes the
 *       leftovers of {@code NAME}. A live writer holds an OS lock on its file for as long as it
 *       writes, so a leftover is told from a file that another process is writing by trying that
 *       lock (the OS drops it when its process dies).</li>
 * </ul>
 * Unlike {@link Files#createTempFile}, which makes the file readable by its owner only (0600), the
 * file gets the usual permissions (the umask's), so the renamed archive is like any downloaded file.
 */
public final class TempFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);
    private static final Set<TempFile> OPEN = ConcurrentHashMap.newKeySet();
    /**
     * Files being created, not yet in {@link #OPEN}: a Ctrl-C between the file's creation and its
     * registration left it behind (seen once in a CI run). The shutdown hook waits for them.
     */
    private static final Set<Path> CREATING = ConcurrentHashMap.newKeySet();
    private static final long CREATION_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static volatile boolean exiting;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAllOpen, "gsod-temp-files-cleanup"));
    }

    private TempFiles() {
    }

    /** Deletes the stale leftovers of {@code name} in {@code dir}, then creates an empty, locked {@code dir/.NAME.RANDOM.part}. */
    public static TempFile create(Path dir, String name) throws IOException {
        deleteLeftovers(dir, name);
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            CREATING.add(p); // before the file exists: the shutdown hook then waits for it or deletes it
            try {
                if (exiting) {
                    throw new IOException("not creating " + p + ": the JVM is shutting down");
                }
                FileChannel channel;
                try {
                    channel = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                    continue;
                }
                FileLock lock;
                try {
                    lock = channel.lock();
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    Files.deleteIfExists(p);
                    throw e;
                }
                TempFile t = new TempFile(p, channel, lock);
                OPEN.add(t);
                if (exiting) {
                    t.close(); // the hook may have run past it already
                    throw new IOException("not creating " + p + ": the JVM is shutting down");
                }
                return t;
            } finally {
                CREATING.remove(p);
            }
        }
    }

    /**
     * Deletes every {@code dir/.NAME.*.part} that no live writer holds: what a killed run left.
     *
     * @return how many were deleted
     */
    public static int deleteLeftovers(Path dir, String name) {
        int deleted = 0;
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(".part");
        })) {
            for (Path p : parts) {
                if (isLeftover(p)) {
                    Files.deleteIfExists(p);
                    deleted++;
                    LOG.debug("deleted {}, left by a run that was killed", p);
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            LOG.debug("could not clean leftovers of {} in {}: {}", name, dir, e.toString());
        }
        return deleted;
    }

    private static boolean isLeftover(Path p) {
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.WRITE)) {
            FileLock lock = c.tryLock();
            if (lock == null) {
                return false;                       // another process writes it
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false;                           // this JVM writes it
        } catch (IOException e) {
            return false;                           // gone meanwhile, or not ours to touch
        }
    }

    private static void deleteAllOpen() {
        exiting = true;
        // a file being created is registered or given up within microseconds: wait for that (bounded)
        long deadline = System.nanoTime() + CREATION_WAIT_NANOS;
        while (!CREATING.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        for (TempFile t : OPEN) {
            t.close();
        }
        for (Path p : CREATING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("could not delete the temporary file {}: {}", p, e.toString());
            }
        }
    }

    /**
     * One temporary file: write to {@link #path()}, then {@link #moveTo} the target; {@link #close()}
     * deletes it if it was not moved.
     */
    public static final class TempFile implements AutoCloseable {
        private final Path path;
        private final FileChannel channel;
        private final FileLock lock;
        private boolean done;

        private TempFile(Path path, FileChannel channel, FileLock lock) {
            this.path = path;
            this.channel = channel;
            this.lock = lock;
        }

        public Path path() {
            return path;
        }

        /**
         * A stream writing into the file through its own open channel. Write through this, not a
         * stream opened by {@link #path()}: that one would create the file again if the shutdown
         * hook had just deleted it (a Ctrl-C right after {@link #create}; seen once in CI). Closing
         * the stream flushes it and leaves the file open and locked until {@link #moveTo} or
         * {@link #close()}.
         */
        public OutputStream outputStream() {
            OutputStream raw = Channels.newOutputStream(channel);
            return new FilterOutputStream(raw) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        /** Renames the file to {@code target} (replacing it), atomically where the file system can. */
        public synchronized void moveTo(Path target) throws IOException {
            if (done) {
                throw new NoSuchFileException(path.toString(), null, "deleted: the JVM is shutting down");
            }
            try {
                Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
            }
            release();
        }

        /** Deletes the file unless it was moved into place. Idempotent. */
        @Override
        public synchronized void close() {
            if (done) {
                return;
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("could not delete the temporary file {}: {}", path, e.toString());
            }
            release();
        }

        private void release() {
            done = true;
            OPEN.remove(this);
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the lock goes with the channel anyway
            }
        }
    }
}
