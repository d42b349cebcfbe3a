package io.imgdiff.compute.cuda;

import io.imgdiff.compute.DeviceProbe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GPU vs plain-Java twins through the worker's launch path; its CPU twin is {@link ParityHarnessTest}. Run with
 * {@code mvn test -Dgroups=gpu -Dtest=CudaParityTest}; skipped, with the reason printed, where there is no device.
 */
@Tag("gpu")
class CudaParityTest {

    @Test
    void everyCudaOpMatchesItsTwin() {
        DeviceProbe.Verdict v = DeviceProbe.probe();
        if (!v.usable()) {
            System.out.println("SKIPPED CudaParityTest: " + v.reason());
        }
        Assumptions.assumeTrue(v.usable(), v.reason());
        try (CudaComputeBackend cuda = CudaComputeBackend.open(0)) {
            List<String> failures = new GpuParity(cuda, 2024, System.out::println).run();
            assertEquals(List.of(), failures, "on " + cuda.context().deviceName());
        }
    }
}
