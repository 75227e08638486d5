package io.hazelray.cli;

/**
 * A subcommand of {@code ./hazelray}, found through {@link java.util.ServiceLoader}: a picocli
 * {@code @Command} class with a public no-argument constructor that implements this interface
 * and is listed in {@code META-INF/services/io.hazelray.cli.HazelrayCommand} of its jar. That is
 * how the examples module adds {@code fib}, {@code gsod} and {@code bench} without the runtime
 * knowing them; a new command is one class and one line there.
 *
 * <pre>{@code
 * @Command(name = "hello", description = "Says hello from a task.")
 * public final class HelloCommand implements HazelrayCommand, Callable<Integer> {
 *     public Integer call() { ... return 0; }
 * }
 * }</pre>
 *
 * <p>Commands exit with 0 on success, 2 for a usage error (throw picocli's
 * {@code ParameterException}) and 1 for a failure (throw any exception: its message is printed
 * as one {@code error:} line, with the stack trace only under {@code --verbose}).
 */
public interface HazelrayCommand {
}
