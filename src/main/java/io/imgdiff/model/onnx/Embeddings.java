package io.imgdiff.model.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits an encoder's [N,D] output into L2-normalised rows, checking its shape. */
final class Embeddings {

    private Embeddings() {
    }

    static List<float[]> rows(OnnxModel.Output result, int n, OnnxModel model, String output) {
        long[] shape = result.shape();
        if (shape.length != 2 || shape[0] != n || shape[1] < 1) {
            throw new IllegalStateException("model " + model.file().toAbsolutePath() + ": output '" + output
                    + "' has shape " + Arrays.toString(shape) + ", expected [" + n + ",D] (one embedding per input)");
        }
        int d = (int) shape[1];
        List<float[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(normalise(Arrays.copyOfRange(result.data(), i * d, (i + 1) * d)));
        }
        return rows;
    }

    /** {@code v} scaled to unit length in place; an all-zero vector stays zero (cosine 0 with everything). */
    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum > 0) {
            float inv = (float) (1.0 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }
}
