package io.imgdiff.compute.cuda;

import io.imgdiff.compute.DeviceProbe;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.JpegMarkers;
import io.imgdiff.image.JpegParitySet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nvJPEG against the CPU decoder on the GPU check's parity set (skipped without a CUDA device, the reason printed);
 * its CPU-side rules (the truncation test) and the parity set itself run everywhere.
 */
class NvJpegDecoderTest {

    @TempDir
    Path dir;

    @Test
    void truncationIsJudgedByTheEndOfImageMarkerAllowingTrailingBytes() {
        byte[] jpeg = ImageCodec.encodeJpeg(new io.imgdiff.item.RgbImage(16, 16, new byte[16 * 16 * 3]), 90);
        assertTrue(JpegMarkers.hasEndMarker(jpeg));
        byte[] padded = Arrays.copyOf(jpeg, jpeg.length + 100);
        assertTrue(JpegMarkers.hasEndMarker(padded), "zeros after EOI are accepted, as libjpeg does");
        assertFalse(JpegMarkers.hasEndMarker(Arrays.copyOf(jpeg, jpeg.length - 2)));
        assertFalse(JpegMarkers.hasEndMarker(new byte[3]));
    }

    @Test
    void theParitySetHasReferencesForEveryImageAndRefusalsTheCpuMakes() throws Exception {
        JpegParitySet.main(new String[] {dir.toString()});
        List<String> lines = Files.readAllLines(dir.resolve("manifest.txt")).stream()
                .filter(l -> !l.startsWith("#")).toList();
        assertEquals(8, lines.size());
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f[3].equals("ok")) {
                long bytes = Files.size(dir.resolve(f[0].replace(".jpg", ".rgb")));
                assertEquals(3L * Integer.parseInt(f[1]) * Integer.parseInt(f[2]), bytes, line);
            }
        }
    }

    @Test
    @Tag("gpu")
    void nvJpegDecodesTheParitySetCloseToTheCpuDecoder() throws Exception {
        DeviceProbe.Verdict v = DeviceProbe.probe();
        if (!v.usable()) {
            System.out.println("SKIPPED NvJpegDecoderTest (GPU): " + v.reason());
        }
        Assumptions.assumeTrue(v.usable(), v.reason());
        JpegParitySet.main(new String[] {dir.toString()});
        try (CudaComputeBackend cuda = CudaComputeBackend.open(0)) {
            assertEquals(List.of(), NvJpegCheck.run(cuda, dir, System.out::println));
            // what a CUDA worker's start-up does with imgdiff.image.jpeg-decoder=nvjpeg: probe, then install
            io.imgdiff.compute.JpegAccelerators.Choice c = io.imgdiff.compute.JpegAccelerators.choose("nvjpeg", true,
                    () -> new NvJpegAccelerator(cuda), io.imgdiff.compute.JpegAccelerators::probe);
            System.out.println(c.line());
            ((NvJpegAccelerator) c.accelerator()).close();
        }
    }
}
