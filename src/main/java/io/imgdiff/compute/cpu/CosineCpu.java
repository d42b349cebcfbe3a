package io.imgdiff.compute.cpu;

import io.imgdiff.compute.Cosine;

/** CPU twin of {@link Cosine}: one pass per pair, sums in double, one rounding to float at the end. */
public final class CosineCpu implements Cosine {

    @Override
    public float[] cosine(float[] a, float[] b, int n, int dim) {
        Cosine.check(a, b, n, dim);
        float[] out = new float[n];
        for (int p = 0; p < n; p++) {
            double ab = 0, aa = 0, bb = 0;
            for (int i = p * dim, end = i + dim; i < end; i++) {
                double x = a[i], y = b[i];
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
            out[p] = aa == 0 || bb == 0 ? 0.0f : (float) (ab / (Math.sqrt(aa) * Math.sqrt(bb)));
        }
        return out;
    }
}
