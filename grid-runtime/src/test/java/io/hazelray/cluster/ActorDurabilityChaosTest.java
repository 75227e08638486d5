package io.hazelray.cluster;

import io.hazelray.ConnectOptions;
import io.hazelray.Hazelray;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.Durability;
import io.hazelray.core.ActorDiedException;
import io.hazelray.core.ObjectRef;
import io.hazelray.runtime.MemberProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What each durability mode keeps when the process of an actor's owner is killed -9 (three member
 * processes, a client driver in this JVM): every acknowledged call (the default), the state of the
 * last checkpoint (the calls acknowledged since then are lost, the actor goes on; a call in flight
 * runs again on it), nothing for an
 * owner-only actor (restarted from its constructor within maxRestarts, or failed).
 */
@Tag("chaos")
class ActorDurabilityChaosTest {
    private static final Duration GET = Duration.ofSeconds(90);
    private final String cluster = "durability-" + UUID.randomUUID();
    private final MemberProcesses processes = new MemberProcesses();

    @AfterEach
    void stopEverything() {
        processes.close();
    }

    @Test
    void shouldKeepWhatEachDurabilityModePromisesWhenTheOwnersProcessIsKilled() throws Exception {
        List<MemberProcesses.Member> members = processes.startJoined(3, "--cluster-name", cluster, "--cpus", "2",
                "--allow-code-upload");
        try (Hazelray ray = Hazelray.connect(ConnectOptions.builder()
                .addresses(members.stream().map(MemberProcesses.Member::address).toList()).clusterName(cluster).build())) {
            // Given: four actors with one owner, each told 25 increments, one at a time
            String owner = null;
            ActorHandle<ChaosTest.Counter> everyCall = null;
            ActorHandle<ChaosTest.Counter> checkpointed = null;
            ActorHandle<ChaosTest.Counter> restartable = null;
            ActorHandle<ChaosTest.Counter> ownerOnly = null;
            for (int i = 0; i < 200 && ownerOnly == null; i++) {
                int kind = owner == null ? 0 : everyCall == null ? 0 : checkpointed == null ? 1 : restartable == null ? 2 : 3;
                ActorHandle<ChaosTest.Counter> a = switch (kind) {
                    case 0 -> ray.actor(ChaosTest.Counter::new).remote();
                    case 1 -> ray.actor(ChaosTest.Counter::new).durability(Durability.checkpoint(10, Duration.ofMinutes(10)))
                            .remote();
                    case 2 -> ray.actor(ChaosTest.Counter::new).durability(Durability.ownerOnly()).maxRestarts(1).remote();
                    default -> ray.actor(ChaosTest.Counter::new).durability(Durability.ownerOnly()).remote();
                };
                String place = ray.get(ray.task(ChaosTest::placeOf, a.actorId()).remote(), GET);
                String at = place.substring(0, place.indexOf(' '));
                if (owner == null) {
                    owner = at;
                }
                if (!at.equals(owner)) {
                    continue;
                }
                switch (kind) {
                    case 0 -> everyCall = a;
                    case 1 -> checkpointed = a;
                    case 2 -> restartable = a;
                    default -> ownerOnly = a;
                }
            }
            assertThat(ownerOnly).as("four actors on member " + owner).isNotNull();
            for (ActorHandle<ChaosTest.Counter> a : List.of(everyCall, checkpointed, restartable, ownerOnly)) {
                for (long n = 1; n <= 25; n++) {
                    assertThat(ray.get(a.task(ChaosTest.Counter::increment).remote(), GET)).isEqualTo(n);
                }
            }
            // And: a 26th call in flight on the checkpointing actor (sent, running for 3 s, not answered)
            ObjectRef<Long> inFlight = checkpointed.task(ChaosTest.Counter::incrementSlowly, 3_000).remote();
            Thread.sleep(1_000);
            // When: their owner's process is killed -9
            String victimAddress = owner;
            MemberProcesses.Member victim = members.stream().filter(m -> m.address().equals(victimAddress)).findFirst()
                    .orElseThrow();
            long killedAt = System.nanoTime();
            victim.kill();
            // Then: every call (the default); the checkpoint of the 20th call, on which the call in
            // flight runs again, once; a restart; a failure naming the mode
            assertThat(ray.get(everyCall.task(ChaosTest.Counter::value).remote(), GET)).as("every call").isEqualTo(25);
            assertThat(ray.get(inFlight, GET)).as("the call in flight, run again on the checkpoint of the 20th call")
                    .isEqualTo(21);
            assertThat(ray.get(checkpointed.task(ChaosTest.Counter::value).remote(), GET)).as("checkpoint every 10 calls")
                    .isEqualTo(21);
            assertThat(ray.get(checkpointed.task(ChaosTest.Counter::increment).remote(), GET)).isEqualTo(22);
            assertThat(ray.get(restartable.task(ChaosTest.Counter::value).remote(), GET)).as("owner only, restarted")
                    .isZero();
            ActorHandle<ChaosTest.Counter> lost = ownerOnly;
            assertThatThrownBy(() -> ray.get(lost.task(ChaosTest.Counter::value).remote(), GET))
                    .isInstanceOf(ActorDiedException.class).hasMessageContaining("durability ownerOnly")
                    .hasMessageContaining(victimAddress).hasMessageContaining("maxRestarts is 0");
            System.out.println("durability chaos: all four answered " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt)
                    + " ms after kill -9 of " + victimAddress);
        }
    }
}
