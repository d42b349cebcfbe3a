package io.imgdiff.detect;

import io.imgdiff.config.StagesConfig;

/**
 * Parameters of {@link PixelDiffDetector}; mirrors {@link StagesConfig.Pixel} plus the stage's minimum area, so the
 * core can run from plain code (eval, bench) with the same defaults as the configured stage.
 *
 * @param workSide      longer side, in pixels, the pair is reduced to (by an integer factor) before differencing
 * @param blurSigma     Gaussian blur at working size, in pixels
 * @param shiftRadius   misalignment absorbed per pixel, in working pixels
 * @param madK          threshold = median + madK · 1.4826 · MAD of the difference image
 * @param minLevel      floor of the threshold, in levels
 * @param meanFactor    a component's mean difference must reach meanFactor · threshold
 * @param windowRadius  box-filter radius of the difference primitive
 * @param mergeGap      fragments closer than this fraction of the longer side merge
 * @param minAreaFraction smallest box kept, as a fraction of the image area
 * @param regionSearch  local warp, in working pixels, the region-level test allows ({@link RegionCheck}); 0 = off
 * @param regionKeep    a region is kept when its residual after that test is at least regionKeep · threshold
 */
public record DetectorSettings(int workSide, double blurSigma, int shiftRadius, double madK, int minLevel,
                               double meanFactor, int windowRadius, double mergeGap, double minAreaFraction,
                               int regionSearch, double regionKeep) {

    public DetectorSettings {
        if (workSide < 32) {
            throw new IllegalArgumentException("workSide " + workSide + " too small, expected at least 32");
        }
        if (shiftRadius < 0 || shiftRadius > 3) {
            throw new IllegalArgumentException("shiftRadius " + shiftRadius + " out of range, expected 0-3");
        }
        if (!(blurSigma >= 0) || !(madK > 0) || !(meanFactor >= 1) || !(mergeGap >= 0)) {
            throw new IllegalArgumentException("blurSigma " + blurSigma + ", madK " + madK + ", meanFactor "
                    + meanFactor + ", mergeGap " + mergeGap + ": expected blurSigma >= 0, madK > 0, meanFactor >= 1, "
                    + "mergeGap >= 0");
        }
        if (regionSearch < 0 || regionSearch > 8 || !(regionKeep >= 0)) {
            throw new IllegalArgumentException("regionSearch " + regionSearch + " / regionKeep " + regionKeep
                    + " out of range, expected 0-8 / >= 0");
        }
        if (minLevel < 1 || minLevel > 255 || minAreaFraction < 0 || minAreaFraction >= 1) {
            throw new IllegalArgumentException("minLevel " + minLevel + " / minAreaFraction " + minAreaFraction
                    + " out of range, expected 1-255 / [0,1)");
        }
    }

    /** The defaults of {@code application.properties} / {@link StagesConfig}. */
    public static DetectorSettings defaults() {
        return new DetectorSettings(512, 1.2, 1, 6.0, 7, 1.5, 2, 0.01, 0.001, 2, 0.5);
    }

    /** Settings of one run. */
    public static DetectorSettings from(StagesConfig.Detect detect) {
        StagesConfig.Pixel p = detect.pixel();
        return new DetectorSettings(p.workSide(), p.blurSigma(), p.shiftRadius(), p.madK(), p.minLevel(),
                p.meanFactor(), p.windowRadius(), p.mergeGap(), detect.minAreaFraction(), p.regionSearch(),
                p.regionKeep());
    }

    /** A copy with another threshold multiplier (for eval sweeps). */
    public DetectorSettings withMadK(double k) {
        return new DetectorSettings(workSide, blurSigma, shiftRadius, k, minLevel, meanFactor, windowRadius, mergeGap,
                minAreaFraction, regionSearch, regionKeep);
    }

    /** A copy with another region-level test (for eval sweeps; search 0 turns it off). */
    public DetectorSettings withRegionTest(int search, double keep) {
        return new DetectorSettings(workSide, blurSigma, shiftRadius, madK, minLevel, meanFactor, windowRadius,
                mergeGap, minAreaFraction, search, keep);
    }
}
