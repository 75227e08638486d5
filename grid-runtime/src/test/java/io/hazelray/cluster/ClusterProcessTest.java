package io.hazelray.cluster;

import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.dashboard.DashboardOptions;
import io.hazelray.actors.ActorHandle;
import io.hazelray.cli.CliTestSupport;
import io.hazelray.cli.HazelrayCli;
import io.hazelray.core.ActorTaskException;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskException;
import io.hazelray.core.WaitResult;
import com.hazelcast.jet.config.JobConfig;
import io.hazelray.runtime.MemberProcesses;
import io.hazelray.runtime.status.ClusterStatus;
import io.hazelray.tasks.TaskContext;
import io.hazelray.tasks.TaskFunc1;
import org.example.jobs.OutsideJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hazelray as a cluster of processes: {@code hazelray member} JVMs started as a user starts them,
 * a client driver in this JVM, and job code (this test's own classes) that only the driver has.
 */
class ClusterProcessTest extends CliTestSupport {
    /** The test's own standard output (CliTestSupport captures System.out during each test). */
    private static final PrintStream CONSOLE = System.out;
    private final MemberProcesses processes = new MemberProcesses();
    private final String cluster = "proc-" + UUID.randomUUID();

    @AfterEach
    void stopMembers() {
        processes.close();
    }

    @Test
    void shouldRunTasksActorsAndObjectsOnMemberProcessesWithCodeOnlyTheDriverHas() throws Exception {
        // Given: two members that accept uploaded code, and a client driver
        List<MemberProcesses.Member> pair = twoMembersAcceptingCode();
        MemberProcesses.Member a = pair.get(0);
        MemberProcesses.Member b = pair.get(1);
        try (Hazelray ray = Hazelray.connect(options(a))) {
            // When: tasks whose class the members never saw
            List<ObjectRef<String>> refs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                refs.add(ray.task(ClusterProcessTest::whereAmI, "t" + i).remote());
            }
            // Then: they ran, on both members
            Set<String> members = new HashSet<>();
            for (int i = 0; i < refs.size(); i++) {
                String answer = ray.get(refs.get(i), Duration.ofSeconds(60));
                assertThat(answer).startsWith("t" + i + "@");
                members.add(answer.substring(answer.indexOf('@') + 1));
            }
            assertThat(members).containsExactlyInAnyOrder(a.address(), b.address());

            // An actor of a class only the driver has, with an argument of another such class
            ActorHandle<Tally> tally = ray.actor(Tally::new, new Label("votes")).remote();
            for (int i = 1; i <= 10; i++) {
                tally.task(Tally::add, i).remote();
            }
            assertThat(ray.get(tally.task(Tally::describe).remote())).isEqualTo("votes=55");

            // Nested calls made by job code (its classes came from a job class loader, with no jar
            // or folder of their own): they name the job's code, so any member can run them
            assertThat(ray.get(ray.task(ClusterProcessTest::squarePlusOneNested, 3).remote(), Duration.ofSeconds(60)))
                    .isEqualTo(10);
            assertThat(ray.get(ray.task(ClusterProcessTest::addFiveThrough, tally).remote(), Duration.ofSeconds(60)))
                    .isEqualTo("votes=60");
            assertThat(ray.get(tally.task(Tally::addSquareOf, 4).remote(), Duration.ofSeconds(60))).isEqualTo(76);
            assertThat(ray.get(ray.task(ClusterProcessTest::tallyMadeInATask, "nested").remote(), Duration.ofSeconds(60)))
                    .isEqualTo("nested=7");

            // The object store, waitFor and free
            ObjectRef<Label> label = ray.put(new Label("stored"));
            assertThat(ray.get(ray.task(ClusterProcessTest::shout, label).remote())).isEqualTo("STORED");
            WaitResult<String> ready = ray.waitFor(refs, refs.size(), Duration.ofSeconds(10));
            assertThat(ready.unready()).isEmpty();
            ray.free(label);

            // Two jobs with different versions of one class: each runs its own, side by side
            Path jobs = Files.createTempDirectory("hazelray-jobs");
            try {
                TaskFunc1<String, String> v1 = greeter(jobs.resolve("v1"), "v1");
                TaskFunc1<String, String> v2 = greeter(jobs.resolve("v2"), "v2");
                List<ObjectRef<String>> greetings = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    greetings.add(ray.task(v1, "a" + i).remote());
                    greetings.add(ray.task(v2, "b" + i).remote());
                }
                List<String> answers = ray.get(greetings);
                for (int i = 0; i < 10; i++) {
                    assertThat(answers.get(2 * i)).isEqualTo("v1 hello a" + i);
                    assertThat(answers.get(2 * i + 1)).isEqualTo("v2 hello b" + i);
                }

                // An actor of one job called with another job's copy of its class (the same source,
                // but a log file in the class folder: other code): the call says so
                Class<?> box1 = boxJob(jobs.resolve("box1")).loadClass("demo.Box");
                Path other = jobs.resolve("box2");
                Class<?> box2 = boxJob(other).loadClass("demo.Box");
                Files.writeString(other.resolve("classes/run.log"), "a log written beside the classes");
                Object box = box1.getMethod("make", Hazelray.class).invoke(null, ray);
                Method addThrough1 = box1.getMethod("addThrough", Hazelray.class, ActorHandle.class, int.class);
                assertThat(addThrough1.invoke(null, ray, box, 2)).isEqualTo(2);
                Method addThrough2 = box2.getMethod("addThrough", Hazelray.class, ActorHandle.class, int.class);
                assertThatThrownBy(() -> addThrough2.invoke(null, ray, box, 3))
                        .cause().isInstanceOf(ActorTaskException.class)
                        .hasMessageContaining("the caller's code has its own copy of class demo.Box");
                assertThat(addThrough1.invoke(null, ray, box, 3)).as("the actor's state, untouched").isEqualTo(5);
            } finally {
                try (Stream<Path> files = Files.walk(jobs)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }

            // A Jet job whose classes only the driver has: they travel with the job
            ray.hazelcast().getJet().newJob(TripleJob.pipeline("tripled"), new JobConfig().addClass(TripleJob.class)).join();
            assertThat(ray.hazelcast().<Integer>getList("tripled")).containsExactlyInAnyOrder(3, 6, 9);

            // And: status sees both members and their work, from the CLI as from the API
            ClusterStatus status = ray.status();
            assertThat(status.members()).hasSize(2);
            assertThat(status.members().stream().mapToLong(m -> m.tasks().finished()).sum()).isGreaterThanOrEqualTo(61);
            assertThat(HazelrayCli.run("status", "--address", a.address(), "--cluster-name", cluster)).isZero();
            assertThat(out()).contains("Cluster '" + cluster + "': 2 members, 4 CPU slots", a.address(), b.address(),
                    "3 actors"); // the tally, the one made in a task, the box
            assertThat(HazelrayCli.run("status", "--address", b.address(), "--cluster-name", cluster, "--json")).isZero();
            assertThat(out()).contains("\"clusterName\" : \"" + cluster + "\"", "\"cpuSlots\" : 2");
        }
    }

    @Test
    void shouldFinishTheWorkWhenAMemberStopsGracefullyMidway() throws Exception {
        // Given: two members and tasks in flight on both
        List<MemberProcesses.Member> pair = twoMembersAcceptingCode();
        MemberProcesses.Member a = pair.get(0);
        MemberProcesses.Member b = pair.get(1);
        try (Hazelray ray = Hazelray.connect(options(a))) {
            ObjectRef<Label> stored = ray.put(new Label("kept"));
            List<ObjectRef<Integer>> refs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                refs.add(ray.task(ClusterProcessTest::slowSquare, i).remote());
            }
            ray.waitFor(refs, 20, Duration.ofSeconds(60));
            // When: one member is stopped as Ctrl-C or SIGTERM stops it
            int exit = b.stop();
            // Then: every task finishes, with the right value, and the stored object is still there
            for (int i = 0; i < refs.size(); i++) {
                assertThat(ray.get(refs.get(i), Duration.ofSeconds(60))).isEqualTo(i * i);
            }
            assertThat(ray.get(stored).text()).isEqualTo("kept");
            assertThat(b.output()).as("exit " + exit).anyMatch(l -> l.startsWith("member " + b.address() + " stopped"));
            a.awaitLine(l -> l.startsWith("member left: " + b.address()), 30);
        }
    }

    @Test
    void shouldShipCodeOfferedWhileAloneToAMemberThatJoinsLater() throws Exception {
        // Given: an embedded member, alone in its cluster, that already ran tasks of code only it has
        // (offered once while alone, not shipped: nobody needed it)
        HazelrayOptions options = HazelrayOptions.builder().cpus(2).clusterName(cluster).port(MemberProcesses.freePort())
                .dashboard(DashboardOptions.off()).build();
        try (Hazelray ray = Hazelray.init(options)) {
            for (int i = 0; i < 5; i++) {
                assertThat(ray.get(ray.task(ClusterProcessTest::whereAmI, "alone" + i).remote())).startsWith("alone" + i + "@");
            }
            // When: a member process that has never seen that code joins
            var address = ray.hazelcast().getCluster().getLocalMember().getAddress();
            MemberProcesses.Member b = processes.start("--cluster-name", cluster, "--cpus", "2", "--allow-code-upload",
                    "--join", address.getHost() + ":" + address.getPort());
            // Then: the code reaches it, and tasks placed on it (as its partitions arrive) run there
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Set<String> members = new HashSet<>();
            for (int round = 0; !members.contains(b.address()) && System.nanoTime() < deadline; round++) {
                List<ObjectRef<String>> refs = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    refs.add(ray.task(ClusterProcessTest::whereAmI, "r" + round + "." + i).remote());
                }
                for (String answer : ray.get(refs)) {
                    members.add(answer.substring(answer.indexOf('@') + 1));
                }
            }
            assertThat(members).contains(b.address());
        }
    }

    @Test
    void shouldRunShippedJobCodeOutsideTheSerializationAllowlist() {
        // Given: a member that accepts uploaded code, and job classes in a package the filter does not name
        MemberProcesses.Member a = processes.start("--cluster-name", cluster, "--cpus", "1", "--allow-code-upload");
        try (Hazelray ray = Hazelray.connect(options(a))) {
            // Then: a task, an actor and a stored value of those classes work (arguments, state and results)
            assertThat(ray.get(ray.task(OutsideJob::tag, new OutsideJob.Tag("a")).remote(), Duration.ofSeconds(60)))
                    .isEqualTo(new OutsideJob.Tag("a!"));
            ActorHandle<OutsideJob.Bag> bag = ray.actor(OutsideJob.Bag::new).remote();
            bag.task(OutsideJob.Bag::add, new OutsideJob.Tag("b")).remote();
            assertThat(ray.get(bag.task(OutsideJob.Bag::add, new OutsideJob.Tag("c")).remote(), Duration.ofSeconds(60)))
                    .isEqualTo(new OutsideJob.Tag("b"));
            ObjectRef<OutsideJob.Tag> stored = ray.put(new OutsideJob.Tag("d"));
            assertThat(ray.get(ray.task(OutsideJob::tag, stored).remote(), Duration.ofSeconds(60))).isEqualTo(new OutsideJob.Tag("d!"));
        }
    }

    @Test
    void shouldRefuseUploadedCodeUnlessAllowedNamingTheClassAndTheFlag() throws Exception {
        // Given: a member started without --allow-code-upload (and serving the dashboard, on any free port)
        MemberProcesses.Member a = processes.start("--cluster-name", cluster, "--cpus", "1", "--dashboard",
                "--dashboard-port", "0");
        String dashboard = a.awaitLine(l -> l.startsWith("View the dashboard at "), 30).substring("View the dashboard at ".length());
        HttpResponse<String> view = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(dashboard + "/api/cluster")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains(a.address());
        try (Hazelray ray = Hazelray.connect(options(a))) {
            // When / Then: a task of a class the member does not have fails clearly
            ObjectRef<String> ref = ray.task(ClusterProcessTest::whereAmI, "x").remote();
            assertThatThrownBy(() -> ray.get(ref, Duration.ofSeconds(30)))
                    .isInstanceOf(TaskException.class)
                    .hasMessageContaining(ClusterProcessTest.class.getName())
                    .hasMessageContaining("member " + a.address())
                    .hasMessageContaining("--allow-code-upload")
                    .hasMessageNotContaining("ClassNotFoundException")
                    .hasMessageNotContaining("HazelcastSerializationException");
            // And: an actor too
            ActorHandle<Tally> tally = ray.actor(Tally::new, new Label("x")).remote();
            assertThatThrownBy(() -> ray.get(tally.task(Tally::describe).remote(), Duration.ofSeconds(30)))
                    .hasMessageContaining("--allow-code-upload");
            // And: the member keeps serving what it has (JDK classes)
            assertThat(ray.get(ray.put("still here"))).isEqualTo("still here");
        }
    }

    @Test
    void shouldSayClearlyWhyAMemberCannotStartInOneLine() throws Exception {
        MemberProcesses.Member a = processes.start("--cluster-name", cluster, "--cpus", "1");
        Path badYaml = Files.createTempFile("hazelray-bad", ".yaml");
        try {
            Files.writeString(badYaml, "hazelcast:\n  network:\n    port: [unclosed\n");
            // A port already taken, a seed that does not answer, a member of another cluster name, config files
            assertFailsInOneLine(1, "error: port " + a.port() + " is taken", "--port", Integer.toString(a.port()));
            int nobody = MemberProcesses.freePort();
            assertFailsInOneLine(1, "error: could not join 127.0.0.1:" + nobody + ": no member of cluster '" + cluster + "'",
                    "--join", "127.0.0.1:" + nobody, "--cluster-name", cluster);
            assertFailsInOneLine(1, "error: could not join " + a.address() + ": no member of cluster 'other'",
                    "--join", a.address(), "--cluster-name", "other");
            assertFailsInOneLine(1, "error: config file /does/not/exist.yaml does not exist", "--config", "/does/not/exist.yaml");
            assertThat(assertFailsInOneLine(1, "error: config file " + badYaml + " is invalid", "--config", badYaml.toString()))
                    .as("names the line").contains("line 3");
            // Bad flags: exit 2, naming the flag
            assertFailsInOneLine(2, "error: --join must be host:port", "--join", "nowhere");
            assertFailsInOneLine(2, "error: --classpath: /no/such.jar does not exist", "--classpath", "/no/such.jar");
        } finally {
            Files.deleteIfExists(badYaml);
        }
        // A driver that finds nobody
        int nobody = MemberProcesses.freePort();
        assertThatThrownBy(() -> Hazelray.connect(ConnectOptions.builder().addresses("127.0.0.1:" + nobody)
                .connectTimeout(Duration.ofSeconds(2)).build()))
                .hasMessageContaining("could not connect to 127.0.0.1:" + nobody + " within 2 s");
        // And: the member that was there is unharmed
        assertThat(a.process().isAlive()).isTrue();
    }

    private String assertFailsInOneLine(int exitCode, String line, String... args) throws InterruptedException {
        MemberProcesses.Member m = processes.launch(args);
        assertThat(m.process().waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        m.awaitEnd();
        assertThat(m.output()).as("the whole output of: member " + String.join(" ", args)).hasSize(1);
        assertThat(m.output().get(0)).startsWith(line);
        assertThat(m.process().exitValue()).isEqualTo(exitCode);
        return m.output().get(0);
    }

    /**
     * Compiles {@code demo.Greeter} (one version of it) into {@code dir}, loads it in a class loader
     * of its own, as a second job's driver would have it, and returns its remote function.
     */
    @SuppressWarnings("unchecked")
    private static TaskFunc1<String, String> greeter(Path dir, String version) throws Exception {
        ClassLoader loader = compile(dir, "demo/Greeter.java", """
                package demo;

                import io.hazelray.tasks.TaskFunc1;

                public final class Greeter {
                    public static String greet(String who) {
                        return "%s hello " + who;
                    }

                    public static TaskFunc1<String, String> fn() {
                        return Greeter::greet;
                    }
                }
                """.formatted(version));
        return (TaskFunc1<String, String>) loader.loadClass("demo.Greeter").getMethod("fn").invoke(null);
    }

    /** A job's own actor class, demo.Box, compiled into {@code dir}: its class loader. */
    private static ClassLoader boxJob(Path dir) throws Exception {
        return compile(dir, "demo/Box.java", """
                package demo;

                import io.hazelray.Hazelray;
                import io.hazelray.actors.ActorHandle;
                import java.io.Serializable;

                public final class Box implements Serializable {
                    private int total;

                    public int add(int n) {
                        return total += n;
                    }

                    public static ActorHandle<Box> make(Hazelray ray) {
                        return ray.actor(Box::new).remote();
                    }

                    public static int addThrough(Hazelray ray, ActorHandle<Box> box, int n) {
                        return ray.get(box.task(Box::add, n).remote());
                    }
                }
                """);
    }

    /** Compiles one source file into {@code dir}/classes, as a job's class folder: its class loader. */
    private static ClassLoader compile(Path dir, String file, String source) throws Exception {
        Path path = dir.resolve("src").resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, source);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                path.toString());
        assertThat(rc).as("javac").isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClusterProcessTest.class.getClassLoader());
    }

    /** Two member processes of this test's cluster, 2 CPU slots each, that accept uploaded code, joined. */
    @Test
    void shouldRestartAnActorWhoseConstructorKilledItsMemberProcess() throws Exception {
        // Given: two members, and an actor whose constructor halts its JVM the first time it runs
        List<MemberProcesses.Member> pair = twoMembersAcceptingCode();
        Path marker = Files.createTempDirectory("hazelray-restart").resolve("ran-once");
        try (Hazelray ray = Hazelray.connect(ConnectOptions.builder().addresses(List.of(pair.get(0).address(), pair.get(1).address()))
                .clusterName(cluster).build())) {
            // When
            long start = System.nanoTime();
            ActorHandle<Phoenix> phoenix = ray.actor(Phoenix::new, marker.toString()).maxRestarts(1).remote();
            String where = ray.get(phoenix.task(Phoenix::where).remote(), Duration.ofSeconds(60));
            CONSOLE.printf("restart: the actor answered %d ms after its creation, its first constructor having"
                    + " halted its member%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            // Then: the member that ran the constructor is gone, and the actor came back on the other one
            MemberProcesses.Member dead = pair.stream().filter(m -> !m.process().isAlive()).findFirst().orElseThrow();
            MemberProcesses.Member alive = pair.get(0) == dead ? pair.get(1) : pair.get(0);
            assertThat(dead.process().waitFor()).isEqualTo(3);
            assertThat(where).isEqualTo(alive.address() + " attempt 1");
            assertThat(ray.get(phoenix.task(Phoenix::add, 5).remote(), Duration.ofSeconds(30))).isEqualTo(5);
        } finally {
            Files.deleteIfExists(marker);
            Files.deleteIfExists(marker.getParent());
        }
    }

    private List<MemberProcesses.Member> twoMembersAcceptingCode() {
        MemberProcesses.Member a = processes.start("--cluster-name", cluster, "--cpus", "2", "--allow-code-upload");
        MemberProcesses.Member b = processes.start("--cluster-name", cluster, "--cpus", "2", "--allow-code-upload",
                "--join", a.address());
        a.awaitLine(l -> l.startsWith("member joined: " + b.address()), 30);
        return List.of(a, b);
    }

    private ConnectOptions options(MemberProcesses.Member member) {
        return ConnectOptions.builder().addresses(member.address()).clusterName(cluster).build();
    }

    // ---- job code: these classes exist in this test JVM only -------------------------------------

    static String whereAmI(String tag) {
        return tag + "@" + TaskContext.current().orElseThrow().memberAddress();
    }

    static int squarePlusOneNested(int x) {
        Hazelray ray = Hazelray.current();
        return ray.get(ray.task(ClusterProcessTest::slowSquare, x).remote()) + 1;
    }

    static String addFiveThrough(ActorHandle<Tally> tally) {
        Hazelray ray = Hazelray.current();
        ray.get(tally.task(Tally::add, 5).remote());
        return ray.get(tally.task(Tally::describe).remote());
    }

    static String tallyMadeInATask(String name) {
        Hazelray ray = Hazelray.current();
        ActorHandle<Tally> made = ray.actor(Tally::new, new Label(name)).remote();
        made.task(Tally::add, 7).remote();
        return ray.get(made.task(Tally::describe).remote());
    }

    static String shout(Label label) {
        return label.text().toUpperCase(Locale.ROOT);
    }

    static int slowSquare(int x) throws InterruptedException {
        Thread.sleep(20);
        return x * x;
    }

    /** A value class only the driver has. */
    record Label(String text) implements Serializable {
    }

    /** An actor class only the driver has. */
    /** Halts its member's JVM (exit 3) in its constructor when {@code marker} does not exist yet, and creates it. */
    public static final class Phoenix implements Serializable {
        private final String born;
        private int total;

        public Phoenix(String marker) throws Exception {
            Path path = Path.of(marker);
            if (!Files.exists(path)) {
                Files.createFile(path);
                Runtime.getRuntime().halt(3);
            }
            TaskContext context = TaskContext.current().orElseThrow();
            born = context.memberAddress() + " attempt " + context.attempt();
        }

        public String where() {
            return born;
        }

        public int add(int n) {
            return total += n;
        }
    }

    public static final class Tally implements Serializable {
        private final Label label;
        private int total;

        public Tally(Label label) {
            this.label = label;
        }

        public int add(int n) {
            total += n;
            return total;
        }

        public String describe() {
            return label.text() + "=" + total;
        }

        /** A method that submits a task (a nested call from an actor of job code). */
        public int addSquareOf(int x) {
            Hazelray ray = Hazelray.current();
            total += ray.get(ray.task(ClusterProcessTest::slowSquare, x).remote());
            return total;
        }
    }
}
