package io.imgdiff.compute.reference;

import io.imgdiff.compute.Cosine;

/** Slow, obvious oracle of {@link Cosine}: normalise each vector first, then take the dot product (in double). */
public final class CosineReference implements Cosine {

    @Override
    public float[] cosine(float[] a, float[] b, int n, int dim) {
        Cosine.check(a, b, n, dim);
        float[] out = new float[n];
        for (int p = 0; p < n; p++) {
            double na = norm(a, p * dim, dim), nb = norm(b, p * dim, dim);
            if (na == 0 || nb == 0) {
                continue; // the interface's rule: 0 for a zero vector
            }
            double dot = 0;
            for (int i = 0; i < dim; i++) {
                dot += (a[p * dim + i] / na) * (b[p * dim + i] / nb);
            }
            out[p] = (float) dot;
        }
        return out;
    }

    private static double norm(float[] v, int from, int dim) {
        double s = 0;
        for (int i = from; i < from + dim; i++) {
            s += (double) v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}
