package io.hazelray.actors;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.tasks.ClusterTestSupport;
import io.hazelray.tasks.ObjectRef;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActorSmokeTest extends ClusterTestSupport {
    @Test
    void smoke() {
        HazelcastInstance hz = startMember(2, c -> Actors.configure(c, 2));
        TaskRuntime ray = closeAfterTest(Tasks.driver(hz));
        ActorRuntime actors = Actors.runtime(ray);
        ActorHandle<TestActors.Counter> c = actors.actor(TestActors.Counter::new, 10).name("c").remote();
        ObjectRef<Integer> n = c.task(TestActors.Counter::increment).remote();
        assertThat(ray.get(n)).isEqualTo(11);
        assertThat(ray.get(c.task(TestActors.Counter::add, 5).remote())).isEqualTo(16);
        assertThat(ray.get(c.task(TestActors.Counter::value).remote())).isEqualTo(16);
    }
}
