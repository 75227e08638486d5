package io.hazelray.dashboard;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The recent lines this JVM wrote to standard error, kept for the dashboard's log view. Hazelray
 * logs through SLF4J's simple binding, which writes to {@code System.err} (Hazelcast logs through
 * SLF4J too), so teeing {@code System.err} captures every log line of the JVM without a logging
 * framework of our own; it also captures whatever else goes to standard error. JVM-wide, not per
 * member: the JVM's stream is one (two members in one JVM, as tests run them, show the same lines).
 */
public final class LogTail {
    /** Lines kept. */
    public static final int KEPT = 500;
    private static final int MAX_LINE = 4_000;
    private static final Deque<String> LINES = new ArrayDeque<>();
    private static volatile boolean installed;

    private LogTail() {
    }

    /** Starts capturing (once per JVM; later calls do nothing). */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        PrintStream original = System.err;
        System.setErr(new PrintStream(new Tee(original, Charset.defaultCharset()), true));
    }

    /** The last {@code limit} lines captured, oldest first. */
    public static List<String> recent(int limit) {
        synchronized (LINES) {
            List<String> all = new ArrayList<>(LINES);
            return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
        }
    }

    private static void add(String line) {
        synchronized (LINES) {
            LINES.addLast(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " ..." : line);
            while (LINES.size() > KEPT) {
                LINES.removeFirst();
            }
        }
    }

    /** Passes bytes through to the real stream and cuts them into lines for the ring. */
    private static final class Tee extends OutputStream {
        private final PrintStream out;
        private final Charset charset;
        private final StringBuilder line = new StringBuilder();
        private byte[] pending = new byte[256];
        private int length;

        Tee(PrintStream out, Charset charset) {
            this.out = out;
            this.charset = charset;
        }

        @Override
        public synchronized void write(int b) {
            out.write(b);
            take(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            out.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                take(b[i]);
            }
        }

        private void take(int b) {
            if (b == '\n') {
                line.append(new String(pending, 0, length, charset));
                length = 0;
                String text = line.toString().stripTrailing();
                line.setLength(0);
                if (!text.isEmpty()) {
                    add(text);
                }
                return;
            }
            if (length == pending.length) {
                if (length >= MAX_LINE) {
                    return; // the rest of a very long line is dropped
                }
                pending = Arrays.copyOf(pending, length * 2);
            }
            pending[length++] = (byte) b;
        }

        @Override
        public void flush() {
            out.flush();
        }
    }
}
