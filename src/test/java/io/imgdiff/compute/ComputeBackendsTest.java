package io.imgdiff.compute;

import io.imgdiff.compute.cpu.CpuComputeBackend;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComputeBackendsTest {

    private static final DeviceProbe.Verdict NO_DRIVER =
            new DeviceProbe.Verdict(false, "no CUDA driver (libcuda.so.1 not loadable)", 0);
    private static final DeviceProbe.Verdict ONE_DEVICE = new DeviceProbe.Verdict(true, "1 CUDA device(s)", 1);
    private static final Supplier<ComputeBackend> NEVER = () -> {
        throw new AssertionError("the CUDA backend must not be opened here");
    };

    @Test
    void thisMachineHasNoDriverSoAutoFallsBackToCpuWithTheReason() {
        DeviceProbe.Verdict v = DeviceProbe.probe();
        assertFalse(v.usable(), "this build machine has no GPU, got " + v);
        assertEquals("no CUDA driver (libcuda.so.1 not loadable)", v.reason());
        assertEquals(v, DeviceProbe.probe(), "the verdict is cached");
        ComputeBackends.Choice c = ComputeBackends.choose("auto", DeviceProbe::probe, List::of, NEVER);
        assertEquals("cpu", c.backend().name());
        assertEquals("compute backend: cpu (auto: no CUDA driver (libcuda.so.1 not loadable))", c.line());
    }

    @Test
    void cudaFailsFastNamingTheReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ComputeBackends.choose("cuda", () -> NO_DRIVER, List::of, NEVER));
        assertEquals("imgdiff.compute.device=cuda but CUDA is unusable: no CUDA driver (libcuda.so.1 not loadable);"
                + " expected a usable CUDA device, or set imgdiff.compute.device=auto or cpu", e.getMessage());
    }

    @Test
    void cpuIsForcedWithoutProbing() {
        ComputeBackends.Choice c = ComputeBackends.choose("cpu", () -> {
            throw new AssertionError("cpu must not probe");
        }, List::of, NEVER);
        assertInstanceOf(CpuComputeBackend.class, c.backend());
        assertEquals("compute backend: cpu (imgdiff.compute.device=cpu)", c.line());
    }

    @Test
    void autoWithADeviceButNoKernelsSaysKernelsNotBuilt() {
        ComputeBackends.Choice c = ComputeBackends.choose("auto", () -> ONE_DEVICE, () -> List.of("nms", "cosine"),
                NEVER);
        assertEquals("cpu", c.backend().name());
        assertTrue(c.reason().startsWith("auto: kernels not built: no /native/<op>.fatbin for [nms, cosine]"),
                c.reason());
    }

    @Test
    void autoWithAKernelLoadFailureFallsBackAndCudaDoesNot() {
        Supplier<ComputeBackend> broken = () -> {
            throw new IllegalStateException("cuModuleLoadData(nms.fatbin) failed: CUDA_ERROR_NO_BINARY_FOR_GPU (209)");
        };
        ComputeBackends.Choice c = ComputeBackends.choose("auto", () -> ONE_DEVICE, List::of, broken);
        assertEquals("cpu", c.backend().name());
        assertEquals("auto: kernel load failure: cuModuleLoadData(nms.fatbin) failed: CUDA_ERROR_NO_BINARY_FOR_GPU"
                + " (209)", c.reason());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ComputeBackends.choose("cuda", () -> ONE_DEVICE, List::of, broken));
        assertTrue(e.getMessage().contains("kernel load failure"), e.getMessage());
    }

    @Test
    void autoWithEverythingPresentTakesCuda() {
        ComputeBackend fake = new CpuComputeBackend();
        ComputeBackends.Choice c = ComputeBackends.choose("AUTO", () -> ONE_DEVICE, List::of, () -> fake);
        assertTrue(c.backend() == fake, "the opened backend is used");
    }

    @Test
    void unknownDeviceValuesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComputeBackends.choose("gpu", () -> NO_DRIVER, List::of, NEVER));
        assertEquals("imgdiff.compute.device: got 'gpu', expected auto, cpu or cuda", e.getMessage());
    }
}
