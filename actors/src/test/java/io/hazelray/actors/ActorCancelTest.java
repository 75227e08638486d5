package io.hazelray.actors;

import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskCancelledException;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ray's {@code ray.cancel(actorCallRef)}: a call not sent to its actor yet is dropped. */
class ActorCancelTest extends SingleMemberActorTest {
    static volatile CountDownLatch holding = new CountDownLatch(1);
    static volatile CountDownLatch released = new CountDownLatch(1);

    @Test
    void shouldDropQueuedCallsAndRunTheLaterOnesInOrder() throws Exception {
        // Given: a long call running, more queued behind it in this caller's channel
        holding = new CountDownLatch(1);
        released = new CountDownLatch(1);
        ActorHandle<Gated> gated = actors.actor(Gated::new).remote();
        ObjectRef<Integer> running = gated.task(Gated::hold).remote();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        ObjectRef<Integer> first = gated.task(Gated::append, 1).remote();
        ObjectRef<Integer> dropped = gated.task(Gated::append, 2).remote();
        ObjectRef<List<Integer>> droppedRead = gated.task(Gated::seen).remote();
        ObjectRef<Integer> last = gated.task(Gated::append, 3).remote();
        try {
            // When
            assertThat(actors.cancel(dropped)).isTrue();
            assertThat(actors.cancel(droppedRead)).isTrue();
            // Then: the running call is not interrupted (cancel says so), the dropped ones fail at once
            assertThat(actors.cancel(running)).as("a call already sent is not cancelled").isFalse();
            assertThatThrownBy(() -> ray.get(dropped)).isInstanceOf(TaskCancelledException.class)
                    .hasMessageContaining("Gated::append").hasMessageContaining("cancelled before it was sent");
            assertThatThrownBy(() -> ray.get(droppedRead)).isInstanceOf(TaskCancelledException.class);
            assertThat(actors.cancel(dropped)).as("twice").isFalse();
        } finally {
            released.countDown();
        }
        // and the others run, in order, without the dropped one
        assertThat(ray.get(running)).isZero();
        assertThat(ray.get(first)).isEqualTo(1);
        assertThat(ray.get(last)).isEqualTo(2);
        assertThat(ray.get(gated.task(Gated::seen).remote())).containsExactly(1, 3);
    }

    /** An actor whose {@code hold} runs until the test releases it. */
    public static final class Gated implements Serializable {
        private final List<Integer> seen = new ArrayList<>();

        public int hold() throws InterruptedException {
            holding.countDown();
            released.await(60, TimeUnit.SECONDS);
            return seen.size();
        }

        public int append(int n) {
            seen.add(n);
            return seen.size();
        }

        @ReadOnly
        public List<Integer> seen() {
            return new ArrayList<>(seen);
        }
    }
}
