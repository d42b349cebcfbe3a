package io.imgdiff.compute.cuda;

import io.imgdiff.compute.Components;
import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.Cosine;
import io.imgdiff.compute.CropResize;
import io.imgdiff.compute.Nms;
import io.imgdiff.compute.PixelDiff;
import io.imgdiff.compute.ReduceBlur;
import io.imgdiff.compute.cpu.CpuComputeBackend;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPU check's parity harness, run here on the CPU backend, and shown able to fail. */
class ParityHarnessTest {

    @Test
    void cpuBackendPassesEveryParityCheck() {
        List<String> log = new ArrayList<>();
        List<String> failures = new GpuParity(new CpuComputeBackend(), 1, log::add).run();
        assertEquals(List.of(), failures);
        assertEquals(6, log.size(), "one summary line per op: " + log);
        assertTrue(log.get(0).matches("parity pixel_diff +\\d+ checks, 0 failed"), log.get(0));
    }

    @Test
    void aBrokenOpIsReported() {
        ComputeBackend cpu = new CpuComputeBackend();
        ComputeBackend broken = new ComputeBackend() {
            public String name() {
                return "broken";
            }

            public PixelDiff pixelDiff() {
                return cpu.pixelDiff();
            }

            public Components components() {
                return cpu.components();
            }

            public Nms nms() { // drops the last kept box
                return (b, s, t) -> {
                    int[] k = cpu.nms().nms(b, s, t);
                    return java.util.Arrays.copyOf(k, Math.max(0, k.length - 1));
                };
            }

            public CropResize cropResize() { // off by twice the tolerance
                return (i, b, s) -> {
                    float[] t = cpu.cropResize().apply(i, b, s);
                    t[t.length - 1] += 2 * CropResize.TOLERANCE;
                    return t;
                };
            }

            public Cosine cosine() {
                return (a, b, n, d) -> {
                    throw new IllegalStateException("boom");
                };
            }

            public ReduceBlur reduceBlur() { // the last byte one level off, for k = 7 only
                return (src, w, h, f, k) -> {
                    byte[] out = cpu.reduceBlur().reduceBlur(src, w, h, f, k);
                    out[out.length - 1] ^= k == 7 ? 1 : 0;
                    return out;
                };
            }
        };
        List<String> log = new ArrayList<>();
        List<String> failures = new GpuParity(broken, 1, log::add).run();
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("nms n=1 ")), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("crop_resize size=224: max |diff| 2")),
                failures.toString());
        assertTrue(failures.contains("cosine threw java.lang.IllegalStateException: boom"), failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.matches("reduce_blur noise 1x1 factor 1 k 7: first difference at"
                + " byte 2: .*")), failures.toString());
        assertTrue(failures.stream().noneMatch(f -> f.startsWith("pixel_diff") || f.startsWith("components")
                || f.matches("reduce_blur .* k [135]: .*")), failures.toString());
    }
}
