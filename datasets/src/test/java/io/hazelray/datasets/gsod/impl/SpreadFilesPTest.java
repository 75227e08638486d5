package io.hazelray.datasets.gsod.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How the files are dealt to processors: each once, spread evenly, not by hash. */
class SpreadFilesPTest {
    @TempDir
    Path dir;

    private void create(String... names) throws IOException {
        for (String n : names) {
            Files.writeString(dir.resolve(n), n);
        }
    }

    @Test
    void shouldGiveTwoArchivesToTwoProcessors() throws IOException {
        // Given: two archives whose paths Jet's readFilesP hashes to one processor of two
        create("2019.tar.gz", "2020.tar.gz", "notes.txt");
        // When
        List<Path> first = SpreadFilesP.share(dir.toString(), "*.tar.gz", 0, 2);
        List<Path> second = SpreadFilesP.share(dir.toString(), "*.tar.gz", 1, 2);
        // Then
        assertThat(first).containsExactly(dir.resolve("2019.tar.gz"));
        assertThat(second).containsExactly(dir.resolve("2020.tar.gz"));
    }

    @Test
    void shouldReadEveryFileExactlyOnceWhateverTheParallelism() throws IOException {
        // Given
        create("1980.tar.gz", "1990.tar.gz", "2000.tar.gz", "2010.tar.gz", "2020.tar.gz");
        for (int total = 1; total <= 8; total++) {
            // When
            List<Path> all = new ArrayList<>();
            int most = 0;
            int least = Integer.MAX_VALUE;
            for (int i = 0; i < total; i++) {
                List<Path> share = SpreadFilesP.share(dir.toString(), "*.tar.gz", i, total);
                all.addAll(share);
                most = Math.max(most, share.size());
                least = Math.min(least, share.size());
            }
            // Then
            Set<Path> distinct = new HashSet<>(all);
            assertThat(all).hasSize(5);
            assertThat(distinct).hasSize(5);
            assertThat(most - least).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shouldSkipDirectoriesAndReadNothingWhenNothingMatches() throws IOException {
        // Given
        Files.createDirectory(dir.resolve("old.tar.gz"));
        // When / Then
        assertThat(SpreadFilesP.share(dir.toString(), "*.tar.gz", 0, 1)).isEmpty();
    }
}
