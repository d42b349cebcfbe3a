package io.imgdiff.compute.cuda;

import io.imgdiff.compute.DeviceProbe;
import io.imgdiff.compute.PixelDistance;
import io.imgdiff.compute.WorkingPairPreparer.Prepared;
import io.imgdiff.compute.reference.ReduceBlurReference;
import io.imgdiff.image.CpuPairPreparer;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.JpegParitySet;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detect stage's device path on a GPU: nvJPEG's working pair against the CPU twin's (libjpeg-turbo + the CPU
 * kernel) within the nvJPEG parity limits, crops likewise, and the reduce_blur kernel on nvJPEG's own device buffer
 * bit-exact with the oracle on the same pixels. Skipped, with the reason printed, without a CUDA device; never run
 * so far (no GPU lent). Run with {@code mvn test -Dtest=NvJpegPairPreparerTest}.
 */
@Tag("gpu")
class NvJpegPairPreparerTest {

    @Test
    void theDeviceWorkingPairIsWithinTheNvJpegLimitsOfTheCpuTwinsAndItsReductionBitExact() {
        DeviceProbe.Verdict v = DeviceProbe.probe();
        if (!v.usable()) {
            System.out.println("SKIPPED NvJpegPairPreparerTest (GPU): " + v.reason());
        }
        Assumptions.assumeTrue(v.usable(), v.reason());
        Assumptions.assumeTrue(CpuPairPreparer.usable(), "libjpeg-turbo kernels not loaded");
        int w = 1024, h = 768;
        RgbImage a = JpegParitySet.scene(w, h, new SplittableRandom(21));
        RgbImage b = ParityInputs.edited(new Random(4), a, 3, 5);
        byte[] ja = ImageCodec.encodeJpeg(a, 90), jb = ImageCodec.encodeJpeg(b, 90);
        Prepared cpu = new CpuPairPreparer().prepare(ja, jb, w, h, 2, 3);
        try (CudaComputeBackend cuda = CudaComputeBackend.open(0); NvJpegAccelerator nv = new NvJpegAccelerator(cuda)) {
            Prepared gpu = nv.prepare(ja, jb, w, h, 2, 3);
            assertWithinLimits(cpu.a(), gpu.a(), "working A");
            assertWithinLimits(cpu.b(), gpu.b(), "working B");
            Box box = new Box(101, 37, 612, 700);
            assertWithinLimits(cpu.full().crop(true, box), gpu.full().crop(true, box), "crop of B");
            assertWithinLimits(cpu.full().crop(false, new Box(1023, 767, 1024, 768)),
                    gpu.full().crop(false, new Box(1023, 767, 1024, 768)), "last pixel of A");
            RgbImage nvA = nv.decode(ja, w, h); // nvJPEG's pixels of A, copied back
            assertArrayEquals(new ReduceBlurReference().reduceBlur(nvA.rgb(), w, h, 2, 3), gpu.a().rgb(),
                    "reduce_blur on the device buffer vs the oracle on the same pixels");
        }
    }

    private static void assertWithinLimits(RgbImage want, RgbImage got, String what) {
        assertEquals(want.width(), got.width(), what);
        assertEquals(want.height(), got.height(), what);
        PixelDistance d = PixelDistance.of(want.rgb(), got.rgb());
        System.out.printf("%s: mean |diff| %.3f, max %d%n", what, d.mean(), d.max());
        assertTrue(d.withinJpegLimits(), what + ": " + d);
    }
}
