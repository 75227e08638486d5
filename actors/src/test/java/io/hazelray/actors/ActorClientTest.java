package io.hazelray.actors;

import io.hazelray.core.ActorTaskException;
import io.hazelray.core.ActorDiedException;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.actors.TestActors.Counter;
import io.hazelray.tasks.ClusterTestSupport;
import io.hazelray.core.ObjectRef;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A driver that is a Hazelcast client of the cluster, not a member. */
class ActorClientTest extends ClusterTestSupport {

    @Test
    void shouldCreateCallAndKillActorsFromAClient() {
        // Given
        HazelcastInstance member = startMember(2, config -> Actors.configure(config, 2));
        ClientConfig clientConfig = new ClientConfig().setClusterName(clusterName());
        var address = member.getCluster().getLocalMember().getAddress();
        clientConfig.getNetworkConfig().addAddress(address.getHost() + ":" + address.getPort());
        clientConfig.setProperty("hazelcast.logging.type", "slf4j");
        HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig);
        closeAfterTest(() -> client.getLifecycleService().terminate());
        TaskRuntime ray = closeAfterTest(Tasks.driver(client));
        ActorRuntime actors = Actors.runtime(ray);
        // When
        ActorHandle<Counter> counter = actors.actor(Counter::new, 0).name("from-client").remote();
        List<ObjectRef<Integer>> refs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            refs.add(counter.task(Counter::increment).remote());
        }
        // Then
        assertThat(ray.get(refs)).containsExactlyElementsOf(IntStream.rangeClosed(1, 1_000).boxed().toList());
        for (int i = 0; i < 20; i++) {
            assertThat(ray.get(counter.task(Counter::add, 1).remote())).isEqualTo(1_001 + i);
        }
        assertThatThrownBy(() -> ray.get(counter.task(Counter::addThenFail, 5).remote()))
                .isInstanceOf(ActorTaskException.class);
        assertThat(actors.<Counter>getActor("from-client")).contains(counter);
        actors.kill(counter);
        assertThatThrownBy(() -> ray.get(counter.task(Counter::value).remote())).isInstanceOf(ActorDiedException.class);
    }
}
