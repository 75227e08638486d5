package io.hazelray.dashboard;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the dashboard listens, and whether it starts at all.
 *
 * <pre>{@code
 * Dashboard.start(hz, DashboardOptions.defaults());            // 127.0.0.1:8265, unless switched off
 * Dashboard.start(hz, new DashboardOptions(true, "127.0.0.1", 0)); // any free port
 * }</pre>
 *
 * @param enabled whether to start it
 * @param host    the address to bind; loopback unless you mean to show the grid to your network
 *                (the dashboard has no authentication: anyone who reaches it can kill actors)
 * @param port    the port; {@code 0} picks a free one
 */
public record DashboardOptions(boolean enabled, String host, int port) {
    /** Ray's port, so the habit carries over. */
    public static final int DEFAULT_PORT = 8265;
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** System property: {@code off} (or {@code false}) switches the dashboard off. */
    public static final String ENABLED_PROPERTY = "hazelray.dashboard";
    /** Environment variable, same values as {@link #ENABLED_PROPERTY} (the property wins). */
    public static final String ENABLED_ENV = "HAZELRAY_DASHBOARD";
    public static final String HOST_PROPERTY = "hazelray.dashboard.host";
    public static final String PORT_PROPERTY = "hazelray.dashboard.port";

    public DashboardOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("dashboard port must be between 0 and 65535, was " + port);
        }
    }

    /**
     * 127.0.0.1:8265, on; each overridden by its system property ({@value #ENABLED_PROPERTY},
     * {@value #HOST_PROPERTY}, {@value #PORT_PROPERTY}) or, for the switch, the environment
     * variable {@value #ENABLED_ENV}.
     */
    public static DashboardOptions defaults() {
        String enabled = System.getProperty(ENABLED_PROPERTY, System.getenv(ENABLED_ENV));
        String port = System.getProperty(PORT_PROPERTY);
        int portNumber;
        try {
            portNumber = port == null ? DEFAULT_PORT : Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PORT_PROPERTY + " must be a port number, was '" + port + "'");
        }
        return new DashboardOptions(enabled == null || !isOff(enabled), System.getProperty(HOST_PROPERTY, DEFAULT_HOST),
                portNumber);
    }

    /** No dashboard. */
    public static DashboardOptions off() {
        return new DashboardOptions(false, DEFAULT_HOST, DEFAULT_PORT);
    }

    /** On loopback, at {@code port} ({@code 0}: any free one). */
    public static DashboardOptions onPort(int port) {
        return new DashboardOptions(true, DEFAULT_HOST, port);
    }

    private static boolean isOff(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "off", "false", "0", "no" -> true;
            default -> false;
        };
    }
}
