package io.hazelray.datasets.gsod.impl;

import io.hazelray.datasets.gsod.GsodFormatException;

/** Where station files come from: an archive read on this thread or by a prefetching thread. Internal. */
public interface MemberSource extends AutoCloseable {

    /** One tar member: {@code data[0, length)} is its content. */
    record Member(String name, byte[] data, int length) {
    }

    /** The archive's name for messages. */
    String archive();

    /**
     * The next member, read into {@code reuse} when it fits (the caller is done with that array).
     *
     * @return {@code null} after the last member
     * @throws GsodFormatException when the archive is broken
     */
    Member next(byte[] reuse);

    @Override
    void close();
}
