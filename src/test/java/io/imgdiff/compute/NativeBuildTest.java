package io.imgdiff.compute;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** native/build.sh without nvcc and native/build-cpu.sh without g++: one clear line, exit 0, nothing written. */
class NativeBuildTest {

    @Test
    void withoutNvccTheBuildSaysSoAndPasses() throws Exception {
        Path out = Path.of("target", "no-nvcc-build");
        ProcessBuilder p = new ProcessBuilder("bash", "native/build.sh", out.toString()).redirectErrorStream(true);
        p.environment().put("NVCC", "none");
        Process run = p.start();
        String text = new String(run.getInputStream().readAllBytes());
        run.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitValue(), text);
        assertEquals("nvcc not found: CUDA kernels skipped, CPU backend only", text.trim());
        assertFalse(Files.exists(out), "no output folder expected");
    }

    @Test
    void withoutACppCompilerTheCpuKernelBuildSaysSoAndPasses() throws Exception {
        Path classes = Path.of("target", "no-cxx-build");
        ProcessBuilder p = new ProcessBuilder("bash", "native/build-cpu.sh", classes.toString(), "unused")
                .redirectErrorStream(true);
        p.environment().put("CXX", "no-such-compiler");
        Process run = p.start();
        String text = new String(run.getInputStream().readAllBytes());
        run.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, run.exitValue(), text);
        assertEquals("no-such-compiler not found: native CPU kernels skipped, detector uses its portable Java/OpenCV"
                + " path", text.trim());
        assertFalse(Files.exists(classes), "no output folder expected");
    }
}
