package io.imgdiff.compute.cpu;

import io.imgdiff.compute.ReduceBlur;
import io.imgdiff.compute.reference.ReduceBlurReference;

/** The CPU backend's {@link ReduceBlur}: the native kernel ({@code CpuKernels}), else the plain-Java oracle. */
public final class ReduceBlurCpu implements ReduceBlur {

    private final ReduceBlur reference = new ReduceBlurReference();

    @Override
    public byte[] reduceBlur(byte[] src, int w, int h, int factor, int k) {
        ReduceBlur.check(src.length, w, h, factor, k);
        return CpuKernels.available() ? CpuKernels.reduceBlur(src, w, h, factor, k)
                : reference.reduceBlur(src, w, h, factor, k);
    }
}
