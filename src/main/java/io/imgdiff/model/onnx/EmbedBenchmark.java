package io.imgdiff.model.onnx;

import io.imgdiff.bench.Machine;
import io.imgdiff.compute.cpu.CropResizeCpu;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Crops per second of a CLIP image encoder on detect-stage-like work: crops of 48–400 px cut from a 1024×1024
 * image, embedded in batches. Prints three figures per batch size: CLIP preprocessing alone (bicubic, Java), the
 * whole path (crop, preprocess, model), and the compute backend's bilinear crop-resize feeding the model (the
 * layout a GPU path would hand over). Figures only; nothing is asserted.
 */
public final class EmbedBenchmark {

    private final int crops;
    private final int[] batchSizes;

    public EmbedBenchmark(int crops, int... batchSizes) {
        this.crops = crops;
        this.batchSizes = batchSizes;
    }

    /** Benchmarks {@code model} (a CLIP vision export) with {@code settings}, printing to {@code out}. */
    public void run(Path model, OnnxSettings settings, PrintStream out) {
        out.println("machine: " + Machine.describe());
        out.println("model:   " + model.toAbsolutePath() + " (" + settings.provider() + ", intra-op threads "
                + (settings.intraThreads() == 0 ? "auto" : settings.intraThreads()) + ")");
        RgbImage image = TestPattern.of(1024, 1024);
        Random random = new Random(42);
        List<Box> boxes = new ArrayList<>();
        List<RgbImage> pieces = new ArrayList<>();
        for (int i = 0; i < crops; i++) {
            int w = 48 + random.nextInt(353), h = 48 + random.nextInt(353);
            int x = random.nextInt(1024 - w), y = random.nextInt(1024 - h);
            boxes.add(new Box(x, y, x + w, y + h));
            pieces.add(TestPattern.crop(image, boxes.get(i)));
        }
        long t0 = System.nanoTime();
        float[] sink = new float[ClipPreprocess.CLIP.floats()];
        for (RgbImage piece : pieces) {
            ClipPreprocess.CLIP.into(piece, sink, 0);
        }
        out.printf("preprocess only (CLIP bicubic, 1 thread): %.1f crops/s%n", rate(crops, t0));
        try (OnnxClipImageEmbedder embedder = new OnnxClipImageEmbedder(model, "pixel_values", "image_embeds",
                batchSizes[batchSizes.length - 1], settings)) {
            CropResizeCpu cropResize = new CropResizeCpu();
            embedder.embedAll(pieces.subList(0, Math.min(8, crops))); // warm-up: first runs plan the graph
            for (int batch : batchSizes) {
                long t1 = System.nanoTime();
                for (int from = 0; from < crops; from += batch) {
                    int n = Math.min(batch, crops - from);
                    List<RgbImage> chunk = new ArrayList<>(n);
                    for (int i = from; i < from + n; i++) {
                        chunk.add(TestPattern.crop(image, boxes.get(i)));
                    }
                    embedder.embedAll(chunk);
                }
                double full = rate(crops, t1);
                long t2 = System.nanoTime();
                for (int from = 0; from < crops; from += batch) {
                    int n = Math.min(batch, crops - from);
                    float[] pixels = cropResize.apply(java.util.Collections.nCopies(n, image),
                            boxes.subList(from, from + n), ClipPreprocess.CLIP.size());
                    embedder.embedPreprocessed(pixels, n);
                }
                out.printf("batch %3d: crop+preprocess+model %.1f crops/s; compute crop-resize+model %.1f crops/s%n",
                        batch, full, rate(crops, t2));
            }
        }
    }

    private static double rate(int n, long startNanos) {
        return n / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** A deterministic image with texture everywhere, and crops of it. */
    static final class TestPattern {
        private TestPattern() {
        }

        static RgbImage of(int w, int h) {
            byte[] px = new byte[w * h * 3];
            Random r = new Random(7);
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (((i / 3) % w + (i / 3) / w + r.nextInt(32)) & 0xFF);
            }
            return new RgbImage(w, h, px);
        }

        static RgbImage crop(RgbImage image, Box b) {
            byte[] px = new byte[b.width() * b.height() * 3];
            for (int y = 0; y < b.height(); y++) {
                System.arraycopy(image.rgb(), ((b.y1() + y) * image.width() + b.x1()) * 3, px, y * b.width() * 3,
                        b.width() * 3);
            }
            return new RgbImage(b.width(), b.height(), px);
        }
    }
}
