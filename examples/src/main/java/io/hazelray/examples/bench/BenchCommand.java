package io.hazelray.examples.bench;

import picocli.CommandLine;
import io.hazelray.cli.HazelrayCommand;
import picocli.CommandLine.Command;

/** {@code ./hazelray bench ...}: benchmarks, each measured against its baseline in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: every figure is measured side by side with its baseline and reported as a ratio.",
        subcommands = {TasksBenchmark.class, ActorsBenchmark.class, FibBenchmark.class, GsodReadBenchmark.class, GsodBenchmark.class,
            DashboardBenchmark.class, ScaleBenchmark.class, CrossoverBenchmark.class})
public final class BenchCommand implements HazelrayCommand, Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
