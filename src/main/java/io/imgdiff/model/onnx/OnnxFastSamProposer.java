package io.imgdiff.model.onnx;

import io.imgdiff.compute.Nms;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BoxProposer} {@code fastsam}: the boxes of FastSAM's YOLOv8-seg ONNX export on each image of the pair,
 * unioned (the paper runs FastSAM on both images; the detect stage compares crops of every box on both).
 * <p>Input {@code images} float [1,3,S,S] (S = 1024 for the paper), letterboxed ({@link Letterbox}). Output
 * {@code output0} [1, 4+C+32, N]: per anchor cx, cy, w, h in input pixels, C class confidences (FastSAM: C = 1), 32
 * mask coefficients; {@code output1} (mask prototypes) is not read, since only boxes are needed. Decoding keeps
 * anchors whose best confidence is at least {@code confidence}, applies greedy NMS at {@code iou} per image (the
 * compute backend's {@link Nms}), keeps the {@code maxBoxes} best, and maps boxes back through the letterbox,
 * clipped to the image; boxes that end up empty are dropped.
 */
public final class OnnxFastSamProposer implements BoxProposer, AutoCloseable {

    /** Box coordinates plus the (one) class confidence plus the mask coefficients. */
    private static final int MIN_CHANNELS = 4 + 1 + 32;

    private final OnnxModel model;
    private final int side;
    private final double confidence, iou;
    private final int maxBoxes;
    private final Nms nms;

    public OnnxFastSamProposer(Path file, int imageSize, double confidence, double iou, int maxBoxes, Nms nms,
                               OnnxSettings settings) {
        if (imageSize < 32 || !(confidence >= 0 && confidence <= 1) || !(iou >= 0 && iou <= 1) || maxBoxes < 1) {
            throw new IllegalArgumentException("fastsam settings out of range: image-size " + imageSize + ", confidence "
                    + confidence + ", iou " + iou + ", max-boxes " + maxBoxes
                    + "; expected image-size >= 32, confidence and iou in 0-1, max-boxes >= 1");
        }
        this.model = OnnxModel.open(file, "FastSAM",
                List.of(TensorSpec.of("images", TensorSpec.FLOAT, TensorSpec.ANY, 3, imageSize, imageSize)),
                List.of(TensorSpec.of("output0", TensorSpec.FLOAT, TensorSpec.ANY, TensorSpec.ANY, TensorSpec.ANY)),
                settings);
        long channels = model.output("output0").dims()[1];
        if (channels != TensorSpec.ANY && channels < MIN_CHANNELS) {
            throw new IllegalStateException("model file " + file.toAbsolutePath() + " does not fit the FastSAM backend:"
                    + " output0 " + model.output("output0") + " has " + channels + " channels, expected at least "
                    + MIN_CHANNELS + " (cx, cy, w, h, confidence, 32 mask coefficients)");
        }
        this.side = imageSize;
        this.confidence = confidence;
        this.iou = iou;
        this.maxBoxes = maxBoxes;
        this.nms = nms;
    }

    @Override
    public String name() {
        return "fastsam";
    }

    /** Boxes of {@code a}, then boxes of {@code b}, each image's best first. */
    @Override
    public List<Proposal> propose(RgbImage a, RgbImage b) {
        List<Proposal> out = new ArrayList<>(boxes(a));
        out.addAll(boxes(b));
        return out;
    }

    /** The decoded boxes of one image, best first. */
    public List<Proposal> boxes(RgbImage image) {
        Letterbox box = Letterbox.of(image.width(), image.height(), side);
        float[] input = new float[3 * side * side];
        box.into(image, input, 0);
        OnnxModel.Output out = model.run(List.of(OnnxModel.Input.floats("images", input, 1, 3, side, side)),
                List.of("output0")).get(0);
        return decode(out, box);
    }

    /** Decodes {@code output0} of one image: threshold, NMS, top {@code maxBoxes}, back to image pixels. */
    List<Proposal> decode(OnnxModel.Output out, Letterbox letterbox) {
        long[] shape = out.shape();
        if (shape.length != 3 || shape[0] != 1 || shape[1] < MIN_CHANNELS) {
            throw new IllegalStateException("FastSAM model " + model.file().toAbsolutePath() + ": output0 has shape "
                    + Arrays.toString(shape) + ", expected [1," + MIN_CHANNELS + " or more,N]");
        }
        int n = (int) shape[2], classes = (int) shape[1] - 4 - 32;
        float[] d = out.data();
        List<Box> inputBoxes = new ArrayList<>();
        List<double[]> centres = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double best = 0;
            for (int c = 0; c < classes; c++) {
                best = Math.max(best, d[(4 + c) * n + i]);
            }
            double cx = d[i], cy = d[n + i], w = d[2 * n + i], h = d[3 * n + i];
            if (best < confidence || !(w > 0 && h > 0)) {
                continue;
            }
            // NMS compares boxes in input pixels, as ultralytics does, rounded to whole input pixels (its boxes
            // are floats; at 1024 input pixels the rounding moves an IoU by well under 1%).
            inputBoxes.add(new Box((int) Math.round(cx - w / 2), (int) Math.round(cy - h / 2),
                    (int) Math.round(cx + w / 2), (int) Math.round(cy + h / 2)));
            centres.add(new double[]{cx, cy, w, h});
            scores.add(best);
        }
        int[] kept = nms.nms(inputBoxes, scores.stream().mapToDouble(Double::doubleValue).toArray(), iou);
        List<Proposal> proposals = new ArrayList<>();
        for (int k : kept) {
            if (proposals.size() == maxBoxes) {
                break;
            }
            double[] c = centres.get(k);
            Box box = letterbox.toImage(c[0], c[1], c[2], c[3]);
            if (box.area() > 0) {
                proposals.add(new Proposal(box, scores.get(k), name()));
            }
        }
        return proposals;
    }

    @Override
    public void close() {
        model.close();
    }
}
