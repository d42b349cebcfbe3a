package io.imgdiff.cli;

import picocli.CommandLine.Command;

/** {@code imgdiff bench <what>}: benchmarks that print figures and the machine they ran on. */
@Command(name = "bench", description = "Benchmarks (print figures; compare within one run).",
        subcommands = {BenchQueueCommand.class, BenchDetectCommand.class, BenchEmbedCommand.class,
                BenchPipelineCommand.class})
class BenchCommand {
}
