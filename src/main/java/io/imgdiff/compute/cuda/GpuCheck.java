package io.imgdiff.compute.cuda;

import io.imgdiff.compute.DeviceProbe;

import java.nio.file.Path;
import java.util.List;

/**
 * The one-shot GPU check ({@code native/gpu-check.sh}): probes the device like the worker does, opens the CUDA
 * backend through the same {@link CudaComputeBackend} path, checks every op against its plain-Java twin
 * ({@link GpuParity}), then benchmarks ({@link GpuBench}). Arguments: {@code [--no-bench] [--dry-run] [--torchvision SCRIPT]
 * [--work DIR]}. Ends normally when everything passed; otherwise main throws {@link Failed}, so the JVM exits 1
 * with a one-line message (System.exit is kept to cli/).
 */
public final class GpuCheck {

    /** The check failed; the message says how. Carries no stack trace: the message is the whole story. */
    public static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    private GpuCheck() {
    }

    /** The plain-Java twins the check compares against, as a backend; needs no OpenCV and no CUDA. */
    static final class PlainJavaBackend implements io.imgdiff.compute.ComputeBackend {
        public String name() {
            return "plain-java";
        }

        public io.imgdiff.compute.PixelDiff pixelDiff() {
            return new io.imgdiff.compute.reference.PixelDiffReference();
        }

        public io.imgdiff.compute.Components components() {
            return new io.imgdiff.compute.reference.ComponentsReference();
        }

        public io.imgdiff.compute.Nms nms() {
            return new io.imgdiff.compute.cpu.NmsCpu();
        }

        public io.imgdiff.compute.CropResize cropResize() {
            return new io.imgdiff.compute.cpu.CropResizeCpu();
        }

        public io.imgdiff.compute.Cosine cosine() {
            return new io.imgdiff.compute.cpu.CosineCpu();
        }

        public io.imgdiff.compute.ReduceBlur reduceBlur() {
            return new io.imgdiff.compute.reference.ReduceBlurReference();
        }
    }

    public static void main(String[] args) throws Exception {
        boolean bench = true;
        boolean dryRun = false;
        Path script = null;
        Path work = Path.of(System.getProperty("java.io.tmpdir"));
        Path jpeg = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-bench" -> bench = false;
                case "--dry-run" -> dryRun = true;
                case "--torchvision" -> script = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--jpeg" -> jpeg = Path.of(args[++i]);
                default -> throw new Failed("GpuCheck: unknown argument '" + args[i]
                        + "'; expected --no-bench, --dry-run, --torchvision SCRIPT, --work DIR, --jpeg DIR");
            }
        }
        if (dryRun) {
            // Proves on a machine without a GPU that the pack holds every class the harness needs.
            List<String> failures = new GpuParity(new PlainJavaBackend(), 1, System.out::println).run();
            System.out.println("GPU CHECK dry run (plain-Java twins, no CUDA): "
                    + (failures.isEmpty() ? "harness OK" : failures.size() + " FAILED"));
            if (!failures.isEmpty()) {
                throw new Failed("dry run failed: " + failures.get(0));
            }
        }
        DeviceProbe.Verdict v = DeviceProbe.probe();
        if (!v.usable()) {
            System.out.println("GPU CHECK: no CUDA device: " + v.reason());
            throw new Failed("GPU check not run: " + v.reason());
        }
        try (CudaComputeBackend cuda = CudaComputeBackend.open(0)) {
            System.out.println("GPU CHECK on " + cuda.context().deviceName() + " (" + v.reason() + ")");
            long t0 = System.nanoTime();
            long seed = System.nanoTime(); // fresh inputs each run; printed so a failure can be replayed
            System.out.println("parity seed " + seed);
            List<String> failures = new GpuParity(cuda, seed, System.out::println).run();
            System.out.printf("parity: %s in %.1f s%n", failures.isEmpty() ? "PASS" : failures.size() + " FAILED",
                    (System.nanoTime() - t0) / 1e9);
            if (bench) {
                new GpuBench(cuda, System.out::println).run(script, work);
            }
            if (jpeg != null) {
                failures = new java.util.ArrayList<>(failures);
                failures.addAll(NvJpegCheck.run(cuda, jpeg, System.out::println));
            }
            if (!failures.isEmpty()) {
                throw new Failed("GPU CHECK FAILED: " + failures.size() + " parity failures, first: "
                        + failures.get(0));
            }
            System.out.println("GPU CHECK: PASS");
        }
    }
}
