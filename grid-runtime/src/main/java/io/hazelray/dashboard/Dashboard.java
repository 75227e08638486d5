package io.hazelray.dashboard;

import com.hazelcast.core.HazelcastInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.util.Objects;
import java.util.Optional;

/**
 * The live web page of the whole grid (members, tasks, actors, objects, Jet jobs, errors, logs)
 * and the JSON API under it, served from one member or client of the cluster; every member
 * answers for itself. One dashboard shows the whole cluster.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(hz, DashboardOptions.defaults())) {
 *     dashboard.url().ifPresent(System.out::println);    // http://127.0.0.1:8265
 * }
 * }</pre>
 *
 * <p>If the port is taken (another Hazelray process has its dashboard there), {@link #start} logs
 * one warning and returns a dashboard that is not running: the grid goes on without one.
 */
public final class Dashboard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    private final ClusterSampler sampler;
    private final DashboardApi api;
    private final DashboardServer server;
    private final String url;
    private boolean closed;

    private Dashboard(ClusterSampler sampler, DashboardApi api, DashboardServer server, String url) {
        this.sampler = sampler;
        this.api = api;
        this.server = server;
        this.url = url;
    }

    /**
     * Serves the dashboard of {@code hz}'s cluster as {@code options} say, and prints where
     * ("View the dashboard at http://127.0.0.1:8265"). Returns a stopped dashboard if the options
     * turn it off or the port is taken.
     */
    public static Dashboard start(HazelcastInstance hz, DashboardOptions options) {
        Objects.requireNonNull(hz, "hz");
        Objects.requireNonNull(options, "options");
        if (!options.enabled()) {
            return new Dashboard(null, null, null, null);
        }
        LogTail.install();
        ClusterSampler sampler = new ClusterSampler(hz);
        DashboardApi api = new DashboardApi(hz, sampler);
        try {
            DashboardServer server = new DashboardServer(api, options.host(), options.port());
            String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
            String url = "http://" + host + ":" + server.port();
            // one line the user needs whatever the log level, as Ray prints its own
            System.err.println("View the dashboard at " + url);
            return new Dashboard(sampler, api, server, url);
        } catch (BindException e) {
            sampler.close();
            // as the line above: the user asked for a dashboard, and must hear there is none
            System.err.println("warning: the dashboard's port " + options.port() + " on " + options.host() + " is taken"
                    + " (another Hazelray's dashboard?); going on without one");
        } catch (IOException | RuntimeException e) {
            sampler.close();
            System.err.println("warning: the dashboard cannot listen on " + options.host() + ":" + options.port() + " ("
                    + e.getMessage() + "); going on without one");
            LOG.debug("dashboard not started", e);
        }
        return new Dashboard(null, null, null, null);
    }

    /** Where the page is, e.g. {@code http://127.0.0.1:8265}; empty if the dashboard is not running. */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Stops serving (the grid goes on). Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null && !closed) {
            closed = true;
            server.close();
            api.close();
            sampler.close();
        }
    }
}
