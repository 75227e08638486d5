package io.hazelray.examples.bench;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Every benchmark's {@code --json FILE} option and where its report goes: the table, and the file if asked. */
public final class ReportOutput {
    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
    Path json;

    void emit(BenchReport report, PrintStream out) throws IOException {
        report.print(out);
        if (json != null) {
            report.writeJson(json);
        }
    }
}
