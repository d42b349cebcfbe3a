package io.imgdiff.deploy;

import io.imgdiff.testing.NodeTool;
import io.imgdiff.testing.Packaged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both Dockerfiles, checked as far as a machine without a Docker engine can: lint (dockerfile-utils, npm; hadolint is
 * not obtainable here); every COPY from the build context exists and is not dockerignored; every {@code --from}
 * names an earlier stage; the build stage copies every file the pom runs; the final stage runs as a non-root
 * user with a health check. What the builder stage copies out of {@code target/} is checked against a real
 * {@code mvn package} where one has run (.ci/run packages first and sets IMGDIFF_REQUIRE_PACKAGE=1).
 */
class DockerfilesTest {

    /** One instruction: keyword, and its arguments with line continuations joined. */
    record Instruction(String keyword, String args, int line) {
    }

    @Test
    void lint() throws Exception {
        NodeTool.require("dockerfile-utils");
        NodeTool.Result r = NodeTool.run(60, Map.of(), "lint-dockerfiles.mjs", Path.of("Dockerfile").toAbsolutePath()
                .toString(), Path.of("Dockerfile.native").toAbsolutePath().toString());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("2 Dockerfile(s), 0 problem(s)"), r.output());
        Path broken = Files.createTempFile("Dockerfile", ".broken");
        Files.writeString(broken, Files.readString(Path.of("Dockerfile")).replace("EXPOSE 8080", "EXPOSE http"));
        NodeTool.Result bad = NodeTool.run(60, Map.of(), "lint-dockerfiles.mjs", broken.toString());
        Files.delete(broken);
        assertEquals(1, bad.exitCode(), "the linter must catch a bad port:\n" + bad.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.native"})
    void stagesAndContextPathsFit(String file) throws IOException {
        List<Instruction> ins = parse(Path.of(file));
        List<String> stages = new ArrayList<>();
        Set<String> copied = new HashSet<>();
        for (Instruction i : ins) {
            if (i.keyword().equals("FROM")) {
                stage(file, i, stages);
            } else if (i.keyword().equals("COPY")) {
                copied.addAll(contextSources(file, i, stages));
            }
        }
        // every build-context file the pom executes must have been copied in, or the image build fails there
        Matcher m = Pattern.compile("\\$\\{project\\.basedir}/([\\w./-]+)").matcher(Files.readString(Path.of("pom.xml")));
        while (m.find()) {
            String used = m.group(1);
            if (!used.startsWith("src/test/")) {
                assertTrue(copied.stream().anyMatch(c -> used.equals(c) || used.startsWith(c)),
                        file + ": the pom runs " + used + ", which the build stage does not copy");
            }
        }
        Instruction user = ins.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b).orElseThrow();
        assertFalse(user.args().startsWith("0") || user.args().startsWith("root"), file + ": final USER is root");
        assertTrue(ins.stream().anyMatch(i -> i.keyword().equals("HEALTHCHECK")), file + ": no HEALTHCHECK");
        assertTrue(ins.stream().anyMatch(i -> i.keyword().equals("ENTRYPOINT") && i.args().startsWith("[")),
                file + ": ENTRYPOINT must be exec form, so SIGTERM reaches the JVM/executable (drain on shutdown)");
    }

    /** A FROM: a pinned base image (or a build argument), and a stage name used once. */
    private static void stage(String file, Instruction i, List<String> stages) {
        Matcher m = Pattern.compile("^(\\S+)(?:\\s+AS\\s+(\\S+))?$", Pattern.CASE_INSENSITIVE).matcher(i.args());
        assertTrue(m.matches(), file + ":" + i.line() + ": FROM " + i.args());
        assertTrue(m.group(1).startsWith("${") || m.group(1).matches(".+:[\\w.-]+") && !m.group(1).endsWith(":latest"),
                file + ":" + i.line() + ": base image not pinned to a tag: " + m.group(1));
        if (m.group(2) != null) {
            assertFalse(stages.contains(m.group(2)), file + ": stage " + m.group(2) + " named twice");
            stages.add(m.group(2));
        }
    }

