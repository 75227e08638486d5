package io.hazelray;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ObjectRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java serialization filter is on by default: Hazelray's, Hazelcast's and the JDK's classes
 * (and the user's declared packages and job code) deserialize; a Serializable class of some other
 * library on the classpath (Jackson's ObjectMapper here, as a stand-in for a gadget) is refused,
 * naming it, and the member keeps serving.
 */
class SerializationFilterTest {
    private Hazelray ray;

    @AfterEach
    void shutdown() {
        if (ray != null) {
            ray.shutdown();
        }
    }

    @Test
    void shouldServeAllowedClassesAndRefuseOthersNamingTheClass() {
        // Given: an embedded member with the default settings
        ray = Hazelray.init(HazelrayOptions.builder().clusterName("filter-" + UUID.randomUUID()).cpus(2).build());
        // Then: tasks, actors and puts of allowed classes work
        assertThat(ray.get(ray.task(SerializationFilterTest::describe, new Note("a")).remote())).isEqualTo("note a");
        ActorHandle<Notes> notes = ray.actor(Notes::new).remote();
        notes.task(Notes::add, new Note("b")).remote();
        assertThat(ray.get(notes.task(Notes::size).remote())).isEqualTo(1);
        assertThat(ray.get(ray.put(new ArrayList<>(List.of(new Note("c")))))).containsExactly(new Note("c"));

        // When: a task argument of a class outside the allowlist reaches the member
        ObjectRef<String> blocked = ray.task(SerializationFilterTest::describeAny, (Object) new ObjectMapper()).remote();
        // Then: it fails naming the class, without a stack trace in the message
        assertThatThrownBy(() -> ray.get(blocked, Duration.ofSeconds(30)))
                .hasMessageContaining(ObjectMapper.class.getName())
                .hasMessageContaining("hazelray.serialization.allow");
        // And: a stored object of such a class is refused to its reader too
        ObjectRef<Object> stored = ray.put(new ObjectMapper());
        assertThatThrownBy(() -> ray.get(stored)).hasMessageContaining(ObjectMapper.class.getName());
        // And: the member keeps serving
        assertThat(ray.get(ray.task(SerializationFilterTest::describe, new Note("d")).remote())).isEqualTo("note d");
        assertThat(ray.get(notes.task(Notes::size).remote())).isEqualTo(1);

        // And: a client driver filters what it reads as well, and works for allowed classes
        var address = ray.hazelcast().getCluster().getLocalMember().getAddress();
        try (Hazelray client = Hazelray.connect(ConnectOptions.builder().addresses(address.getHost() + ":" + address.getPort())
                .clusterName(ray.hazelcast().getConfig().getClusterName()).build())) {
            assertThat(client.get(client.task(SerializationFilterTest::describe, new Note("e")).remote())).isEqualTo("note e");
            ObjectRef<Object> fromClient = client.put(new ObjectMapper());
            assertThatThrownBy(() -> client.get(fromClient)).hasMessageContaining(ObjectMapper.class.getName())
                    .hasMessageContaining("hazelray.serialization.allow");
        }
    }

    static String describe(Note note) {
        return "note " + note.text();
    }

    static String describeAny(Object value) {
        return value.getClass().getName();
    }

    record Note(String text) implements Serializable {
    }

    /** An actor whose state holds values of a user class. */
    public static final class Notes implements Serializable {
        private final List<Note> notes = new ArrayList<>();

        public int add(Note note) {
            notes.add(note);
            return notes.size();
        }

        public int size() {
            return notes.size();
        }
    }
}
