package io.imgdiff.compute;

import io.imgdiff.compute.cuda.GpuCheck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "driver present, no device" path: a fake {@code libcuda.so.1} whose cuInit returns 34
 * (CUDA_ERROR_STUB_LIBRARY), built here with gcc, lets JavaCPP's cudart bindings load on a GPU-less machine. The
 * probe runs in a child JVM because a JVM that failed to load the bindings can never load them again.
 */
class DeviceProbeFakeDriverTest {

    private static final Path DIR = Path.of("target", "fake-cuda");
    private static final Path CUDART = Path.of("/usr/local/cuda/lib64/libcudart.so.13");

    @BeforeAll
    static void buildFakeDriver() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(CUDART), () -> skip("no " + CUDART + " to pair the fake driver with"));
        Files.createDirectories(DIR);
        Path src = DIR.resolve("fake_cuda.c");
        // Only cuInit: nothing else may be called after it fails (see DeviceProbe).
        Files.writeString(src, "int cuInit(unsigned int flags) { (void) flags; return 34; }\n");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-Wl,-soname,libcuda.so.1", "-o",
                DIR.resolve("libcuda.so.1").toString(), src.toString()).inheritIO().start();
        Assumptions.assumeTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, () -> skip("gcc failed"));
        Files.deleteIfExists(DIR.resolve("libcudart.so.13"));
        Files.createSymbolicLink(DIR.resolve("libcudart.so.13"), CUDART);
    }

    private static String skip(String why) {
        System.out.println("SKIPPED DeviceProbeFakeDriverTest: " + why);
        return why;
    }

    private static Result child(Class<?> main, boolean fakeDriver) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.bytedeco.javacpp.cachedir=" + Path.of("target", "javacpp-cache").toAbsolutePath(),
                main.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("LD_LIBRARY_PATH");
        if (fakeDriver) {
            env.put("LD_LIBRARY_PATH", DIR.toAbsolutePath().toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish: " + out);
        return new Result(p.exitValue(), out);
    }

    private record Result(int rc, String out) {
    }

    @Test
    void stubDriverMeansNoDevice() throws Exception {
        Result r = child(DeviceProbe.class, true);
        assertEquals(0, r.rc(), r.out());
        assertEquals("cuda: unavailable: no CUDA device (cuInit: CUDA_ERROR_STUB_LIBRARY, 34)", r.out().trim());
    }

    @Test
    void missingDriverIsReportedAsSuch() throws Exception {
        Result r = child(DeviceProbe.class, false);
        assertEquals("cuda: unavailable: no CUDA driver (libcuda.so.1 not loadable)", r.out().trim());
    }

    @Test
    void gpuCheckStopsCleanlyWithExitOneWhenThereIsNoDevice() throws Exception {
        Result r = child(GpuCheck.class, true);
        assertEquals(1, r.rc(), r.out());
        assertTrue(r.out().startsWith("GPU CHECK: no CUDA device: no CUDA device (cuInit: CUDA_ERROR_STUB_LIBRARY"),
                r.out());
        assertTrue(r.out().contains("GpuCheck$Failed: GPU check not run"), r.out());
        assertTrue(!r.out().contains("\tat "), "no stack trace expected: " + r.out());
    }
}
