package io.hazelray.actors;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.tasks.ClusterTestSupport;
import io.hazelray.tasks.TaskRuntime;
import io.hazelray.tasks.Tasks;
import org.junit.jupiter.api.BeforeEach;

/** One member with 2 CPU slots, a driver on it and its actors; torn down after each test. */
abstract class SingleMemberActorTest extends ClusterTestSupport {
    protected HazelcastInstance member;
    protected TaskRuntime ray;
    protected ActorRuntime actors;

    @BeforeEach
    void startMemberWithActors() {
        TestActors.reset();
        member = startMember(2, config -> Actors.configure(config, 2));
        ray = closeAfterTest(Tasks.driver(member));
        actors = Actors.runtime(ray);
    }
}
