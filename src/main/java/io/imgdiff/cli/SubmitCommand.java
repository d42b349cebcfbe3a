package io.imgdiff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imgdiff.config.RunSettings;
import io.imgdiff.queue.RunInfo;
import io.imgdiff.submit.InputReader;
import io.imgdiff.submit.RunSubmitter;
import io.imgdiff.submit.SubmitInput;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code imgdiff submit INPUT}: creates a run from captions, caption pairs or image pairs. */
@Command(name = "submit", description = {
        "Submit a run. INPUT is a JSONL (or text) file of captions -> enters at edit;",
        "a JSONL of {captionA, captionB} -> generate; a JSONL manifest of {imageA, imageB} or a directory",
        "of <id>_a.png/<id>_b.png pairs -> filter."})
class SubmitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "INPUT", description = "file or directory to submit; - reads JSONL from stdin")
    Path input;

    @Option(names = "--run", paramLabel = "ID", description = "run id (default: run-<time>-<random>)")
    String run;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "stage setting for this run, e.g. filter.min-cos=0.9")
    List<String> settings = new ArrayList<>();

    @Inject
    RunSubmitter submitter;

    @Inject
    ObjectMapper json;

    @Override
    public Integer call() {
        var overrides = RunSettings.parseOverrides(settings);
        SubmitInput parsed = "-".equals(input.toString()) ? read(System.in) : new InputReader(json).read(input);
        RunInfo info = submitter.submit(run, parsed, overrides);
        System.out.printf("run %s: %d items entered at '%s'%n  follow it: imgdiff status %s --watch%n",
                info.id(), info.items(), info.entry().key(), info.id());
        return 0;
    }

    /** JSONL or caption lines from stdin; relative image paths resolve against the working directory. */
    SubmitInput read(java.io.InputStream stdin) {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(stdin, StandardCharsets.UTF_8));
        List<String> lines;
        try {
            lines = reader.lines().toList();
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read stdin: " + e.getCause().getMessage());
        }
        return new InputReader(json).readLines(lines, "stdin", Path.of("").toAbsolutePath());
    }
}
