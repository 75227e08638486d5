package io.hazelray.tasks.spi;

import com.hazelcast.nio.ObjectDataInput;

import java.io.IOException;

/**
 * Counts read off the wire, checked before anything is allocated for them: a corrupt or hostile
 * payload that says "2,147,483,647 calls follow" fails its own deserialization with a message
 * naming the count, instead of taking the member down with an {@code OutOfMemoryError}.
 */
public final class WireCounts {
    /** More arguments than any task or actor function takes (the generated API stops at 6). */
    public static final int MAX_ARGUMENTS = 255;
    /** More calls, replies or callers than one batch or record ever carries. */
    public static final int MAX_ELEMENTS = 1 << 20;

    private WireCounts() {
    }

    /**
     * Reads a count and checks it is between 0 and {@code max}.
     *
     * @param what what is counted and where, for the message ("calls in an actor batch")
     * @throws IOException naming {@code what}, the value read and the limit
     */
    public static int read(ObjectDataInput in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("refused a payload with " + n + " " + what + " (at most " + max
                    + "): it is corrupt, or was not written by Hazelray");
        }
        return n;
    }
}
