package io.hazelray.datasets.gsod.impl;

import io.hazelray.datasets.gsod.GsodDay;
import io.hazelray.datasets.gsod.GsodStation;

/**
 * Lets the reader build {@link GsodStation}s and {@link GsodDay}s from the arrays it filled,
 * without copying twice and without a public constructor that exposes the in-memory layout (the
 * JDK's "shared secrets" pattern). Internal: not part of the API.
 */
public abstract class GsodAccess {
    private static volatile GsodAccess instance;

    /** Called once, by {@link GsodStation}'s static initializer. */
    public static void install(GsodAccess access) {
        synchronized (GsodAccess.class) {
            if (instance != null) {
                throw new IllegalStateException("already installed");
            }
            instance = access;
        }
    }

    public static GsodAccess get() {
        GsodAccess a = instance;
        if (a == null) {
            try {
                Class.forName(GsodStation.class.getName(), true, GsodStation.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = instance;
        }
        return a;
    }

    /**
     * A station that takes ownership of the arrays: {@code cells[i]} is the column of data cell
     * {@code i} (see {@link GsodCodec}), {@code null} for a column that was not kept.
     */
    public abstract GsodStation station(String id, int year, double latitude, double longitude, double elevation,
                                        String name, int[] epochDays, int[][] cells);

    public abstract int[] epochDays(GsodStation station);

    /** The station's columns, by data cell; not copied, do not modify. */
    public abstract int[][] cells(GsodStation station);

    /** A day that takes ownership of {@code cells}. */
    public abstract GsodDay day(String station, int year, int epochDay, double latitude, double longitude,
                                double elevation, String name, int[] cells);

    /** The day's cells; not copied, do not modify. */
    public abstract int[] cells(GsodDay day);
}
