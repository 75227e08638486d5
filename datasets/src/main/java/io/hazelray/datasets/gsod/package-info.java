/**
 * NOAA's Global Surface Summary of the Day (GSOD): reading the yearly archives, downloading them,
 * generating synthetic ones, and Jet sources over them.
 *
 * <p>A year's archive ({@code 2019.tar.gz}, 111 MB, 946 MB of CSV) is a gzipped tar holding one
 * CSV per station ({@code 72503014732.csv}), a header line and one row per day with 28 quoted
 * fields. Everything here streams: reading never holds more than a few station files.
 *
 * <pre>{@code
 * Path archive = GsodSample.archive(2019);                        // bundled, real, offline
 * GsodReader.strict().withColumns(GsodColumn.TEMP).read(archive, station ->
 *         System.out.println(station.id() + " " + station.year() + " " + station.countTemp(t -> t >= 90)));
 *
 * Path y1980 = GsodDownloader.create().download(1980);           // NCEI, cached in ~/.cache/hazelray/gsod
 * Path fake = GsodGenerator.of(1980, 500, 42).writeTo(tempDir);  // synthetic, same format
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.hazelray.datasets.gsod.GsodReader}: strict or lenient, per station
 *       ({@link io.hazelray.datasets.gsod.GsodStation}, columnar) or per row
 *       ({@link io.hazelray.datasets.gsod.GsodDay}, every field).</li>
 *   <li>{@link io.hazelray.datasets.gsod.GsodFormatException}: what is wrong and where
 *       (archive, member, line, column).</li>
 *   <li>{@link io.hazelray.datasets.gsod.GsodArchiveWriter} and
 *       {@link io.hazelray.datasets.gsod.GsodGenerator}: archives in NOAA's exact format.</li>
 *   <li>{@link io.hazelray.datasets.gsod.GsodDownloader}, {@link io.hazelray.datasets.gsod.GsodPaths},
 *       {@link io.hazelray.datasets.gsod.GsodSample}: where archives come from.</li>
 *   <li>{@link io.hazelray.datasets.gsod.GsodSources}: Jet {@code BatchSource}s.</li>
 * </ul>
 */
package io.hazelray.datasets.gsod;
