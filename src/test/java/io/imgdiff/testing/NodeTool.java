package io.imgdiff.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts of {@code src/test/node} (schema validation, the browser test). Where node or the npm
 * packages are missing the calling test is skipped with the reason; {@code IMGDIFF_REQUIRE_NODE_TESTS=1} (set by
 * .ci/run, which installs them) turns that skip into a failure, so CI cannot pass without running them.
 */
public final class NodeTool {

    /** The folder holding package.json, package-lock.json and the scripts. */
    public static final Path DIR = Path.of("src/test/node").toAbsolutePath();

    private NodeTool() {
    }

    /** The script's output and exit code. */
    public record Result(int exitCode, String output) {
    }

    /** Skips (or, in CI, fails) the calling test unless node and {@code packages} are installed. */
    public static void require(String... packages) {
        List<String> missing = new ArrayList<>();
        if (!onPath("node")) {
            missing.add("node (not on PATH)");
        }
        for (String p : packages) {
            if (!Files.isDirectory(DIR.resolve("node_modules").resolve(p))) {
                missing.add(p + " (run `npm ci` in src/test/node)");
            }
        }
        if (!missing.isEmpty()) {
            missing(String.join(", ", missing));
        }
    }

    /** Skips the calling test because {@code what} is not installed, or fails it where CI requires node tests. */
    public static void missing(String what) {
        String why = "node tests need " + what;
        if ("1".equals(System.getenv("IMGDIFF_REQUIRE_NODE_TESTS"))) {
            throw new AssertionError(why + "; IMGDIFF_REQUIRE_NODE_TESTS=1 forbids skipping");
        }
        System.out.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** Runs {@code node script args...} in {@link #DIR}, bounded by {@code timeoutSeconds}. */
    public static Result run(long timeoutSeconds, Map<String, String> env, String script, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node", script));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        // Read in the background so a chatty script cannot block on a full pipe before it exits.
        var out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (var in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process died; whatever was read is reported
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            throw new AssertionError("node " + script + " still running after " + timeoutSeconds + " s:\n"
                    + out.toString(StandardCharsets.UTF_8));
        }
        reader.join(5000);
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    public static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
