package io.imgdiff.compute;

/**
 * Cosine similarity of {@code n} pairs of {@code dim}-long float vectors: {@code dot(a,b) / (|a| |b|)},
 * accumulated in double and rounded to float once; 0 when either vector is all zeros.
 * Twins: {@code CosineCpu}, {@code CosineCuda}; they differ only in summation order, at most {@value #TOLERANCE}.
 */
public interface Cosine {

    /** Largest absolute difference allowed between twins (finite inputs, dim up to 65,536). */
    double TOLERANCE = 1e-6;

    /** Pair {@code i} is {@code a[i*dim, (i+1)*dim)} and the same range of {@code b}; returns {@code n} values. */
    float[] cosine(float[] a, float[] b, int n, int dim);

    /** Argument checks shared by every twin, so all fail alike. */
    static void check(float[] a, float[] b, int n, int dim) {
        if (n < 0 || dim < 1) {
            throw new IllegalArgumentException("got n=" + n + ", dim=" + dim + "; expected n >= 0 and dim >= 1");
        }
        long len = (long) n * dim;
        if (a.length != len || b.length != len) {
            throw new IllegalArgumentException("vector lengths " + a.length + "/" + b.length + " do not match n*dim = "
                    + n + "*" + dim + " = " + len);
        }
    }
}
