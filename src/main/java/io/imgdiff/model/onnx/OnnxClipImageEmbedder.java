package io.imgdiff.model.onnx;

import io.imgdiff.item.RgbImage;
import io.imgdiff.model.ImageEmbedder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ImageEmbedder} on a CLIP vision export ({@code CLIPVisionModelWithProjection}, or a BLIP ITC image head with
 * the same I/O): {@code pixel_values} float [N,3,S,S] in (S = 224 for CLIP, 384 for BLIP), projected embeddings [N,D]
 * out, L2-normalised here so cosines are dot products. Images are preprocessed by {@link ClipPreprocess} and sent in
 * batches of at most {@code batchSize}; a model whose batch dimension is fixed at 1 gets one image per run.
 */
public final class OnnxClipImageEmbedder implements ImageEmbedder, AutoCloseable {

    private final OnnxModel model;
    private final String input;
    private final String output;
    private final int batchSize;
    private final ClipPreprocess preprocess;

    /** CLIP preprocessing (224, centre crop); see the full constructor. */
    public OnnxClipImageEmbedder(Path file, String input, String output, int batchSize, OnnxSettings settings) {
        this(file, input, output, ClipPreprocess.CLIP, batchSize, settings);
    }

    /** Opens and checks {@code file}; {@code input}/{@code output} are the tensor names (see ImgdiffConfig). */
    public OnnxClipImageEmbedder(Path file, String input, String output, ClipPreprocess preprocess, int batchSize,
                                 OnnxSettings settings) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("imgdiff.models.batch-size must be >= 1, got " + batchSize);
        }
        this.model = OnnxModel.open(file, "CLIP vision",
                List.of(TensorSpec.of(input, TensorSpec.FLOAT, TensorSpec.ANY, 3, preprocess.size(), preprocess.size())),
                List.of(TensorSpec.of(output, TensorSpec.FLOAT, TensorSpec.ANY, TensorSpec.ANY)), settings);
        this.input = input;
        this.output = output;
        this.preprocess = preprocess;
        this.batchSize = model.input(input).dims()[0] == 1 ? 1 : batchSize;
    }

    @Override
    public float[] embed(RgbImage image) {
        return embedAll(List.of(image)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<RgbImage> images) {
        List<float[]> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += batchSize) {
            int n = Math.min(batchSize, images.size() - from);
            float[] pixels = new float[n * preprocess.floats()];
            for (int i = 0; i < n; i++) {
                preprocess.into(images.get(from + i), pixels, i * preprocess.floats());
            }
            out.addAll(embedPreprocessed(pixels, n));
        }
        return out;
    }

    /** The preprocessing this embedder applies (input side, resize mode). */
    public ClipPreprocess preprocess() {
        return preprocess;
    }

    /**
     * Embeds {@code n} images already preprocessed into {@code pixels} ([n,3,S,S], e.g. by the compute backend's
     * crop-resize), in one run.
     */
    public List<float[]> embedPreprocessed(float[] pixels, int n) {
        int s = preprocess.size();
        if (pixels.length != (long) n * preprocess.floats()) {
            throw new IllegalArgumentException("got " + pixels.length + " floats for " + n + " images; expected "
                    + n + "x3x" + s + "x" + s + " = " + (long) n * preprocess.floats());
        }
        OnnxModel.Output result = model.run(List.of(OnnxModel.Input.floats(input, pixels, n, 3, s, s)),
                List.of(output)).get(0);
        return Embeddings.rows(result, n, model, output);
    }

    @Override
    public void close() {
        model.close();
    }
}
