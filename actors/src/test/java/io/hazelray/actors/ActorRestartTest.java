package io.hazelray.actors;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.ActorDiedException;
import io.hazelray.core.ActorTaskException;
import io.hazelray.tasks.ClusterTestSupport;
import io.hazelray.tasks.TaskContext;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Actors whose constructor or method takes its member down (terminated in this JVM; the process
 * version is in grid-runtime's ClusterProcessTest): maxRestarts and maxTaskRetries.
 */
class ActorRestartTest extends ClusterTestSupport {
    /** How many more constructors or methods take their member down. */
    static final AtomicInteger BOMBS = new AtomicInteger();
    /** The member of the test's driver: never taken down (its calls would go with it). */
    static volatile HazelcastInstance spared;

    @BeforeEach
    void reset() {
        BOMBS.set(0);
    }

    /** Takes its member down once in its constructor or in {@link #explode()}, while BOMBS lasts. */
    public static final class Bomb implements Serializable {
        private final int attempt;
        private int calls;

        public Bomb(boolean inConstructor) throws InterruptedException {
            TaskContext context = TaskContext.current().orElseThrow();
            attempt = context.attempt();
            if (inConstructor) {
                detonate(context.hazelcast());
            }
        }

        public int explode() throws InterruptedException {
            detonate(TaskContext.current().orElseThrow().hazelcast());
            return ++calls;
        }

        public int increment() {
            return ++calls;
        }

        @ReadOnly
        public int attempt() {
            return attempt;
        }

        private static void detonate(HazelcastInstance member) throws InterruptedException {
            if (member != spared && BOMBS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Thread down = new Thread(() -> member.getLifecycleService().terminate());
                down.start();
                down.join(30_000);
            }
        }
    }

    @Test
    void shouldRestartAnActorWhoseConstructorTookItsMemberDown() {
        TaskRuntime ray = driverOnTwoMembers();
        ActorHandle<Bomb> bomb = createWhileBombed(ray, actors -> actors.actor(Bomb::new, true).maxRestarts(1).remote());
        assertThat(ray.get(bomb.task(Bomb::attempt).remote())).as("the constructor's run").isEqualTo(1);
        assertThat(ray.get(bomb.task(Bomb::increment).remote())).isEqualTo(1);
    }

    @Test
    void shouldFailAnActorWhoseConstructorTookItsMemberDownWithoutRestarts() {
        TaskRuntime ray = driverOnTwoMembers();
        ActorHandle<Bomb> bomb = createWhileBombed(ray, actors -> actors.actor(Bomb::new, true).remote());
        assertThatThrownBy(() -> ray.get(bomb.task(Bomb::increment).remote())).isInstanceOf(ActorDiedException.class)
                .hasMessageContaining(bomb.actorId()).hasMessageContaining("the member running its constructor was lost")
                .hasMessageContaining("maxRestarts is 0");
    }

    @Test
    void shouldNotRunAgainACallWhoseMemberWasLostPastMaxTaskRetriesAndKeepTheActor() {
        TaskRuntime ray = driverOnTwoMembers();
        ActorHandle<Bomb> bomb = null;
        for (int i = 0; i < 20 && bomb == null; i++) {
            ActorHandle<Bomb> candidate = Actors.runtime(ray).actor(Bomb::new, false).maxTaskRetries(0).remote();
            assertThat(ray.get(candidate.task(Bomb::increment).remote())).isEqualTo(1);
            BOMBS.set(1);
            try {
                ray.get(candidate.task(Bomb::explode).remote());
                BOMBS.set(0); // it ran on the driver's member: no bomb; try another actor
            } catch (ActorTaskException e) {
                assertThat(e).hasMessageContaining("Bomb::explode").hasMessageContaining("was lost 1 time(s)")
                        .hasMessageContaining("maxTaskRetries (0)");
                bomb = candidate;
            }
        }
        assertThat(bomb).as("an actor owned by another member than the driver's").isNotNull();
        // the actor lives on from its committed state: the lost call had no effect
        assertThat(ray.get(bomb.task(Bomb::increment).remote())).isEqualTo(2);
    }

    private TaskRuntime driverOnTwoMembers() {
        List<HazelcastInstance> cluster = startCluster(2, 2, config -> Actors.configure(config, 2));
        spared = cluster.get(0);
        return closeAfterTest(Tasks.driver(cluster.get(0)));
    }

    /** Creates actors until one's constructor ran on another member than the driver's, and took it down. */
    private static ActorHandle<Bomb> createWhileBombed(TaskRuntime ray, Function<ActorRuntime, ActorHandle<Bomb>> create) {
        for (int i = 0; i < 20; i++) {
            BOMBS.set(1);
            ActorHandle<Bomb> bomb = create.apply(Actors.runtime(ray));
            try {
                ray.get(bomb.task(Bomb::attempt).remote());
            } catch (ActorDiedException e) {
                return bomb; // went off, and the actor could not restart
            }
            if (BOMBS.get() == 0) {
                return bomb; // went off, and the actor restarted
            }
        }
        throw new AssertionError("no actor's constructor ran away from the driver's member in 20 tries");
    }
}
