package io.hazelray.datasets.gsod;

import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.Sources;
import io.hazelray.datasets.gsod.impl.SpreadFilesP;

import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Jet sources of GSOD archives, like Jet's own {@code Sources}: each factory returns a
 * {@link BatchSource} that reads every archive in a directory matching a glob.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.create();
 * p.readFrom(GsodSources.stations(dir, "*.tar.gz", GsodReader.strict().withColumns(GsodColumn.TEMP)))
 *  .map(s -> Util.entry(s.year() + "/" + s.id(), s.countTemp(t -> t >= 100)))
 *  .writeTo(Sinks.map("hot-days"));
 * }</pre>
 *
 * <p>Each archive is read whole by one processor, so archives are the unit of parallelism; the
 * archives, sorted by name, are dealt to the job's processors in turn, across members (not by
 * the hash of their path, as Jet's {@code readFilesP} does, which can give two archives to one
 * processor while another idles). The directory is treated as <em>shared</em>: when several members of one cluster see the same
 * directory (one machine, or a network disk), each archive is read by exactly one of them; an
 * archive is never read twice. Every member must see the same files under the same path.
 *
 * <p>Every {@link GsodStation} carries its archive's year ({@link GsodStation#year()}), every
 * {@link GsodDay} too ({@link GsodDay#year()}). Stations travel between members as
 * {@code IdentifiedDataSerializable} (registered through {@code META-INF/services}).
 */
public final class GsodSources {
    private GsodSources() {
    }

    /** Every station file of every archive in {@code dir} matching {@code glob}, all columns, strict. */
    public static BatchSource<GsodStation> stations(Path dir, String glob) {
        return stations(dir, glob, GsodReader.strict());
    }

    /**
     * Every station file of every archive in {@code dir} matching {@code glob}, read by
     * {@code reader} (columns kept, strict or lenient; a lenient reader logs what it skipped).
     * The reader's prefetch setting is kept: with fewer archives than cores (the GSOD job reads
     * two), inflating on a second thread per archive is what keeps the job near gzip's speed.
     * Set {@code withPrefetch(false)} when many archives already keep every core busy.
     */
    public static BatchSource<GsodStation> stations(Path dir, String glob, GsodReader reader) {
        String directory = Objects.requireNonNull(dir, "dir").toAbsolutePath().toString();
        Objects.requireNonNull(glob, "glob");
        GsodReader r = Objects.requireNonNull(reader, "reader");
        return Sources.batchFromProcessor("gsodStations(" + directory + "/" + glob + ")",
                SpreadFilesP.metaSupplier(directory, glob, path -> r.stations(path)));
    }

    /** Every row of every archive in {@code dir} matching {@code glob}, with all its fields, strict. */
    public static BatchSource<GsodDay> days(Path dir, String glob) {
        String directory = Objects.requireNonNull(dir, "dir").toAbsolutePath().toString();
        Objects.requireNonNull(glob, "glob");
        GsodReader r = GsodReader.strict().withPrefetch(false);
        return Sources.batchFromProcessor("gsodDays(" + directory + "/" + glob + ")",
                SpreadFilesP.metaSupplier(directory, glob, path -> r.days(path)));
    }

    /**
     * Every file in {@code dir} matching {@code glob}, each turned into items by {@code read} on
     * the one processor it is dealt to (files sorted by name, dealt in turn to the job's
     * processors on every member): the building block of the other sources, for a job that reads
     * archives its own way. The stream {@code read} returns is closed when it is drained.
     */
    public static <T> BatchSource<T> files(Path dir, String glob, FunctionEx<? super Path, ? extends Stream<T>> read) {
        String directory = Objects.requireNonNull(dir, "dir").toAbsolutePath().toString();
        Objects.requireNonNull(glob, "glob");
        Objects.requireNonNull(read, "read");
        return Sources.batchFromProcessor("files(" + directory + "/" + glob + ")", SpreadFilesP.metaSupplier(directory, glob, read));
    }
}
