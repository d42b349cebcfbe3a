package io.imgdiff.eval;

import io.imgdiff.compute.Components;
import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.PixelDiff;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer;

import java.util.ArrayList;
import java.util.List;

/**
 * The baseline the detector is measured against: the raw primitive at full size with a fixed threshold, then
 * components over a minimum area; no drift handling. Shows what each step of the real detector buys.
 */
final class NaiveDetector implements BoxProposer {

    private final ComputeBackend backend;
    private final int threshold;
    private final double minAreaFraction;

    NaiveDetector(ComputeBackend backend, int threshold, double minAreaFraction) {
        this.backend = backend;
        this.threshold = threshold;
        this.minAreaFraction = minAreaFraction;
    }

    @Override
    public String name() {
        return "naive";
    }

    @Override
    public List<Proposal> propose(RgbImage a, RgbImage b) {
        PixelDiff.Result d = backend.pixelDiff().diff(a, b, 2, threshold);
        List<Proposal> out = new ArrayList<>();
        for (Components.Component c : backend.components().label(d.mask(), d.diff(), a.width(), a.height())) {
            if (c.box().area() >= minAreaFraction * a.pixels()) {
                out.add(new Proposal(c.box(), (double) c.diffSum() / c.pixels(), "naive"));
            }
        }
        return out;
    }
}
