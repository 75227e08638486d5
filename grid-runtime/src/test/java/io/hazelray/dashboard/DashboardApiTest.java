package io.hazelray.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.Hazelray;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ActorDiedException;
import io.hazelray.core.ObjectRef;
import io.hazelray.runtime.GridTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dashboard's JSON API against a live two-member grid, and its safety rules. */
class DashboardApiTest extends GridTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private String base;

    @AfterEach
    void closeDashboards() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private List<HazelcastInstance> gridWithDashboard() {
        List<HazelcastInstance> members = startCluster(2, 2);
        Dashboard dashboard = Dashboard.start(members.get(0), DashboardOptions.onPort(0));
        closeables.add(dashboard);
        base = dashboard.url().orElseThrow();
        return members;
    }

    @Test
    void shouldShowTasksActorsObjectsAndErrorsOfBothMembers() throws Exception {
        // Given: 40 tasks (5 of them throw), a large object, a named actor with one failed call
        List<HazelcastInstance> members = gridWithDashboard();
        try (Hazelray ray = Hazelray.connect(members.get(1))) {
            List<ObjectRef<Integer>> refs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                refs.add(ray.task(DashboardApiTest::failOnMultipleOf8, i).remote());
            }
            ray.waitFor(refs);
            ObjectRef<byte[]> big = ray.put(new byte[300_000]);
            ActorHandle<Box> box = ray.actor(Box::new).name("box-1").remote();
            ray.get(box.task(Box::add, 3).remote());
            ObjectRef<Integer> bad = box.task(Box::add, -1).remote();
            assertThatThrownBy(() -> ray.get(bad)).hasMessageContaining("no negatives");

            // When / Then: the cluster, with exact counts over both members
            JsonNode cluster = get("/api/cluster");
            assertThat(cluster.get("members")).hasSize(2);
            assertThat(cluster.get("cpuSlots").asInt()).isEqualTo(4);
            assertThat(cluster.get("members").get(0).get("heapMax").asLong()).isPositive();
            assertThat(cluster.at("/tasks/finished").asLong() + cluster.at("/tasks/failed").asLong()).isEqualTo(40);
            assertThat(cluster.at("/tasks/failed").asLong()).isEqualTo(5);

            // failed tasks, filtered on the members, with their error; one trace a request away
            JsonNode failed = get("/api/tasks?state=failed");
            assertThat(failed.get("matching").asInt()).isEqualTo(5);
            assertThat(failed.get("rows")).hasSize(5).allSatisfy(r -> {
                assertThat(r.get("state").asText()).isEqualTo("FAILED");
                assertThat(r.get("function").asText()).contains("failOnMultipleOf8");
                assertThat(r.get("error").asText()).contains("IllegalStateException").contains("multiple of 8");
                assertThat(r.get("stackTrace").isNull()).isTrue();
            });
            String failedId = failed.get("rows").get(0).get("id").asText();
            JsonNode trace = get("/api/tasks/" + encode(failedId));
            assertThat(trace.get("stackTrace").asText()).contains("failOnMultipleOf8").contains("IllegalStateException");

            // paging
            JsonNode page2 = get("/api/tasks?state=finished&page=2&size=10");
            assertThat(page2.get("matching").asInt()).isEqualTo(35);
            assertThat(page2.get("pages").asInt()).isEqualTo(4);
            assertThat(page2.get("rows")).hasSize(10);
            JsonNode page4 = get("/api/tasks?state=finished&page=4&size=10");
            assertThat(page4.get("rows")).hasSize(5);

            // the actor: where it lives, its backup elsewhere, calls served, its last error
            JsonNode actors = get("/api/actors");
            assertThat(actors.get("actors")).hasSize(1);
            JsonNode actor = actors.get("actors").get(0);
            assertThat(actor.get("id").asText()).isEqualTo(box.actorId());
            assertThat(actor.get("name").asText()).isEqualTo("box-1");
            assertThat(actor.get("className").asText()).isEqualTo("DashboardApiTest.Box");
            assertThat(actor.get("state").asText()).isEqualTo("ALIVE");
            assertThat(actor.get("backupMember").asText()).isNotEqualTo(actor.get("member").asText()).startsWith("127.0.0.1:");
            assertThat(actor.get("callsServed").asLong()).isEqualTo(2); // add(3) and add(-1); creating it is no call
            assertThat(actor.get("callsFailed").asLong()).isEqualTo(1);
            assertThat(actor.get("lastError").asText()).contains("no negatives");
            assertThat(actor.get("stateBytes").asLong()).isPositive();

            // objects: counted per member, the large one listed with its owner driver and member
            JsonNode objects = get("/api/objects");
            assertThat(objects.get("members")).hasSize(2);
            assertThat(objects.get("largest").get(0).get("id").asText()).isEqualTo(big.id());
            assertThat(objects.get("largest").get(0).get("bytes").asLong()).isGreaterThan(300_000);
            assertThat(big.id()).startsWith(objects.get("largest").get(0).get("driver").asText() + "/");

            // errors at a glance: task and actor failures together
            JsonNode errors = get("/api/errors");
            assertThat(errors.get("errors")).anySatisfy(e -> assertThat(e.get("kind").asText()).isEqualTo("actor"));
            assertThat(errors.get("errors")).anySatisfy(e -> assertThat(e.get("kind").asText()).isEqualTo("task"));

            assertThat(get("/api/jobs").get("jobs").isArray()).isTrue();
            assertThat(get("/api/logs?lines=10").get("members")).hasSize(2);
        }
    }

    @Test
    void shouldKillAnActorByIdOnlyThroughASameOriginPost() throws Exception {
        List<HazelcastInstance> members = gridWithDashboard();
        try (Hazelray ray = Hazelray.connect(members.get(0))) {
            ActorHandle<Box> box = ray.actor(Box::new).name("to-kill").remote();
            ray.get(box.task(Box::add, 1).remote());
            String kill = "/api/actors/" + encode(box.actorId()) + "/kill";

            assertThat(send("GET", kill, null).statusCode()).isEqualTo(405);
            HttpResponse<String> crossSite = send("POST", kill, "http://evil.example");
            assertThat(crossSite.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(crossSite.body()).get("error").asText()).contains("cross-origin");
            HttpResponse<String> unknown = send("POST", "/api/actors/no-such-actor/kill", null);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains("no-such-actor");
            assertThat(ray.get(box.task(Box::add, 1).remote())).isEqualTo(2); // still alive

            HttpResponse<String> killed = send("POST", kill, base);
            assertThat(killed.statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> ray.get(box.task(Box::add, 1).remote())).isInstanceOf(ActorDiedException.class);
            assertThat(ray.getActor("to-kill")).isEmpty(); // the name was released too
            JsonNode actor = get("/api/actors").get("actors").get(0);
            assertThat(actor.get("state").asText()).isEqualTo("DEAD");
        }
    }

    @Test
    void shouldAnswerMalformedRequestsWithA4xxJsonError() throws Exception {
        gridWithDashboard();
        for (String path : List.of("/api/tasks?page=abc", "/api/tasks?state=bogus", "/api/tasks?size=100000",
                "/api/nothing", "/api/tasks/no-such-task")) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(path).isBetween(400, 499);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
            assertThat(JSON.readTree(r.body()).get("error").asText()).as(path).isNotBlank();
            assertThat(r.body()).doesNotContain("at io.hazelray").doesNotContain("Exception");
        }
        assertThat(send("POST", "/api/cluster", null).statusCode()).isEqualTo(405);
        assertThat(rawStatus("/api/tasks?state=%zz", "127.0.0.1")).isEqualTo(400);
        // a page on another site whose name was rebound to 127.0.0.1 cannot read the API
        assertThat(rawStatus("/api/cluster", "evil.example:" + URI.create(base).getPort())).isEqualTo(403);
        assertThat(rawStatus("/api/cluster", "localhost:" + URI.create(base).getPort())).isEqualTo(200);
    }

    @Test
    void shouldServeThePageWithAStrictContentSecurityPolicyAndNoHtmlFromData() throws Exception {
        gridWithDashboard();
        HttpResponse<String> page = send("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(page.body()).contains("/static/app.js").doesNotContain("http://").doesNotContain("https://");
        String js = send("GET", "/static/app.js", null).body();
        // user strings reach the page only as text nodes
        assertThat(js).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(");
    }

    @Test
    void shouldGoOnWithoutADashboardWhenThePortIsTaken() throws Exception {
        List<HazelcastInstance> members = gridWithDashboard();
        int port = URI.create(base).getPort();
        try (Dashboard second = Dashboard.start(members.get(1), DashboardOptions.onPort(port))) {
            assertThat(second.isRunning()).isFalse();
            assertThat(second.url()).isEmpty();
        }
        assertThat(get("/api/cluster").get("members")).hasSize(2);
        try (Dashboard off = Dashboard.start(members.get(1), DashboardOptions.off())) {
            assertThat(off.isRunning()).isFalse();
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", path, null);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** HttpClient will not set Host: a raw request does. */
    private int rawStatus(String path, String host) throws IOException {
        URI uri = URI.create(base);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static int failOnMultipleOf8(int i) {
        if (i % 8 == 0) {
            throw new IllegalStateException(i + " is a multiple of 8");
        }
        return i;
    }

    /** A small actor that refuses negative numbers. */
    public static final class Box implements Serializable {
        private int sum;

        public int add(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("no negatives: " + n);
            }
            sum += n;
            return sum;
        }
    }
}
