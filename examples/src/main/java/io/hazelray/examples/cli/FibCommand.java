package io.hazelray.examples.cli;

import picocli.CommandLine;
import io.hazelray.cli.HazelrayCommand;
import io.hazelray.Hazelray;
import io.hazelray.HazelrayOptions;
import io.hazelray.examples.fibonacci.Fibonacci;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code ./hazelray fib [SIZE]}: the seed's Fibonacci, locally and as remote tasks on an embedded member. */
@Command(name = "fib", mixinStandardHelpOptions = true,
        description = "The seed's Fibonacci example: one sequence per CPU, locally, then as remote tasks.")
public final class FibCommand implements HazelrayCommand, Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "100000", paramLabel = "SIZE",
            description = "Sequence size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU slots and sequences (default: the machine's cores).")
    Integer cpus;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (size < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "SIZE must be 0 or more, was " + size);
        }
        if (cpus != null && cpus < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cpus must be at least 1, was " + cpus);
        }
        int n = cpus != null ? cpus : Runtime.getRuntime().availableProcessors();
        Fibonacci.runLocal(size, n, System.out);
        try (Hazelray ray = Hazelray.init(HazelrayOptions.builder().cpus(n).build())) {
            Fibonacci.runRemote(ray, size, n, System.out);
        }
        return 0;
    }
}
