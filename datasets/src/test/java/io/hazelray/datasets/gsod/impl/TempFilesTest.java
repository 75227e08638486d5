package io.hazelray.datasets.gsod.impl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Temporary files next to their target: written, moved into place, or gone. */
class TempFilesTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteThroughItsOwnChannelSoThatADeletedFileIsNotCreatedAgain() throws Exception {
        // Given: a temporary file the shutdown hook deleted (Ctrl-C) before its writer began
        try (TempFiles.TempFile temp = TempFiles.create(dir, "2019.tar.gz")) {
            Files.delete(temp.path());
            // When: the writer writes to it
            try (OutputStream out = temp.outputStream()) {
                out.write(new byte[4096]);
            }
            // Then: nothing reappears in the directory (a stream opened by path would have created it)
            assertThat(dir).isEmptyDirectory();
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldMoveWhatWasWrittenIntoPlaceAndLeaveNoTemporaryFile() throws Exception {
        // Given
        Path target = dir.resolve("2019.tar.gz");
        try (TempFiles.TempFile temp = TempFiles.create(dir, "2019.tar.gz")) {
            try (OutputStream out = temp.outputStream()) {
                out.write("hello".getBytes());
            }
            // When
            temp.moveTo(target);
        }
        // Then
        assertThat(target).hasContent("hello");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }
}
