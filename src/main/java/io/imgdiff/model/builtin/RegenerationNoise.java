package io.imgdiff.model.builtin;

import io.imgdiff.item.RgbImage;

import java.util.Random;

/**
 * Gaussian per-channel noise, standing in for the small changes a diffusion model makes everywhere when it
 * regenerates an image. Draws come from a fixed table of normal samples indexed by a seeded xorshift, which is
 * several times faster than {@link Random#nextGaussian()} per pixel and just as reproducible.
 */
final class RegenerationNoise {

    private static final int TABLE_BITS = 12;
    private static final float[] NORMAL = table();

    private RegenerationNoise() {
    }

    private static float[] table() {
        Random r = new Random(0x5eed);
        float[] t = new float[1 << TABLE_BITS];
        for (int i = 0; i < t.length; i++) {
            t[i] = (float) r.nextGaussian();
        }
        return t;
    }

    /** Adds noise of standard deviation {@code sigma} levels to every channel of {@code image}, in place. */
    static void add(RgbImage image, double sigma, long seed) {
        if (sigma <= 0) {
            return;
        }
        // the table scaled once per call keeps the per-pixel work to integer adds and a clamp
        int[] offsets = new int[NORMAL.length];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = Math.round((float) sigma * NORMAL[i]);
        }
        byte[] px = image.rgb();
        long s = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        int mask = (1 << TABLE_BITS) - 1;
        long bits = 0;
        for (int i = 0; i < px.length; i++) {
            if ((i & 3) == 0) {
                // one xorshift64 step gives four table indices (16 bits apart; a 4096-entry table stays in L1 cache)
                s ^= s << 13;
                s ^= s >>> 7;
                s ^= s << 17;
                bits = s;
            }
            int v = (px[i] & 0xFF) + offsets[(int) bits & mask];
            bits >>>= 16;
            px[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
        }
    }
}
