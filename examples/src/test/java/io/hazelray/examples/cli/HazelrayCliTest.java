package io.hazelray.examples.cli;

import io.hazelray.cli.CliTestSupport;
import io.hazelray.cli.HazelrayCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: exit codes, messages, the seed's output lines. */
class HazelrayCliTest extends CliTestSupport {
    @Test
    void shouldRejectUnknownOptionWithExitCode2AndNameIt() {
        int code = HazelrayCli.run("fib", "--bogus");
        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("Unknown option: '--bogus'");
    }

    @Test
    void shouldRejectUnknownCommand() {
        assertThat(HazelrayCli.run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("frobnicate");
    }

    @Test
    void shouldRejectBadSizeNamingIt() {
        assertThat(HazelrayCli.run("fib", "-5")).isEqualTo(2);
        assertThat(HazelrayCli.run("fib", "ten")).isEqualTo(2);
        assertThat(err()).contains("SIZE").contains("ten");
    }

    @Test
    void shouldPrintHelpEverywhere() {
        assertThat(HazelrayCli.run("--help")).isZero();
        assertThat(HazelrayCli.run("fib", "--help")).isZero();
        assertThat(HazelrayCli.run("bench", "tasks", "--help")).isZero();
        assertThat(out()).contains("Usage: hazelray [", "Usage: hazelray fib", "Usage: hazelray bench tasks");
    }

    @Test
    void shouldPrintEveryCommandsHelpWithoutAWarning() {
        // every command and subcommand: a description picocli cannot format (a bare '%') warns on stderr
        List<String> paths = new ArrayList<>();
        collect(HazelrayCli.commands(), List.of(), paths);
        assertThat(paths).contains("member", "gsod download", "bench actors");
        for (String path : paths) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.add("--help");
            assertThat(HazelrayCli.run(args.toArray(String[]::new))).as(path).isZero();
            assertThat(out()).as(path).contains("Usage: hazelray " + path);
            assertThat(err()).as(path).isEmpty();
        }
    }

    private static void collect(CommandLine command, List<String> prefix, List<String> paths) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help") || !sub.getValue().getCommandName().equals(sub.getKey())) {
                continue; // picocli's help command, and aliases
            }
            List<String> path = new ArrayList<>(prefix);
            path.add(sub.getKey());
            paths.add(String.join(" ", path));
            collect(sub.getValue(), path, paths);
        }
    }

    @Test
    void shouldPrintTheSeedsFibonacciLines() {
        int code = HazelrayCli.run("fib", "2000", "--cpus", "2");
        assertThat(code).isZero();
        assertThat(out().lines())
                .anyMatch(l -> l.matches("Sequence size: 2000, Local execution time: \\d+\\.\\d\\d"))
                .anyMatch(l -> l.matches("Sequence size: 2000, Remote execution time: \\d+\\.\\d\\d"))
                .anyMatch(l -> l.startsWith("Warm-up (not in the seed; --no-warmup skips it): local "))
                .anyMatch(l -> l.matches("Remote is \\d+\\.\\d\\dx faster than local \\(2 sequences on 2 CPU slots;"
                        + " median of 3 passes each: local \\d+\\.\\d\\d s, remote \\d+\\.\\d\\d s\\)"));
        assertThat(out().lines().filter(l -> l.startsWith("Sequence size: 2000, Remote execution time: "))).hasSize(3);
    }

    @Test
    void shouldTimeColdAsTheSeedWithNoWarmup() {
        int code = HazelrayCli.run("fib", "2000", "--cpus", "2", "--no-warmup");
        assertThat(code).isZero();
        assertThat(out().lines()).noneMatch(l -> l.startsWith("Warm-up"))
                .anyMatch(l -> l.matches("Sequence size: 2000, Local execution time: \\d+\\.\\d\\d"));
    }

    @Test
    void shouldTimeOnePassAndRefuseZeroPasses() {
        assertThat(HazelrayCli.run("fib", "2000", "--cpus", "2", "--passes", "1")).isZero();
        assertThat(out().lines()).anyMatch(l -> l.matches("Remote is \\d+\\.\\d\\dx faster than local \\(2 sequences on 2 CPU slots\\)"));
        assertThat(HazelrayCli.run("fib", "--passes", "0")).isEqualTo(2);
        assertThat(err()).contains("--passes must be at least 1, was 0");
    }
}
