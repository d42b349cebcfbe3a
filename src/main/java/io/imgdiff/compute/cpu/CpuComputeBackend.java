package io.imgdiff.compute.cpu;

import io.imgdiff.compute.Components;
import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.Cosine;
import io.imgdiff.compute.CropResize;
import io.imgdiff.compute.Nms;
import io.imgdiff.compute.PixelDiff;
import io.imgdiff.compute.ReduceBlur;

/** The CPU backend: OpenCV and plain Java. Always available. */
public final class CpuComputeBackend implements ComputeBackend {

    private final PixelDiff pixelDiff = new PixelDiffCpu();
    private final Components components = new ComponentsCpu();
    private final Nms nms = new NmsCpu();
    private final CropResize cropResize = new CropResizeCpu();
    private final Cosine cosine = new CosineCpu();
    private final ReduceBlur reduceBlur = new ReduceBlurCpu();

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public PixelDiff pixelDiff() {
        return pixelDiff;
    }

    @Override
    public Components components() {
        return components;
    }

    @Override
    public Nms nms() {
        return nms;
    }

    @Override
    public CropResize cropResize() {
        return cropResize;
    }

    @Override
    public Cosine cosine() {
        return cosine;
    }

    @Override
    public ReduceBlur reduceBlur() {
        return reduceBlur;
    }
}
