package io.hazelray.datasets.gsod;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GsodSampleTest {
    @TempDir
    Path dir;

    @Test
    void shouldBundleTwoYears() throws IOException {
        assertThat(GsodSample.years()).containsExactly(2019, 2020);
        assertThat(Files.size(GsodSample.archive(2019))).isEqualTo(2_204_114);
        assertThat(Files.size(GsodSample.archive(2020))).isEqualTo(1_022_471);
        assertThat(GsodSample.directory().resolve("2020.tar.gz")).exists();
        assertThatThrownBy(() -> GsodSample.archive(1980)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("year must be one of the bundled sample years [2019, 2020]: 1980");
    }

    @Test
    void shouldExtractFromAJarOnceAndReuseTheCopy() throws IOException {
        // Given: the sample inside a jar, as in the hazelray launcher
        Path jar = dir.resolve("sample.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("io/hazelray/datasets/gsod/sample/2019.tar.gz"));
            Files.copy(GsodSample.archive(2019), out);
            out.closeEntry();
        }
        URL inJar = new URL("jar:" + jar.toUri() + "!/io/hazelray/datasets/gsod/sample/2019.tar.gz");
        Path cache = dir.resolve("cache/hazelray/gsod/sample");
        // When
        Path first = GsodSample.extract(inJar, cache, "2019.tar.gz");
        Files.setLastModifiedTime(first, FileTime.fromMillis(0));
        Path second = GsodSample.extract(inJar, cache, "2019.tar.gz");
        // Then
        assertThat(first).isEqualTo(cache.resolve("2019.tar.gz"));
        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(GsodSample.archive(2019)));
        assertThat(Files.getLastModifiedTime(second).toMillis()).isZero();           // not copied again
        try (var files = Files.list(cache)) {
            assertThat(files).containsExactly(first);                                 // no temporary file left
        }
    }

    @Test
    void shouldReplaceACopyOfTheWrongSize() throws IOException {
        // Given: a cached copy cut short
        Path jar = dir.resolve("sample.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("s/2020.tar.gz"));
            Files.copy(GsodSample.archive(2020), out);
            out.closeEntry();
        }
        Path cache = Files.createDirectories(dir.resolve("cache"));
        try (OutputStream out = Files.newOutputStream(cache.resolve("2020.tar.gz"))) {
            out.write(new byte[10]);
        }
        // When
        Path copy = GsodSample.extract(new URL("jar:" + jar.toUri() + "!/s/2020.tar.gz"), cache, "2020.tar.gz");
        // Then
        assertThat(GsodReader.strict().read(copy, s -> { }).rows()).isEqualTo(38_719);
    }

    @Test
    void shouldHonorXdgCacheHome() {
        assertThat(GsodPaths.cacheDir(Map.of("XDG_CACHE_HOME", "/var/cache/me"), "/home/me"))
                .isEqualTo(Path.of("/var/cache/me/hazelray/gsod"));
        assertThat(GsodPaths.cacheDir(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.cache/hazelray/gsod"));
        assertThat(GsodPaths.cacheDir(Map.of("XDG_CACHE_HOME", "relative/dir"), "/home/me"))
                .isEqualTo(Path.of("/home/me/.cache/hazelray/gsod"));
        assertThat(GsodPaths.archive(Path.of("/d"), 1980)).isEqualTo(Path.of("/d/1980.tar.gz"));
    }
}
