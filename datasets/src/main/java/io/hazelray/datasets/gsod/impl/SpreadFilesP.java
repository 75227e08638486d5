package io.hazelray.datasets.gsod.impl;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.ProcessorMetaSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Jet source processor that reads the files of a directory matching a glob, spreading them
 * over every processor of the job, on every member: the files, sorted by name, go one by one to
 * the processors by their global index (file {@code i} to processor {@code i % total}). Jet's own
 * {@code readFilesP} picks a file's processor by the hash of its path, so two archives can land on
 * one processor and be read one after the other while the others idle (with two processors,
 * {@code 2019.tar.gz} and {@code 2020.tar.gz} always do). The directory is shared: every member
 * must see the same files under the same path, and each file is read by exactly one processor.
 *
 * @param <T> what a file becomes
 */
public final class SpreadFilesP<T> extends AbstractProcessor {
    /** Processors per member: one per core, as archives are read with inflation on a thread of their own. */
    private static final int LOCAL_PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final String directory;
    private final String glob;
    private final FunctionEx<? super Path, ? extends Stream<T>> read;
    private Traverser<T> traverser;
    private Stream<T> current;

    private SpreadFilesP(String directory, String glob, FunctionEx<? super Path, ? extends Stream<T>> read) {
        this.directory = directory;
        this.glob = glob;
        this.read = read;
    }

    /** The meta-supplier of the source: {@code read} turns one file into its items, lazily. */
    public static <T> ProcessorMetaSupplier metaSupplier(String directory, String glob,
                                                         FunctionEx<? super Path, ? extends Stream<T>> read) {
        return ProcessorMetaSupplier.of(LOCAL_PARALLELISM, () -> new SpreadFilesP<>(directory, glob, read));
    }

    /** The files of {@code directory} matching {@code glob} that processor {@code index} of {@code total} reads. */
    public static List<Path> share(String directory, String glob, int index, int total) {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(directory), glob)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    all.add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        all.sort(null);
        List<Path> mine = new ArrayList<>();
        for (int i = index; i < all.size(); i += total) {
            mine.add(all.get(i));
        }
        return mine;
    }

    @Override
    protected void init(Context context) {
        Iterator<Path> files = share(directory, glob, context.globalProcessorIndex(), context.totalParallelism()).iterator();
        traverser = Traversers.traverseIterator(files).flatMap(this::open);
    }

    private Traverser<T> open(Path file) {
        closeCurrent();
        current = read.apply(file);
        return Traversers.traverseStream(current);
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    public boolean complete() {
        if (!emitFromTraverser(traverser)) {
            return false;
        }
        closeCurrent();
        return true;
    }

    @Override
    public void close() {
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            Stream<T> s = current;
            current = null;
            s.close();
        }
    }
}
