package io.hazelray.examples.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** bench gsod runs each engine with the flags the launcher gives ./hazelray gsod, read from the one copy of them. */
class GsodBenchmarkTest {
    @Test
    void shouldGiveTheEnginesTheGsodFlagsOfConfigJvmProperties() throws IOException {
        Path config = Path.of(System.getProperty("hazelray.root", ".."), "config", "jvm.properties");
        String line = Files.readAllLines(config).stream().filter(l -> l.startsWith("hazelray.jvm.flags.gsod="))
                .findFirst().orElseThrow().substring("hazelray.jvm.flags.gsod=".length()).trim();
        assertThat(GsodBenchmark.gsodFlags()).isNotEmpty().containsExactly(line.split("\\s+"));
    }
}
