package io.hazelray.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.ServiceLoader;

/**
 * {@code ./hazelray}: the command line of Hazelray. Its subcommands are every
 * {@link HazelrayCommand} on the class path (the runtime's own, the examples' jobs and
 * benchmarks), in name order. Usage errors exit with 2, failures with 1.
 */
@Command(name = "hazelray", mixinStandardHelpOptions = true, version = "hazelray 0.1.0",
        description = "Ray's programming model on a Hazelcast grid: run the seed's jobs, benchmarks and members.",
        subcommands = CommandLine.HelpCommand.class)
public final class HazelrayCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    Verbosity verbosity;

    public static void main(String[] args) {
        StandardOutput.install();
        System.exit(run(args));
    }

    /** Every command: this one, and those of the modules on the classpath (ServiceLoader), sorted by name. */
    public static CommandLine commands() {
        CommandLine cli = new CommandLine(new HazelrayCli());
        ServiceLoader.load(HazelrayCommand.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(c -> new CommandLine(c).getCommandName()))
                .forEach(cli::addSubcommand);
        return cli;
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        Verbosity.configureLogging(Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v"));
        CommandLine cli = commands();
        // One line for each kind of failure, a stack trace only with --verbose.
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("error: " + OneLineErrors.printable(e.getMessage()) + " (see: "
                    + command.getCommandSpec().qualifiedName(" ") + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (OneLineErrors.jvmShuttingDown()) {
                return 130; // Ctrl-C stopped what the command ran on: it said "interrupted", nothing more to say
            }
            commandLine.getErr().println("error: " + OneLineErrors.printable(e.getMessage() != null ? e.getMessage() : e.toString()));
            if (Verbosity.isVerbose()) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        // Ctrl-C stops every command within a second, saying "interrupted" (exit 130); a member's
        // stop is its graceful shutdown instead (its partitions move first), which takes its time.
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cli.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult leaf = parseResult;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            if (leaf.commandSpec().userObject() instanceof MemberCommand) {
                return run.execute(parseResult);
            }
            CommandLine.ParseResult all = parseResult;
            try {
                return OneLineErrors.interruptible(() -> run.execute(all));
            } catch (CommandLine.ExecutionException | CommandLine.ParameterException e) {
                throw e;
            } catch (Exception e) {
                throw new CommandLine.ExecutionException(cli, e.getMessage(), e);
            }
        });
        int code = cli.execute(args);
        // PrintStream swallows write errors: an answer that could not be written is a failure,
        // unless its reader stopped reading (| head), where the answer went as far as wanted
        if (code == 0 && (System.out.checkError() | cli.getOut().checkError())) {
            IOException why = StandardOutput.failure();
            if (StandardOutput.isBrokenPipe(why)) {
                return 141; // as a process killed by SIGPIPE
            }
            cli.getErr().println("error: could not write the output to standard output" + (why == null ? "" : ": "
                    + why.getMessage()));
            cli.getErr().flush();
            return 1;
        }
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
