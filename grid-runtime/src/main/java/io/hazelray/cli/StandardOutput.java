package io.hazelray.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The launcher's standard output, which remembers why a write failed: {@link PrintStream} only
 * says that one did ({@link PrintStream#checkError()}), and an answer written to a full disk must
 * fail the command, while a reader that stopped early ({@code | head}) is no error at all.
 */
final class StandardOutput extends OutputStream {
    private static volatile IOException failure;
    private final OutputStream out = new FileOutputStream(FileDescriptor.out);

    private StandardOutput() {
    }

    /** Makes {@code System.out} this stream (as the JVM's own: autoflush, the default charset). */
    static void install() {
        System.setOut(new PrintStream(new StandardOutput(), true, Charset.defaultCharset()));
    }

    /** The first write that failed, or null. */
    static IOException failure() {
        return failure;
    }

    /** Whether {@code e} says that the reader of a pipe closed it (EPIPE). */
    static boolean isBrokenPipe(IOException e) {
        return e != null && String.valueOf(e.getMessage()).contains("Broken pipe");
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private static IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }
}
