package io.hazelray.datasets.gsod.impl;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Temporary files next to their target, for write-then-rename. Unlike
 * {@link Files#createTempFile}, which makes the file readable by its owner only (0600), the file
 * gets the usual permissions (the umask's), so the renamed archive is like any downloaded file.
 * Internal.
 */
public final class TempFiles {
    private TempFiles() {
    }

    /** Creates an empty, hidden {@code dir/.NAME.RANDOM.part}. */
    public static Path create(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
