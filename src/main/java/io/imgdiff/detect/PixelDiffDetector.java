package io.imgdiff.detect;

import io.imgdiff.compute.Components;
import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.PixelDiff;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The built-in Difference Area Generator core, proposer name {@value #NAME}. CPU-side preparation removes
 * regeneration drift ({@link WorkingPair}: reduce + blur; {@link DriftModel}: tone and illumination),
 * then the backend's ops: {@link PixelDiff#difference} absorbs misalignment (a minimum over small shifts),
 * {@link RobustThreshold} picks the mask level from that difference image, {@link PixelDiff#mask} →
 * {@link Components} → {@link FragmentMerger}; last, on the CPU, {@link RegionCheck} drops candidates that a local
 * warp and tone change explain (re-rendering, not a change). Scores are the mean difference of each region, in
 * levels.
 */
public final class PixelDiffDetector implements BoxProposer {

    /** Name in {@code imgdiff.stages.detect.proposers}. */
    public static final String NAME = "pixel";

    /** Components under this fraction of the working area are specks: dropped before merging. */
    private static final double SPECK_FRACTION = 0.0002;
    /**
     * Regions whose mean difference reaches this multiple of the threshold skip the region-level test: no drift
     * region of the stress set came near it, and the test is the costliest step per region.
     */
    private static final double SURE_FACTOR = 3;

    private final ComputeBackend backend;
    private final DetectorSettings settings;

    public PixelDiffDetector(ComputeBackend backend, DetectorSettings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    /** Everything one detection found, with the threshold it chose (for eval and diagnostics). */
    public record Detection(List<Proposal> proposals, int threshold, int factor) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Proposal> propose(RgbImage a, RgbImage b) {
        return detect(a, b).proposals();
    }

    /** The steps of {@link #detect}, in order, as {@code bench detect} times them. */
    public enum Step { REDUCE_BLUR, DRIFT_FIT, DRIFT_APPLY, DIFFERENCE, THRESHOLD, MASK, COMPONENTS, MERGE, REGION_CHECK }

    /** Detects the changed regions of {@code a} and {@code b}, which must have the same size. */
    public Detection detect(RgbImage a, RgbImage b) {
        return detect(a, b, null);
    }

    /** {@link #detect}, adding each step's nanoseconds to {@code stepNanos[step.ordinal()]} when it is not null. */
    public Detection detect(RgbImage a, RgbImage b, long[] stepNanos) {
        PixelDiff.check(a, b, settings.windowRadius(), 0);
        long t0 = System.nanoTime();
        WorkingPair wp = WorkingPair.of(a, b, settings.workSide(), settings.blurSigma());
        lap(stepNanos, Step.REDUCE_BLUR, t0);
        return detect(wp, a.width(), a.height(), stepNanos);
    }

    /**
     * The steps after reduce + blur, on a working pair made anywhere (the host's {@link WorkingPair#of}, or the
     * detect stage's device path, which reduces where the pair was decoded) of an original {@code width × height}
     * pair: box scaling and the minimum area need only that size.
     */
    public Detection detect(WorkingPair wp, int width, int height, long[] stepNanos) {
        PixelDiff.check(wp.a(), wp.b(), settings.windowRadius(), 0);
        long t0 = System.nanoTime();
        RgbImage wa = wp.a();
        DriftModel drift = DriftModel.fit(wa, wp.b());
        t0 = lap(stepNanos, Step.DRIFT_FIT, t0);
        RgbImage wb = drift.apply(wp.b());
        t0 = lap(stepNanos, Step.DRIFT_APPLY, t0);
        PixelDiff op = backend.pixelDiff();
        PixelDiff.Difference diff = op.difference(wa, wb, settings.shiftRadius());
        t0 = lap(stepNanos, Step.DIFFERENCE, t0);
        int t = RobustThreshold.of(diff.histogram(), settings.madK(), settings.minLevel());
        t0 = lap(stepNanos, Step.THRESHOLD, t0);
        byte[] mask = op.mask(diff, settings.windowRadius(), t);
        t0 = lap(stepNanos, Step.MASK, t0);
        List<Components.Component> comps = backend.components().label(mask, diff.diff(), wa.width(), wa.height());
        t0 = lap(stepNanos, Step.COMPONENTS, t0);
        List<FragmentMerger.Region> regions = regions(comps, wa, t);
        t0 = lap(stepNanos, Step.MERGE, t0);
        List<FragmentMerger.Region> kept = new ArrayList<>();
        for (FragmentMerger.Region r : candidates(regions, wp.factor(), width, height, t)) {
            if (settings.regionSearch() == 0 || r.meanDiff() >= SURE_FACTOR * t
                    || RegionCheck.residual(wa, wb, mask, r.box(), settings.regionSearch()) >= settings.regionKeep() * t) {
                kept.add(r);
            }
        }
        Detection found = new Detection(toProposals(kept, wp.factor(), width, height), t, wp.factor());
        lap(stepNanos, Step.REGION_CHECK, t0);
        return found;
    }

    private static long lap(long[] stepNanos, Step step, long since) {
        if (stepNanos == null) {
            return since;
        }
        long now = System.nanoTime();
        stepNanos[step.ordinal()] += now - since;
        return now;
    }

    private List<FragmentMerger.Region> regions(List<Components.Component> comps, RgbImage wa, int t) {
        long speck = Math.max(2, Math.round(SPECK_FRACTION * wa.pixels()));
        List<FragmentMerger.Region> parts = new ArrayList<>();
        for (Components.Component c : comps) {
            if (c.pixels() >= speck) {
                parts.add(new FragmentMerger.Region(c.box(), c.pixels(), c.diffSum()));
            }
        }
        int gap = (int) Math.round(settings.mergeGap() * Math.max(wa.width(), wa.height()));
        return FragmentMerger.merge(parts, gap);
    }

    /** Regions large enough and with a mean difference of at least meanFactor · t (hysteresis at region level). */
    private List<FragmentMerger.Region> candidates(List<FragmentMerger.Region> regions, int f, int width, int height,
                                                   int t) {
        double minArea = settings.minAreaFraction() * ((long) width * height);
        double minMean = settings.meanFactor() * t;
        List<FragmentMerger.Region> out = new ArrayList<>();
        for (FragmentMerger.Region r : regions) {
            if (scale(r.box(), f, width, height).area() >= minArea && r.meanDiff() >= minMean) {
                out.add(r);
            }
        }
        return out;
    }

    private List<Proposal> toProposals(List<FragmentMerger.Region> regions, int f, int width, int height) {
        List<Proposal> out = new ArrayList<>();
        for (FragmentMerger.Region r : regions) {
            out.add(new Proposal(scale(r.box(), f, width, height), r.meanDiff(), NAME));
        }
        out.sort(Comparator.comparingDouble(Proposal::score).reversed());
        return out;
    }

    /** A working-size box in original pixels; the last row/column absorbs the remainder of the integer reduction. */
    static Box scale(Box b, int f, int width, int height) {
        int ww = width / f;
        int wh = height / f;
        int x2 = b.x2() >= ww ? width : b.x2() * f;
        int y2 = b.y2() >= wh ? height : b.y2() * f;
        return new Box(b.x1() * f, b.y1() * f, x2, y2);
    }
}
