package io.hazelray.actors;

import com.hazelcast.map.IMap;
import io.hazelray.actors.TestActors.Sleeper;
import io.hazelray.core.ObjectRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls on different actors: in parallel up to the CPU slots, and never held up by a long call. */
class ActorConcurrencyTest extends SingleMemberActorTest {
    @Test
    void shouldRunCallsOnDifferentActorsInParallelUpToTheMembersSlots() {
        // Given: six actors on a member with two CPU slots
        List<ActorHandle<Sleeper>> sleepers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sleepers.add(actors.actor(Sleeper::new).remote());
        }
        for (ActorHandle<Sleeper> s : sleepers) {
            ray.get(s.task(Sleeper::quick).remote());
        }
        // When
        long start = System.nanoTime();
        List<ObjectRef<Long>> refs = new ArrayList<>();
        for (ActorHandle<Sleeper> s : sleepers) {
            refs.add(s.task(Sleeper::sleep, 400).remote());
        }
        ray.get(refs);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // Then: two at a time, three rounds
        assertThat(TestActors.MAX_RUNNING.get()).isEqualTo(2);
        assertThat(elapsedMillis).isBetween(1_150L, 3_000L);
    }

    @Test
    void shouldNotDelayAnotherActorOrMapOperationsInItsPartitionDuringALongCall() throws InterruptedException {
        // Given: two actors whose entries are in the same partition
        Map<Integer, ActorHandle<Sleeper>> byPartition = new HashMap<>();
        ActorHandle<Sleeper> slow = null;
        ActorHandle<Sleeper> fast = null;
        for (int i = 0; i < 300 && slow == null; i++) {
            ActorHandle<Sleeper> s = actors.actor(Sleeper::new).remote();
            ActorHandle<Sleeper> sameSlot = byPartition.putIfAbsent(partitionOf(s.actorId()), s);
            if (sameSlot != null) {
                slow = sameSlot;
                fast = s;
            }
        }
        assertThat(slow).as("two actors in one partition").isNotNull();
        int partition = partitionOf(slow.actorId());
        String plainKey = keyInPartition(partition);
        IMap<String, String> plain = member.getMap("plain");
        plain.put(plainKey, "before");
        ray.get(fast.task(Sleeper::quick).remote());
        // When: a 3-second call runs on the first
        TestActors.started = new CountDownLatch(1);
        ObjectRef<Long> longCall = slow.task(Sleeper::sleep, 3_000).remote();
        assertThat(TestActors.started.await(10, TimeUnit.SECONDS)).isTrue();
        // Then
        long t0 = System.nanoTime();
        assertThat(ray.get(fast.task(Sleeper::quick).remote())).isEqualTo(7);
        long actorMillis = millisSince(t0);
        t0 = System.nanoTime();
        assertThat(member.getMap(Actors.ACTORS_MAP).get(slow.actorId())).as("the long call's own entry").isNotNull();
        long sameEntryMillis = millisSince(t0);
        t0 = System.nanoTime();
        plain.put(plainKey, "during");
        assertThat(plain.get(plainKey)).isEqualTo("during");
        long plainMillis = millisSince(t0);
        assertThat(TestActors.RUNNING.get()).as("the long call was still running").isEqualTo(1);
        assertThat(actorMillis).as("call on another actor in the partition, ms").isLessThan(500);
        assertThat(sameEntryMillis).as("map.get of the busy actor's entry, ms").isLessThan(500);
        assertThat(plainMillis).as("put/get on another map in the partition, ms").isLessThan(500);
        assertThat(ray.get(longCall)).isEqualTo(3_000L);
    }

    private int partitionOf(Object key) {
        return member.getPartitionService().getPartition(key).getPartitionId();
    }

    private String keyInPartition(int partition) {
        for (int i = 0; ; i++) {
            if (partitionOf("k" + i) == partition) {
                return "k" + i;
            }
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
