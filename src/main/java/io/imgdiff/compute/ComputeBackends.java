package io.imgdiff.compute;

import io.imgdiff.compute.cuda.NvJpegAccelerator;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.image.JpegAccelerator;
import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.compute.cpu.CpuKernels;
import io.imgdiff.compute.cuda.CudaComputeBackend;
import io.imgdiff.compute.cuda.KernelModule;
import io.imgdiff.config.ImgdiffConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.function.Supplier;

/**
 * Produces the process's {@link ComputeBackend} from {@code imgdiff.compute.device}: {@code cpu} forces the CPU;
 * {@code cuda} requires a usable device and built kernels, and fails start-up otherwise; {@code auto} takes CUDA
 * when the driver, a device and the kernels all load, else the CPU. Logs one line saying which and why.
 */
@ApplicationScoped
public class ComputeBackends {

    private static final Logger LOG = Logger.getLogger(ComputeBackends.class);

    /** The backend chosen and the one-line reason. */
    public record Choice(ComputeBackend backend, String reason) {
        /** The start-up log line. */
        public String line() {
            return "compute backend: " + backend.name() + " (" + reason + ")";
        }
    }

    /** {@code @Startup}: decide (and fail fast for {@code cuda}) when the process starts, not at first use. */
    @Produces
    @Singleton
    @Startup
    ComputeBackend backend(ImgdiffConfig config) {
        Choice c = choose(config.compute().device(), DeviceProbe::probe, KernelModule::missing,
                () -> CudaComputeBackend.open(0));
        LOG.info(c.line() + "; detector CPU steps: " + CpuKernels.status());
        JpegAccelerators.Choice jpeg = c.backend() instanceof CudaComputeBackend cuda
                ? JpegAccelerators.choose(config.image().jpegDecoder(), true,
                        () -> new NvJpegAccelerator(cuda), JpegAccelerators::probe)
                : JpegAccelerators.choose(config.image().jpegDecoder(), false, () -> null, a -> null);
        ImageCodec.useJpegAccelerator(jpeg.accelerator());
        jpegAccelerator = jpeg.accelerator();
        LOG.info(jpeg.line());
        return c.backend();
    }

    /** nvJPEG when chosen: closed before the backend whose context it uses. */
    private volatile JpegAccelerator jpegAccelerator;

    void close(@Disposes ComputeBackend backend) {
        JpegAccelerator jpeg = jpegAccelerator;
        if (jpeg != null) {
            ImageCodec.useJpegAccelerator(null);
            jpegAccelerator = null;
            if (jpeg instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing JPEG accelerator " + jpeg.name() + ": " + e.getMessage());
                }
            }
        }
        if (backend instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing compute backend " + backend.name() + ": " + e.getMessage());
            }
        }
    }

    /**
     * The decision, with its inputs passed in so tests can drive every branch: {@code probe} is consulted only
     * for {@code auto}/{@code cuda}, {@code missingKernels} lists ops without a fatbin, {@code openCuda} builds the
     * CUDA backend (and may throw when a module fails to load).
     */
    public static Choice choose(String device, Supplier<DeviceProbe.Verdict> probe,
                                Supplier<List<String>> missingKernels, Supplier<ComputeBackend> openCuda) {
        String d = device == null ? "" : device.trim().toLowerCase(java.util.Locale.ROOT);
        if (d.equals("cpu")) {
            return new Choice(new CpuComputeBackend(), "imgdiff.compute.device=cpu");
        }
        if (!d.equals("auto") && !d.equals("cuda")) {
            throw new IllegalArgumentException("imgdiff.compute.device: got '" + device
                    + "', expected auto, cpu or cuda");
        }
        String why;
        DeviceProbe.Verdict v = probe.get();
        List<String> missing = v.usable() ? missingKernels.get() : List.of();
        if (!v.usable()) {
            why = v.reason();
        } else if (!missing.isEmpty()) {
            why = "kernels not built: no /native/<op>.fatbin for " + missing + " (build with nvcc: native/build.sh)";
        } else {
            try {
                ComputeBackend cuda = openCuda.get();
                String name = cuda instanceof CudaComputeBackend cb ? cb.context().deviceName() + ", " : "";
                return new Choice(cuda, "imgdiff.compute.device=" + d + ", " + name + v.reason());
            } catch (RuntimeException | LinkageError e) {
                why = "kernel load failure: " + e.getMessage();
            }
        }
        if (d.equals("cuda")) {
            throw new IllegalStateException("imgdiff.compute.device=cuda but CUDA is unusable: " + why
                    + "; expected a usable CUDA device, or set imgdiff.compute.device=auto or cpu");
        }
        return new Choice(new CpuComputeBackend(), "auto: " + why);
    }
}
