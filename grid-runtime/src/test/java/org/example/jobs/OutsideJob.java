package org.example.jobs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Job code in a package outside the serialization allowlist (not {@code io.hazelray}): it must
 * still travel and run, since a driver's shipped code is the user's own.
 */
public final class OutsideJob {
    private OutsideJob() {
    }

    public static Tag tag(Tag in) {
        return new Tag(in.text() + "!");
    }

    /** A value class of the job. */
    public record Tag(String text) implements Serializable {
    }

    /** An actor of the job, whose state holds the job's values. */
    public static final class Bag implements Serializable {
        private final List<Tag> tags = new ArrayList<>();

        public Tag add(Tag tag) {
            tags.add(tag);
            return tags.get(0);
        }
    }
}