    /** A COPY: {@code --from} names an earlier stage; context sources exist and are not dockerignored. */
    private static List<String> contextSources(String file, Instruction i, List<String> stages) throws IOException {
        List<String> words = List.of(i.args().split("\\s+"));
        String from = words.stream().filter(w -> w.startsWith("--from=")).map(w -> w.substring(7)).findFirst()
                .orElse(null);
        if (from != null) {
            assertTrue(stages.contains(from), file + ":" + i.line() + ": --from=" + from + " is no earlier stage");
            return List.of();
        }
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.replace("**/", "")).toList();
        List<String> sources = words.stream().filter(w -> !w.startsWith("--")).toList();
        List<String> out = new ArrayList<>();
        for (String src : sources.subList(0, sources.size() - 1)) {
            Path p = Path.of(src);
            assertTrue(Files.exists(p), file + ":" + i.line() + ": COPY source " + src + " does not exist");
            assertTrue(ignored.stream().noneMatch(src::startsWith),
                    file + ":" + i.line() + ": COPY source " + src + " is excluded by .dockerignore");
            out.add(src.endsWith("/") || !Files.isDirectory(p) ? src : src + "/");
        }
        return out;
    }

    @Test
    void whatTheJvmImageCopiesOutOfTargetIsWhatMavenPackageMakes() throws IOException {
        Path app = requirePackaged(Path.of("target/quarkus-app/quarkus-run.jar"));
        for (Instruction i : parse(Path.of("Dockerfile"))) {
            if (i.keyword().equals("COPY") && i.args().contains("--from=build")) {
                String src = i.args().split("\\s+")[2];
                assertTrue(src.startsWith("/build/"), src);
                assertTrue(Files.exists(Path.of(src.substring("/build/".length()))), "mvn package made no " + src);
            }
        }
        // the kernels travel in the application jar, as class-path resources
        try (var jars = Files.list(app.resolveSibling("app"))) {
            Path jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                if (Files.isDirectory(Path.of("target/classes/native"))) { // nvcc was there
                    assertTrue(zip.stream().anyMatch(e -> e.getName().matches("native/\\w+\\.fatbin")), "no fatbins in " + jar);
                }
                if (Files.exists(Path.of("target/classes/io/imgdiff/compute/cpu/linux-x86_64/libjniCpuKernels.so"))) {
                    assertTrue(zip.getEntry("io/imgdiff/compute/cpu/linux-x86_64/libjniCpuKernels.so") != null, jar.toString());
                }
                assertTrue(zip.getEntry("META-INF/native-image/io.imgdiff/imgdiff/jni-config.json") != null, jar.toString());
            }
        }
    }

    @Test
    void theNativeBuildsInputsAreGenerated() throws IOException {
        Path args = requirePackaged(Path.of("target/native-sources/native-image.args"));
        String a = Files.readString(args);
        assertTrue(a.contains("--initialize-at-run-time=org.bytedeco,io.imgdiff.compute.cpu.CpuKernels"), a);
        Matcher out = Pattern.compile("(\\S+-runner) -jar (\\S+-runner\\.jar)").matcher(a);
        assertTrue(out.find(), "no executable name in " + args);
        assertTrue(FileSystems.getDefault().getPathMatcher("glob:*-runner").matches(Path.of(out.group(1))),
                "Dockerfile.native copies target/*-runner, but native-image writes " + out.group(1));
        Path lib = args.resolveSibling("lib");
        for (String needed : List.of("javacpp-", "opencv-", "onnxruntime-", "cuda-")) {
            try (var files = Files.list(lib)) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().matches(".*" + needed + ".*linux-x86_64\\.jar")),
                        "native-sources/lib lacks the " + needed + "*-linux-x86_64 jar (its natives and native-image config)");
            }
        }
    }

    private static Path requirePackaged(Path p) {
        return Packaged.require(p);
    }

    static List<Instruction> parse(Path file) throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder cur = null;
        int start = 0;
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String l = lines.get(n).strip();
            if (cur == null && (l.isEmpty() || l.startsWith("#"))) {
                continue;
            }
            if (cur == null) {
                cur = new StringBuilder();
                start = n + 1;
            }
            boolean more = l.endsWith("\\");
            cur.append(more ? l.substring(0, l.length() - 1) : l).append(' ');
            if (!more) {
                String s = cur.toString().strip();
                int sp = s.indexOf(' ');
                out.add(new Instruction(s.substring(0, sp).toUpperCase(), s.substring(sp + 1).strip(), start));
                cur = null;
            }
        }
        return out;
    }
}
