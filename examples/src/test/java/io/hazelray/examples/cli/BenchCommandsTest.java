package io.hazelray.examples.cli;

import io.hazelray.cli.CliTestSupport;
import io.hazelray.cli.HazelrayCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark commands parse their flags and run end to end at a tiny size (benchmarks are not
 * tests: no figure is checked, only that every row is there). The Ignite baseline runs when the
 * root build made its jar (the reactor builds benchmarks-ignite before this module).
 */
class BenchCommandsTest extends CliTestSupport {
    @Test
    void shouldRejectBadFlagsNamingThem() {
        assertThat(HazelrayCli.run("bench", "tasks", "--members", "3")).isEqualTo(2);
        assertThat(err()).contains("--members takes 1 or 2, got 3");
        assertThat(HazelrayCli.run("bench", "tasks", "--members", "2", "--address", "127.0.0.1:5701")).isEqualTo(2);
        assertThat(err()).contains("--members 2");
        assertThat(HazelrayCli.run("bench", "tasks", "--rounds", "0")).isEqualTo(2);
        assertThat(err()).contains("--rounds");
        assertThat(HazelrayCli.run("bench", "scale", "--max-tasks", "5000")).isEqualTo(2);
        assertThat(err()).contains("--max-tasks takes a power of ten from 1000, got 5000");
        assertThat(HazelrayCli.run("bench", "crossover", "--max-size", "1")).isEqualTo(2);
        assertThat(err()).contains("--max-size takes 2 or more, got 1");
    }

    @Test
    void shouldRunBenchTasksWithTheIgniteBaselineAtATinySize() {
        boolean ignite = Files.isRegularFile(Path.of(System.getProperty("hazelray.root", "."),
                "benchmarks-ignite/target/hazelray-ignite-bench.jar"));
        int code = HazelrayCli.run("bench", "tasks", "--sync-calls", "20", "--pipelined-calls", "50", "--rounds", "1",
                "--skip-objects", "--skip-fib");
        assertThat(code).as(err()).isZero();
        assertThat(out()).contains("hazelray task, sync", "hazelray task, pipelined, CPU per call");
        if (ignite) {
            assertThat(out()).contains("ignite compute call, sync", "hazelray task, pipelined vs ignite compute callAsync, pipelined");
        }
    }

    @Test
    void shouldRunScaleAndCrossoverAtATinySize(@TempDir Path gsod) {
        assertThat(HazelrayCli.run("bench", "scale", "--max-tasks", "1000", "--actors", "1,3", "--actor-calls", "20",
                "--gsod-stations", "10", "--gsod-dir", gsod.toString())).as(err()).isZero();
        assertThat(out()).contains("1,000 tasks in flight: heap per task in flight", "3 actors: pipelined calls/s",
                "gsod jet, 40 stations a year", "gsod actors: slope");
        resetCapture();
        assertThat(HazelrayCli.run("bench", "crossover", "--max-size", "4", "--min-seconds", "0")).as(err()).isZero();
        assertThat(out()).contains("per-task overhead", "speedup").containsPattern("(?m)^ +4 +[0-9.]+ +[0-9.]+ +[0-9.]+x");
    }
}
