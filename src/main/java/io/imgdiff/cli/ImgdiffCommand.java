package io.imgdiff.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code imgdiff}: the top command; every action is a subcommand. */
@Command(name = "imgdiff", mixinStandardHelpOptions = true, version = "imgdiff 0.1.0",
        description = "Synthesises contrastive image-difference data (Img-Diff) on Redis-fed workers.",
        subcommands = {SubmitCommand.class, StatusCommand.class, RunsCommand.class, ExportCommand.class,
                DeadLetterCommand.class, WorkerCommand.class, ApiCommand.class, DemoCommand.class, BenchCommand.class,
                EvalCommand.class})
public class ImgdiffCommand {

    /** Read by {@link ImgdiffMain} before start-up; declared here so every subcommand accepts it. */
    @Option(names = "--redis", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Redis URL (default: quarkus.redis.hosts, i.e. redis://127.0.0.1:6379)")
    String redis;
}
