package io.imgdiff.compute;

import io.imgdiff.image.CpuPairPreparer;
import io.imgdiff.image.JpegAccelerator;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every branch of the start-up choice of the JPEG decoder, with a stand-in accelerator that records being closed. */
class JpegAcceleratorsTest {

    private static final class Fake implements JpegAccelerator, AutoCloseable {
        boolean closed;

        @Override
        public String name() {
            return "nvjpeg (fake)";
        }

        @Override
        public RgbImage decode(byte[] jpeg, int width, int height) {
            return RgbImage.blank(width, height);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final Fake fake = new Fake();
    private final Supplier<JpegAccelerator> open = () -> fake;
    private static final JpegAccelerators.Probe FAST = new JpegAccelerators.Probe(0.4, 9, 1.1, 6.0);
    private static final JpegAccelerators.Probe SLOW = new JpegAccelerators.Probe(0.4, 9, 7.0, 6.0);
    private static final JpegAccelerators.Probe OFF = new JpegAccelerators.Probe(3.2, 90, 1.1, 6.0);

    @Test
    void autoOnACudaWorkerTakesAFastAccurateNvJpegAndSaysWhy() {
        JpegAccelerators.Choice c = JpegAccelerators.choose("auto", true, open, a -> FAST);
        assertSame(fake, c.accelerator());
        assertTrue(c.line().startsWith("jpeg decoder: nvjpeg (fake) (imgdiff.image.jpeg-decoder=auto, probe"), c.line());
        assertTrue(c.line().contains("1.10 vs 6.00 ms"), c.line());
        assertTrue(!fake.closed);
    }

    @Test
    void autoStaysOnTheCpuWhenNvJpegIsSlowerOutOfParityFailingOrAbsentAndClosesWhatItOpened() {
        JpegAccelerators.Choice slow = JpegAccelerators.choose("auto", true, open, a -> SLOW);
        assertNull(slow.accelerator());
        assertTrue(slow.reason().contains("no faster"), slow.reason());
        assertTrue(fake.closed);
        Fake f2 = new Fake();
        JpegAccelerators.Choice off = JpegAccelerators.choose("auto", true, () -> f2, a -> OFF);
        assertNull(off.accelerator());
        assertTrue(off.reason().contains("out of parity") && off.reason().contains("max 90"), off.reason());
        assertTrue(f2.closed);
        Fake f3 = new Fake();
        JpegAccelerators.Choice failed = JpegAccelerators.choose("auto", true, () -> f3, a -> {
            throw new IllegalStateException("nvjpegStatus 5");
        });
        assertTrue(failed.reason().contains("failed its start-up probe") && f3.closed, failed.reason());
        JpegAccelerators.Choice missing = JpegAccelerators.choose("auto", true, () -> {
            throw new UnsatisfiedLinkError("libnvjpeg.so.13: cannot open shared object file");
        }, a -> FAST);
        assertNull(missing.accelerator());
        assertTrue(missing.reason().contains("libnvjpeg.so.13"), missing.reason());
        assertEquals("jpeg decoder: cpu (auto: no CUDA compute backend)",
                JpegAccelerators.choose("auto", false, open, a -> FAST).line());
    }

    @Test
    void nvjpegTakesItWhenInParityEvenIfSlowerAndFailsStartUpOtherwise() {
        assertSame(fake, JpegAccelerators.choose("nvjpeg", true, open, a -> SLOW).accelerator());
        IllegalStateException off = assertThrows(IllegalStateException.class,
                () -> JpegAccelerators.choose("NVJPEG", true, () -> new Fake(), a -> OFF));
        assertTrue(off.getMessage().startsWith("imgdiff.image.jpeg-decoder=nvjpeg but nvJPEG out of parity"),
                off.getMessage());
        IllegalStateException cpu = assertThrows(IllegalStateException.class,
                () -> JpegAccelerators.choose("nvjpeg", false, open, a -> FAST));
        assertTrue(cpu.getMessage().contains("no CUDA compute backend"), cpu.getMessage());
    }

    @Test
    void cpuNeverOpensAnythingAndAnUnknownValueIsRefused() {
        JpegAccelerators.Choice c = JpegAccelerators.choose("cpu", true, () -> {
            throw new AssertionError("cpu must not open nvJPEG");
        }, a -> FAST);
        assertNull(c.accelerator());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> JpegAccelerators.choose("gpu", true, open, a -> FAST));
        assertEquals("imgdiff.image.jpeg-decoder: got 'gpu', expected auto, cpu or nvjpeg", bad.getMessage());
    }

