package io.hazelray.actors;

import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskCancelledException;
import org.junit.jupiter.api.Test;

import io.hazelray.actors.TestActors.Recorder;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ray's {@code ray.cancel(actorCallRef)}: a call not sent to its actor yet is dropped. */
class ActorCancelTest extends SingleMemberActorTest {
    @Test
    void shouldDropQueuedCallsAndRunTheLaterOnesInOrder() throws Exception {
        // Given: a long call running, more queued behind it in this caller's channel
        ActorHandle<Recorder> recorder = actors.actor(Recorder::new).remote();
        ObjectRef<Integer> running = recorder.task(Recorder::hold).remote();
        assertThat(TestActors.holding.await(10, TimeUnit.SECONDS)).isTrue();
        ObjectRef<Integer> first = recorder.task(Recorder::append, 1).remote();
        ObjectRef<Integer> dropped = recorder.task(Recorder::append, 2).remote();
        ObjectRef<List<Integer>> droppedRead = recorder.task(Recorder::seen).remote();
        ObjectRef<Integer> last = recorder.task(Recorder::append, 3).remote();
        try {
            // When
            assertThat(actors.cancel(dropped)).isTrue();
            assertThat(actors.cancel(droppedRead)).isTrue();
            // Then: the running call is not interrupted (cancel says so), the dropped ones fail at once
            assertThat(actors.cancel(running)).as("a call already sent is not cancelled").isFalse();
            assertThatThrownBy(() -> ray.get(dropped)).isInstanceOf(TaskCancelledException.class)
                    .hasMessageContaining("Recorder::append").hasMessageContaining("cancelled before it was sent");
            assertThatThrownBy(() -> ray.get(droppedRead)).isInstanceOf(TaskCancelledException.class);
            assertThat(actors.cancel(dropped)).as("twice").isFalse();
        } finally {
            TestActors.released.countDown();
        }
        // and the others run, in order, without the dropped one
        assertThat(ray.get(running)).isZero();
        assertThat(ray.get(first)).isEqualTo(1);
        assertThat(ray.get(last)).isEqualTo(2);
        assertThat(ray.get(recorder.task(Recorder::seen).remote())).containsExactly(1, 3);
    }
}
