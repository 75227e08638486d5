package io.hazelray.core;

/** The root of every exception Hazelray throws. Unchecked, like Ray's {@code RayException}. */
public class HazelrayException extends RuntimeException {
    public HazelrayException(String message) {
        super(message);
    }

    public HazelrayException(String message, Throwable cause) {
        super(message, cause);
    }
}