    @Test
    void theProbeMeasuresParityAndTimeOfWhatItIsGiven() {
        // a "decoder" returning a blank image is far out of parity: the probe must see that
        JpegAccelerators.Probe p = JpegAccelerators.probe(fake);
        assertTrue(p.maxDiff() > JpegAccelerators.MAX_LIMIT, "max " + p.maxDiff());
        assertTrue(p.acceleratedMs() > 0 && p.cpuMs() > 0, p.toString());
        JpegAccelerators.Choice c = JpegAccelerators.choose("auto", true, open, JpegAccelerators::probe);
        assertNull(c.accelerator());
        assertTrue(c.reason().contains("out of parity"), c.reason());
    }

    /** The CPU twin with one fault: a working pixel one level off, or crops from one row too low. */
    private static final class Faulty implements JpegAccelerator, WorkingPairPreparer {
        final CpuPairPreparer twin = new CpuPairPreparer();
        final boolean badCrop;

        Faulty(boolean badCrop) {
            this.badCrop = badCrop;
        }

        @Override
        public String name() {
            return "faulty twin";
        }

        @Override
        public RgbImage decode(byte[] jpeg, int width, int height) {
            return twin.decode(jpeg, width, height);
        }

        @Override
        public Prepared prepare(byte[] jpegA, byte[] jpegB, int width, int height, int factor, int k) {
            Prepared p = twin.prepare(jpegA, jpegB, width, height, factor, k);
            if (badCrop) {
                return new Prepared(p.a(), p.b(), (fromB, box) -> p.full().crop(fromB,
                        new Box(box.x1(), box.y1() + 1, box.x2(), box.y2() + 1)));
            }
            p.b().rgb()[3 * 700 + 1]++;
            return p;
        }
    }

    @Test
    void theProbeChecksTheDevicePathBitForBitAndAFaultKeepsTheCpu() {
        assumeTrue(CpuPairPreparer.usable(), "libjpeg-turbo kernels not built here: the twin cannot decode");
        CpuPairPreparer twin = new CpuPairPreparer();
        JpegAccelerators.Probe good = JpegAccelerators.probe(twin);
        assertNull(good.devicePathFault(), good.toString());
        assertEquals(List.of("1024x1024 factor 2 k 3"), twin.prepared);
        assertEquals(1, twin.crops);
        assertNull(JpegAccelerators.probe(fake).devicePathFault(), "no device path, nothing to check");

        String pixel = JpegAccelerators.probe(new Faulty(false)).devicePathFault();
        assertTrue(pixel != null && pixel.contains("reduce_blur"), pixel);
        String crop = JpegAccelerators.probe(new Faulty(true)).devicePathFault();
        assertTrue(crop != null && crop.contains("crop"), crop);

        JpegAccelerators.Probe faulty = new JpegAccelerators.Probe(0.4, 9, 1.1, 6.0, pixel);
        JpegAccelerators.Choice c = JpegAccelerators.choose("auto", true, open, a -> faulty);
        assertNull(c.accelerator());
        assertTrue(c.reason().contains("device path failed its start-up probe: reduce_blur"), c.reason());
        assertTrue(fake.closed);
        IllegalStateException required = assertThrows(IllegalStateException.class,
                () -> JpegAccelerators.choose("nvjpeg", true, Fake::new, a -> faulty));
        assertTrue(required.getMessage().contains("device path"), required.getMessage());
    }
}
