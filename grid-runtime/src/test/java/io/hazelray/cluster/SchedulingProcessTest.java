package io.hazelray.cluster;

import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.NodeInfo;
import io.hazelray.actors.ActorHandle;
import io.hazelray.cli.CliTestSupport;
import io.hazelray.cli.HazelrayCli;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskException;
import io.hazelray.runtime.MemberProcesses;
import io.hazelray.tasks.NodeAffinity;
import io.hazelray.tasks.TaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scheduling across member processes: custom resources, node affinity, locality of large arguments. */
class SchedulingProcessTest extends CliTestSupport {
    private final MemberProcesses processes = new MemberProcesses();
    private final String cluster = "sched-" + UUID.randomUUID();

    @AfterEach
    void stopMembers() {
        processes.close();
    }

    @Test
    void shouldPlaceByResourcesAffinityAndLocalityOnMemberProcesses() throws Exception {
        // Given: a plain member and one that offers a GPU
        MemberProcesses.Member plain = processes.start("--cluster-name", cluster, "--cpus", "2", "--allow-code-upload");
        MemberProcesses.Member gpu = processes.start("--cluster-name", cluster, "--cpus", "2", "--allow-code-upload",
                "--resources", "GPU=1", "--join", plain.address());
        plain.awaitLine(l -> l.startsWith("member joined: " + gpu.address()), 30);
        assertThat(gpu.output()).anyMatch(l -> l.contains("with 2 CPU slots and GPU=1"));
        try (Hazelray ray = Hazelray.connect(ConnectOptions.builder().addresses(plain.address()).clusterName(cluster).build())) {
            // Then: the cluster view shows the GPU
            assertThat(ray.clusterResources()).isEqualTo(Map.of(Hazelray.CPU, 4.0, "GPU", 1.0));
            assertThat(ray.availableResources()).isEqualTo(Map.of(Hazelray.CPU, 4.0, "GPU", 1.0));
            NodeInfo gpuNode = ray.nodes().stream().filter(n -> n.address().equals(gpu.address())).findFirst().orElseThrow();
            assertThat(gpuNode.resources()).isEqualTo(Map.of(Hazelray.CPU, 2.0, "GPU", 1.0));
            assertThat(HazelrayCli.run("status", "--address", plain.address(), "--cluster-name", cluster)).isZero();
            assertThat(out()).contains("slots 0/2  GPU 0/1");

            // When: GPU tasks and a GPU actor
            List<ObjectRef<String>> refs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                refs.add(ray.task(SchedulingProcessTest::whereAmI).withResources(Map.of("GPU", 1.0)).remote());
            }
            ActorHandle<Where> actor = ray.actor(Where::new).withResources(Map.of("GPU", 1.0)).remote();
            // Then: they run on the GPU member; more GPUs than any member has fail at once, naming it
            assertThat(ray.get(refs)).containsOnly(gpu.address());
            assertThat(ray.get(actor.task(Where::where).remote(), Duration.ofSeconds(60))).isEqualTo(gpu.address());
            ObjectRef<String> tooMuch = ray.task(SchedulingProcessTest::whereAmI).withResources(Map.of("GPU", 2.0)).remote();
            assertThatThrownBy(() -> ray.get(tooMuch, Duration.ofSeconds(10))).isInstanceOf(TaskException.class)
                    .hasMessageContaining("no member has 1 CPU slot and GPU=2; the largest for it, " + gpu.address()
                            + ", has 2 CPU slots and GPU=1");
            assertThatThrownBy(() -> ray.actor(Where::new).withResources(Map.of("TPU", 1.0)).remote())
                    .hasMessageContaining("no member has 1 CPU slot and TPU=1");

            // A large argument: the task runs where it lives
            for (int i = 0; i < 3; i++) {
                ObjectRef<byte[]> large = ray.put(new byte[4 << 20]);
                String owner = ray.get(ray.task(SchedulingProcessTest::ownerOf, large.id()).remote(), Duration.ofSeconds(60));
                assertThat(ray.get(ray.task(SchedulingProcessTest::whereWith, large).remote(), Duration.ofSeconds(60)))
                        .isEqualTo(owner);
            }

            // A hard affinity runs on its node; once that node is gone, it fails at once, saying so
            NodeInfo plainNode = ray.nodes().stream().filter(n -> n.address().equals(plain.address())).findFirst().orElseThrow();
            assertThat(ray.get(ray.task(SchedulingProcessTest::whereAmI)
                    .withSchedulingStrategy(NodeAffinity.hard(gpuNode.uuid())).remote(), Duration.ofSeconds(60)))
                    .isEqualTo(gpu.address());
            gpu.kill();
            plain.awaitLine(l -> l.startsWith("member left: " + gpu.address()), 30);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (ray.nodes().size() != 1) { // the driver (a client) learns it a moment later
                assertThat(System.nanoTime()).as("the driver sees the member leave").isLessThan(deadline);
                Thread.sleep(20);
            }
            ObjectRef<String> gone = ray.task(SchedulingProcessTest::whereAmI)
                    .withSchedulingStrategy(NodeAffinity.hard(gpuNode.uuid())).remote();
            assertThatThrownBy(() -> ray.get(gone, Duration.ofSeconds(10))).isInstanceOf(TaskException.class)
                    .hasMessageContaining("node " + gpuNode.uuid() + " of its hard NodeAffinity is not in the cluster");
            assertThat(ray.get(ray.task(SchedulingProcessTest::whereAmI)
                    .withSchedulingStrategy(NodeAffinity.soft(gpuNode.uuid())).remote(), Duration.ofSeconds(60)))
                    .isEqualTo(plainNode.address());
        }
    }

    @Test
    void shouldRejectABadResourcesFlagInOneLine() {
        assertThat(HazelrayCli.run("member", "--resources", "GPU=lots")).isEqualTo(2);
        assertThat(err()).contains("--resources: the amount of GPU, 'lots', is not a number, in 'GPU=lots'");
        resetCapture();
        assertThat(HazelrayCli.run("member", "--resources", "GPU")).isEqualTo(2);
        assertThat(err()).contains("--resources: 'GPU' is not NAME=AMOUNT");
    }

    // ---- job code: these classes exist in this test JVM only -------------------------------------

    static String whereAmI() {
        return TaskContext.current().orElseThrow().memberAddress();
    }

    static String whereWith(byte[] data) {
        return TaskContext.current().orElseThrow().memberAddress() + (data.length < 0 ? "?" : "");
    }

    /** The member that owns object {@code id}'s partition. */
    static String ownerOf(String id) {
        var owner = TaskContext.current().orElseThrow().hazelcast().getPartitionService().getPartition(id).getOwner();
        return owner.getAddress().getHost() + ":" + owner.getAddress().getPort();
    }

    /** An actor that says where it runs. */
    public static final class Where implements Serializable {
        public String where() {
            return whereAmI();
        }
    }
}
