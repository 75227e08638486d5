package io.hazelray.actors.impl;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.partition.Partition;
import io.hazelray.actors.ActorHandle;
import io.hazelray.actors.ActorRuntime;
import io.hazelray.actors.Actors;
import io.hazelray.actors.ReadOnly;
import io.hazelray.tasks.ClusterTestSupport;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.GridServices;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A payload whose counts were not written by Hazelray (corrupt, or hostile: "2,147,483,647 calls
 * follow") fails its own deserialization with a message naming the count, on the member it was
 * sent to, which keeps serving; it does not allocate for the count first.
 */
class HostilePayloadTest extends ClusterTestSupport {

    public static final class Box implements Serializable {
        private int value;

        public int add(int n) {
            value += n;
            return value;
        }

        @ReadOnly
        public int value() {
            return value;
        }
    }

    /**
     * Looks like an actor batch to the member that reads it (the fields of {@link CallBatch#writeData}
     * for a mutating batch, in order), up to a count of functions that lies.
     */
    static final class ForgedBatch implements IdentifiedDataSerializable, EntryProcessor<String, Object, Object> {
        private final String actorId;
        private final int functions;

        ForgedBatch(String actorId, int functions) {
            this.actorId = actorId;
            this.functions = functions;
        }

        @Override
        public int getFactoryId() {
            return ActorsSerializerHook.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return ActorsSerializerHook.CALL_BATCH;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeByte(CallBatch.MUTATE);
            out.writeString(actorId);
            out.writeString(null);
            out.writeString("forger");
            out.writeLong(1);
            out.writeInt(0);
            out.writeBoolean(false);
            out.writeString("forger");
            out.writeString(Box.class.getName());
            out.writeInt(0);                              // losses seen by the caller
            out.writeString("forger");                    // the member it was sent to
            out.writeInt(functions);                      // the lie
        }

        @Override
        public void readData(ObjectDataInput in) {
            throw new UnsupportedOperationException("only written");
        }

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            throw new UnsupportedOperationException("never read back as itself");
        }
    }

    @Test
    void shouldRefuseABatchWithAHostileCountAndKeepServing() {
        // Given: two members; an actor whose partition the second one owns
        List<HazelcastInstance> members = startCluster(2, 2, config -> Actors.configure(config, 2));
        HazelcastInstance sender = members.get(0);
        TaskRuntime ray = closeAfterTest(Tasks.driver(sender));
        ActorRuntime actors = Actors.runtime(ray);
        ActorHandle<Box> box = null;
        for (int i = 0; box == null; i++) {
            ActorHandle<Box> candidate = actors.actor(Box::new).name("box-" + i).remote();
            Partition p = sender.getPartitionService().getPartition(candidate.actorId());
            if (!p.getOwner().localMember()) {
                box = candidate;
            }
        }
        assertThat(ray.get(box.task(Box::add, 5).remote())).isEqualTo(5);
        // When / Then: read where it is, the forged count fails with a message that names it
        GridServices grid = GridServices.of(sender);
        byte[] forged = grid.toBytes(new ForgedBatch(box.actorId(), Integer.MAX_VALUE));
        assertThatThrownBy(() -> grid.fromBytes(forged)).isInstanceOf(HazelcastSerializationException.class)
                .hasStackTraceContaining("refused a payload with 2147483647 functions in an actor batch");
        // and sent to the owner, it fails there, the caller is told, and the actor keeps its state and serves
        String actorId = box.actorId();
        assertThatThrownBy(() -> sender.<String, Object>getMap(Actors.ACTORS_MAP).executeOnKey(actorId, new ForgedBatch(actorId, -7)))
                .hasStackTraceContaining("refused a payload with -7 functions in an actor batch");
        assertThat(ray.get(box.task(Box::add, 1).remote())).isEqualTo(6);
        assertThat(ray.get(box.task(Box::value).remote())).isEqualTo(6);
    }

    @Test
    void shouldRefuseAnActorEntryProcessorSentToAnotherMapOrKey() {
        // Given: a user's map, and an actor
        HazelcastInstance member = startMember(2, config -> Actors.configure(config, 2));
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        ActorHandle<Box> box = Actors.runtime(ray).actor(Box::new).remote();
        assertThat(ray.get(box.task(Box::add, 3).remote())).isEqualTo(3);
        IMap<String, Object> users = member.getMap("users");
        users.put(box.actorId(), "alice");
        // When / Then: the kill of that actor, sent to the user's map, is refused and writes nothing
        assertThatThrownBy(() -> users.executeOnKey(box.actorId(), new KillActor(box.actorId(), null, false)))
                .hasMessageContaining("not an actor record").hasMessageContaining(Actors.ACTORS_MAP);
        assertThat(users.get(box.actorId())).isEqualTo("alice");
        // and sent to another actor's key, it is refused too; the actor lives on
        IMap<String, Object> records = member.getMap(Actors.ACTORS_MAP);
        assertThatThrownBy(() -> records.executeOnKey(box.actorId(), new KillActor("someone-else", null, false)))
                .hasMessageContaining("an entry processor for actor someone-else was sent to key " + box.actorId());
        assertThat(ray.get(box.task(Box::add, 1).remote())).isEqualTo(4);
    }
}
