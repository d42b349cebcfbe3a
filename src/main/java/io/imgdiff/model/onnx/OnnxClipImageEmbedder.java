package io.imgdiff.model.onnx;

import io.imgdiff.item.RgbImage;
import io.imgdiff.model.ImageEmbedder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ImageEmbedder} on a CLIP vision export (optimum's {@code CLIPVisionModelWithProjection}, or a BLIP ITC image
 * head with the same I/O): {@code pixel_values} float [N,3,224,224] in, projected embeddings [N,D] out, L2-normalised
 * here so cosines are dot products. Images are preprocessed by {@link ClipPreprocess} and sent in batches of at most
 * {@code batchSize}; a model whose batch dimension is fixed at 1 gets one image per run.
 */
public final class OnnxClipImageEmbedder implements ImageEmbedder, AutoCloseable {

    private final OnnxModel model;
    private final String input;
    private final String output;
    private final int batchSize;

    /** Opens and checks {@code file}; {@code input}/{@code output} are the tensor names (see ImgdiffConfig). */
    public OnnxClipImageEmbedder(Path file, String input, String output, int batchSize, OnnxSettings settings) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("imgdiff.models.batch-size must be >= 1, got " + batchSize);
        }
        this.model = OnnxModel.open(file, "CLIP vision",
                List.of(TensorSpec.of(input, TensorSpec.FLOAT, TensorSpec.ANY, 3, ClipPreprocess.SIZE, ClipPreprocess.SIZE)),
                List.of(TensorSpec.of(output, TensorSpec.FLOAT, TensorSpec.ANY, TensorSpec.ANY)), settings);
        this.input = input;
        this.output = output;
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
            float[] pixels = new float[n * ClipPreprocess.FLOATS];
            for (int i = 0; i < n; i++) {
                ClipPreprocess.into(images.get(from + i), pixels, i * ClipPreprocess.FLOATS);
            }
            out.addAll(embedPreprocessed(pixels, n));
        }
        return out;
    }

    /**
     * Embeds {@code n} images already preprocessed into {@code pixels} ([n,3,224,224], e.g. by the compute
     * backend's crop-resize), in one run.
     */
    public List<float[]> embedPreprocessed(float[] pixels, int n) {
        if (pixels.length != n * ClipPreprocess.FLOATS) {
            throw new IllegalArgumentException("got " + pixels.length + " floats for " + n + " images; expected "
                    + n + "x3x224x224 = " + (long) n * ClipPreprocess.FLOATS);
        }
        OnnxModel.Output result = model.run(
                List.of(OnnxModel.Input.floats(input, pixels, n, 3, ClipPreprocess.SIZE, ClipPreprocess.SIZE)),
                List.of(output)).get(0);
        return Embeddings.rows(result, n, model, output);
    }

    @Override
    public void close() {
        model.close();
    }
}
