package io.hazelray.tasks;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.HazelrayException;
import io.hazelray.core.ObjectLostException;
import io.hazelray.core.ObjectRef;
import io.hazelray.core.TaskException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ray's {@code num_returns}: one task, a ref per returned value, each freed on its own. */
class NumReturnsTest extends ClusterTestSupport {

    @Test
    void shouldGiveARefPerReturnedValueEachFreedOnItsOwn() {
        HazelcastInstance member = startMember(2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        // small parts and a large one (stored in the grid under its own id)
        List<ObjectRef<Object>> parts = ray.task(NumReturnsTest::parts, 300_000).withNumReturns(3).remoteAll();
        assertThat(parts).hasSize(3).doesNotHaveDuplicates();
        assertThat(ray.get(parts.get(0))).isEqualTo("first");
        assertThat(ray.get(parts.get(1))).isEqualTo(42);
        assertThat((byte[]) ray.get(parts.get(2))).hasSize(300_000);
        assertThat(member.getMap(Tasks.OBJECTS_MAP).containsKey(parts.get(2).id())).isTrue();
        // each freed on its own
        ray.free(List.of(parts.get(2)));
        assertThatThrownBy(() -> ray.get(parts.get(2))).isInstanceOf(ObjectLostException.class);
        assertThat(member.getMap(Tasks.OBJECTS_MAP).containsKey(parts.get(2).id())).isFalse();
        assertThat(ray.get(parts.get(0))).isEqualTo("first");
        // an array works as a List does
        List<ObjectRef<Integer>> squares = ray.task(NumReturnsTest::squares, 4).withNumReturns(4).remoteAll();
        assertThat(ray.get(squares)).containsExactly(0, 1, 4, 9);
    }

    @Test
    void shouldFailEveryPartWhenTheTaskFailsOrReturnsTheWrongCount() {
        HazelcastInstance member = startMember(2);
        TaskRuntime ray = closeAfterTest(Tasks.driver(member));
        List<ObjectRef<Integer>> wrong = ray.task(NumReturnsTest::squares, 3).withNumReturns(2).remoteAll();
        for (ObjectRef<Integer> part : wrong) {
            assertThatThrownBy(() -> ray.get(part)).isInstanceOf(HazelrayException.class)
                    .hasMessageContaining("task 'NumReturnsTest::squares' returned a int[] of 3, but withNumReturns(2)");
        }
        List<ObjectRef<Integer>> failed = ray.task(TestFunctions::divide, 1, 0).withNumReturns(2).remoteAll();
        for (ObjectRef<Integer> part : failed) {
            assertThatThrownBy(() -> ray.get(part)).isInstanceOf(TaskException.class).hasMessageContaining("/ by zero");
        }
        assertThatThrownBy(() -> ray.task(NumReturnsTest::squares, 2).withNumReturns(2).remote())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("remoteAll()");
    }

    static List<Object> parts(int bytes) {
        return List.of("first", 42, new byte[bytes]);
    }

    static int[] squares(int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = i * i;
        }
        return s;
    }
}
