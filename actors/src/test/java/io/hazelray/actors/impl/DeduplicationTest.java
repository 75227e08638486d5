package io.hazelray.actors.impl;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.ActorMethod1;
import io.hazelray.actors.ActorRuntime;
import io.hazelray.actors.Actors;
import io.hazelray.actors.ReadOnly;
import io.hazelray.tasks.ClusterTestSupport;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.EncodedArgs;
import io.hazelray.tasks.spi.GridServices;
import org.junit.jupiter.api.Test;

import java.io.Serializable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once, deterministically: a batch delivered twice (as when Hazelcast retries it on a
 * promoted backup after the owner applied it and died before answering) is answered from the
 * actor's record the second time, not applied again.
 */
class DeduplicationTest extends ClusterTestSupport {

    public static final class Total implements Serializable {
        private int total;

        public Total(int start) {
            total = start;
        }

        public int add(int n) {
            total += n;
            return total;
        }

        @ReadOnly
        public int total() {
            return total;
        }
    }

    @Test
    void shouldAnswerARepeatedBatchFromTheRecordWithoutApplyingItAgain() {
        // Given
        HazelcastInstance member = startMember(2, config -> Actors.configure(config, 2));
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        ActorRuntime actors = Actors.runtime(ray);
        ActorHandle<Total> total = actors.actor(Total::new, 1).remote();
        assertThat(ray.get(total.task(Total::total).remote())).isEqualTo(1);
        GridServices grid = GridServices.of(member);
        CallBatch add10 = batch(grid, total.actorId(), 1, 10);
        long duplicatesBefore = Actors.metrics(member).duplicateBatches();
        // When: the same batch arrives twice
        BatchReply first = member.<String, Object>getMap(Actors.ACTORS_MAP).executeOnKey(total.actorId(), add10);
        BatchReply second = member.<String, Object>getMap(Actors.ACTORS_MAP).executeOnKey(total.actorId(), add10);
        // Then
        assertThat(first.status).isEqualTo(BatchReply.DONE);
        assertThat((Integer) grid.fromBytes(first.replies[0].payload())).isEqualTo(11);
        assertThat(second.status).isEqualTo(BatchReply.DONE);
        assertThat((Integer) grid.fromBytes(second.replies[0].payload())).as("the first delivery's result").isEqualTo(11);
        assertThat(Actors.metrics(member).duplicateBatches() - duplicatesBefore).isEqualTo(1);
        assertThat(ray.get(total.task(Total::total).remote())).as("applied once").isEqualTo(11);
        // And: the caller's next batch is applied
        BatchReply next = member.<String, Object>getMap(Actors.ACTORS_MAP).executeOnKey(total.actorId(),
                batch(grid, total.actorId(), 2, 5));
        assertThat((Integer) grid.fromBytes(next.replies[0].payload())).isEqualTo(16);
    }

    /** One call of {@code Total::add(n)} with sequence number {@code seq}, as a CallerChannel builds it. */
    private static CallBatch batch(GridServices grid, String actorId, long seq, int n) {
        ActorMethod1<Total, Integer, Integer> add = Total::add;
        CallBatch b = new OffloadedBatch();
        b.mode = CallBatch.MUTATE;
        b.actorId = actorId;
        b.callerId = "test-caller";
        b.firstSeq = seq;
        b.functions = new byte[][] {grid.codec().encode(add, "method").bytes()};
        b.functionNames = new String[] {"Total::add"};
        b.functionOf = new int[] {0};
        b.refIds = new String[] {"test/" + seq};
        EncodedArgs args = new EncodedArgs(1);
        args.setValue(0, grid.toBytes(n));
        b.args = new EncodedArgs[] {args};
        b.failures = new byte[1][];
        return b;
    }
}
