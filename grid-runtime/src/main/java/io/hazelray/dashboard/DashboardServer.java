package io.hazelray.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hazelray.tasks.TaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's HTTP side, on the JDK's own server ({@code com.sun.net.httpserver}: a page and
 * a dozen JSON paths need no framework). The rules every request goes through:
 * <ul>
 *   <li>on a loopback address, the {@code Host} header must name a loopback host (a web page that
 *       rebinds its own DNS name to 127.0.0.1 cannot read the API);</li>
 *   <li>state changes are POST only, and a POST whose {@code Origin} (or {@code Sec-Fetch-Site})
 *       says it comes from another site is refused with 403;</li>
 *   <li>malformed requests get a 4xx with a JSON {@code {"error": ...}}, unknown paths and ids 404,
 *       and an unexpected failure a 500 with a one-line message: never a stack trace;</li>
 *   <li>the page takes scripts and styles from itself only (Content-Security-Policy), and writes
 *       user strings as text, never as HTML.</li>
 * </ul>
 */
final class DashboardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String WEB = "/io/hazelray/dashboard/web/";
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/static/app.js", "app.js",
            "/static/style.css", "style.css");
    private static final Pattern KILL = Pattern.compile("/api/actors/([^/]+)/kill");
    private static final Pattern TASK = Pattern.compile("/api/tasks/([^/]+)");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ObjectMapper json = new ObjectMapper();
    private final DashboardApi api;
    private final HttpServer server;
    private final ExecutorService threads;
    private final boolean loopback;

    DashboardServer(DashboardApi api, String host, int port) throws IOException {
        this.api = api;
        InetAddress address = InetAddress.getByName(host);
        this.loopback = address.isLoopbackAddress();
        this.server = HttpServer.create(new InetSocketAddress(address, port), 64);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "hazelray-dashboard-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (HttpError e) {
                sendError(exchange, e.status, e.getMessage());
            } catch (DashboardApi.NotFound e) {
                sendError(exchange, 404, e.getMessage());
            } catch (RuntimeException e) {
                LOG.debug("dashboard request {} failed", exchange.getRequestURI(), e);
                sendError(exchange, 500, "internal error: " + e.getClass().getSimpleName());
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        checkHost(exchange);
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        Map<String, String> query = query(uri.getRawQuery());
        String file = STATIC.get(path);
        if (file != null) {
            requireMethod(method, "GET");
            sendStatic(exchange, file);
            return;
        }
        Matcher kill = KILL.matcher(path);
        if (kill.matches()) {
            requireMethod(method, "POST");
            checkSameOrigin(exchange);
            sendJson(exchange, 200, api.kill(decode(kill.group(1))));
            return;
        }
        requireMethod(method, "GET");
        Matcher task = TASK.matcher(path);
        Object body = switch (path) {
            case "/api/cluster" -> api.cluster();
            case "/api/tasks" -> api.tasks(state(query.get("state")), intParam(query, "page", 1, 1, 1_000_000),
                    intParam(query, "size", 50, 1, DashboardApi.MAX_PAGE_SIZE));
            case "/api/actors" -> api.actors();
            case "/api/objects" -> api.objects();
            case "/api/jobs" -> api.jobs();
            case "/api/errors" -> api.errors();
            case "/api/logs" -> api.logs(intParam(query, "lines", 200, 1, LogTail.KEPT));
            default -> task.matches() ? api.task(decode(task.group(1))) : null;
        };
        if (body == null) {
            throw new HttpError(404, "no such path: " + path);
        }
        sendJson(exchange, 200, body);
    }

    /** On loopback, only loopback names: another site's name rebound to 127.0.0.1 is refused. */
    private void checkHost(HttpExchange exchange) {
        if (!loopback) {
            return;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String name = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (!LOOPBACK_HOSTS.contains(name)) {
            throw new HttpError(403, "the dashboard answers only to a loopback host name (127.0.0.1, localhost)");
        }
    }

    /** A state-changing request must come from the dashboard's own page (or from a script, which sends no Origin). */
    private static void checkSameOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            throw new HttpError(403, "cross-origin request refused");
        }
        String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new HttpError(403, "cross-site request refused");
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new HttpError(405, "use " + allowed + " here, not " + method);
        }
    }

    private static TaskInfo.State state(String value) {
        if (value == null || value.isEmpty() || value.equals("all")) {
            return null;
        }
        try {
            return TaskInfo.State.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "state must be one of all, queued, running, finished, failed; was '" + value + "'");
        }
    }

    private static int intParam(Map<String, String> query, String name, int byDefault, int min, int max) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpError(400, name + " must be a number from " + min + " to " + max + ", was '" + value + "'");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            out.put(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "malformed percent-encoding in the request");
        }
    }

    private void sendStatic(HttpExchange exchange, String file) throws IOException {
        byte[] bytes;
        try (InputStream in = DashboardServer.class.getResourceAsStream(WEB + file)) {
            if (in == null) {
                throw new HttpError(404, "missing resource " + file);
            }
            bytes = in.readAllBytes();
        }
        String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        send(exchange, 200, bytes);
    }

    private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(exchange, status, json.writeValueAsBytes(body));
    }

    private void sendError(HttpExchange exchange, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        sendJson(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A request the dashboard refuses, with its status. */
    static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
