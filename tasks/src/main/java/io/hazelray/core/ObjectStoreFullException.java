package io.hazelray.core;

import java.util.Locale;

/**
 * An object did not fit in the object store of the member that was to hold it: a {@code put}, a
 * task's stored result, or an actor call's stored result. The message names the object's size,
 * the member's capacity and what holds it (objects, bytes, the largest owners). Nothing was
 * stored, and the member keeps serving; free objects ({@code free}) or give members more room
 * ({@code --object-store-memory}, {@code HazelrayOptions.objectStoreMemory}).
 */
public final class ObjectStoreFullException extends HazelrayException {
    private final String objectId;
    private final long size;
    private final long capacity;
    private final long used;
    private final String member;

    public ObjectStoreFullException(String objectId, long size, long capacity, long used, String member, String holders) {
        super("object " + objectId + " of " + bytes(size) + " does not fit in the object store of member " + member
                + ": capacity " + bytes(capacity) + ", " + bytes(used) + " in use" + (holders == null ? "" : " (" + holders + ")")
                + "; free objects (free(refs)), or start members with more (--object-store-memory SIZE,"
                + " HazelrayOptions.objectStoreMemory)");
        this.objectId = objectId;
        this.size = size;
        this.capacity = capacity;
        this.used = used;
        this.member = member;
    }

    public String objectId() {
        return objectId;
    }

    /** The object's serialized size, in bytes. */
    public long size() {
        return size;
    }

    /** The member's object store capacity, in bytes. */
    public long capacity() {
        return capacity;
    }

    /** The bytes the member's object store held (primary copies and backups). */
    public long used() {
        return used;
    }

    /** The member that was to hold the object (its partition's owner). */
    public String member() {
        return member;
    }

    /** {@code 1.5 MB}, {@code 800 KB}, {@code 12 bytes}: decimal units, as Ray prints memory. */
    public static String bytes(long n) {
        if (n < 1_000) {
            return n + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1_000 && u < units.length - 1) {
            v /= 1_000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
