package io.hazelray.actors;

import io.hazelray.core.ActorDiedException;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Threaded actors (maxConcurrency), plain ones (one call at a time), and kill with restart. */
class ThreadedActorTest extends SingleMemberActorTest {
    static final AtomicInteger INSIDE = new AtomicInteger();
    static final AtomicInteger MOST_INSIDE = new AtomicInteger();
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    /** A thread-safe actor whose calls wait (up to a bound) until {@code n} calls are inside at once. */
    public static final class Gate implements Serializable {
        private final AtomicLong total = new AtomicLong();

        public Gate() {
            CONSTRUCTED.incrementAndGet();
        }

        public int enter(int n, long maxWaitMillis) throws InterruptedException {
            int now = INSIDE.incrementAndGet();
            MOST_INSIDE.accumulateAndGet(now, Math::max);
            try {
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
                while (MOST_INSIDE.get() < n && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                total.incrementAndGet();
                return MOST_INSIDE.get();
            } finally {
                INSIDE.decrementAndGet();
            }
        }

        @ReadOnly
        public long total() {
            return total.get();
        }
    }

    @Test
    void shouldServeNCallsAtOnceOnAThreadedActor() {
        // Given
        resetGate();
        ActorHandle<Gate> gate = actors.actor(Gate::new).maxConcurrency(4).remote();
        // When: four calls, each waiting until four are inside (30 s at most)
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            refs.add(gate.task(Gate::enter, 4, 30_000L).remote());
        }
        // Then: all four were inside together (more CPU slots than the member's two), and every effect committed
        assertThat(ray.get(refs)).containsOnly(4);
        assertThat(ray.get(gate.task(Gate::total).remote())).isEqualTo(4L);
        assertThat(MOST_INSIDE.get()).isEqualTo(4);
    }

    @Test
    void shouldNeverRunTwoCallsAtOnceOnAPlainActor() {
        // Given
        resetGate();
        ActorHandle<Gate> gate = actors.actor(Gate::new).remote();
        TaskRuntime other = closeAfterTest(Tasks.driver(startMember(2, config -> Actors.configure(config, 2))));
        ActorHandle<Gate> viaOther = Actors.runtime(other).<Gate>getActorById(gate.actorId()).orElseThrow();
        // When: calls from two members (two callers), each waiting up to 300 ms for a second one inside
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        List<ObjectRef<Integer>> otherRefs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            refs.add(gate.task(Gate::enter, 2, 300L).remote());
            otherRefs.add(viaOther.task(Gate::enter, 2, 300L).remote());
        }
        // Then
        assertThat(ray.get(refs)).containsOnly(1);
        assertThat(other.get(otherRefs)).containsOnly(1);
        assertThat(ray.get(gate.task(Gate::total).remote())).isEqualTo(6L);
    }

    @Test
    void shouldKeepCallingAThreadedActorThroughAHandleFoundByName() {
        resetGate();
        actors.actor(Gate::new).name("gate").maxConcurrency(3).remote();
        ActorHandle<Gate> found = actors.<Gate>getActor("gate").orElseThrow();
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            refs.add(found.task(Gate::enter, 1, 0L).remote());
        }
        ray.get(refs);
        assertThat(ray.get(found.task(Gate::total).remote())).isEqualTo(9L);
    }

    @Test
    void shouldRejectAConcurrencyOutOfRangeNamingIt() {
        assertThatThrownBy(() -> actors.actor(Gate::new).maxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConcurrency").hasMessageContaining("0");
        assertThatThrownBy(() -> actors.actor(Gate::new).maxRestarts(-2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRestarts");
    }

    @Test
    void shouldRestartWithAFreshStateWhenKilledWithRestartAndDieWhenNoRestartIsLeft() {
        // Given: a counter that may restart once
        resetGate();
        ActorHandle<TestActors.Counter> counter = actors.actor(TestActors.Counter::new, 10).maxRestarts(1).remote();
        assertThat(ray.get(counter.task(TestActors.Counter::add, 5).remote())).isEqualTo(15);
        // When: killed with a restart
        actors.kill(counter, false);
        // Then: it serves calls again (a batch of them, the first of which restarts it), from its constructor's state
        List<ObjectRef<Integer>> afterRestart = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            afterRestart.add(counter.task(TestActors.Counter::increment).remote());
        }
        assertThat(ray.get(afterRestart)).containsExactly(11, 12, 13);
        // When: killed with a restart again, with none left
        actors.kill(counter, false);
        // Then: it is dead, and says so
        assertThatThrownBy(() -> ray.get(counter.task(TestActors.Counter::increment).remote()))
                .isInstanceOf(ActorDiedException.class).hasMessageContaining(counter.actorId()).hasMessageContaining("killed");
    }

    @Test
    void shouldKillAPlainActorEvenWhenAskedToRestartIt() {
        ActorHandle<TestActors.Counter> counter = actors.actor(TestActors.Counter::new, 0).name("once").remote();
        ray.get(counter.task(TestActors.Counter::increment).remote());
        actors.kill(counter, false);
        assertThatThrownBy(() -> ray.get(counter.task(TestActors.Counter::increment).remote()))
                .isInstanceOf(ActorDiedException.class).hasMessageContaining("'once'");
        assertThat(actors.getActor("once")).isEmpty();
    }

    @Test
    void shouldRestartAThreadedActor() {
        resetGate();
        ActorHandle<Gate> gate = actors.actor(Gate::new).maxConcurrency(2).maxRestarts(-1).remote();
        ray.get(gate.task(Gate::enter, 1, 0L).remote());
        actors.kill(gate, false);
        assertThat(ray.get(gate.task(Gate::total).remote())).isZero();
        assertThat(CONSTRUCTED.get()).isEqualTo(2);
    }

    private static void resetGate() {
        INSIDE.set(0);
        MOST_INSIDE.set(0);
        CONSTRUCTED.set(0);
    }
}
