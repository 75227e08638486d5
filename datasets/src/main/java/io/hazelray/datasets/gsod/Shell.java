package io.hazelray.datasets.gsod;

/**
 * Shell quoting for the commands messages suggest, so that a path with a space or a quote can be
 * pasted as is. A word of only safe characters stays bare (the common case reads as typed).
 */
public final class Shell {
    private Shell() {
    }

    /** {@code word} as one POSIX shell word. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || "/._-+:=,@%~".indexOf(c) >= 0)
                && !word.startsWith("~")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
