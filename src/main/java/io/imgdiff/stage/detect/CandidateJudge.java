package io.imgdiff.stage.detect;

import io.imgdiff.compute.Nms;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.Crops;
import io.imgdiff.item.Box;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.RejectedBox;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.BoxProposer;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.ImageTextMatcher.Crop;
import io.imgdiff.model.ImageTextMatcher.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * The Difference Area Generator's filters, in the paper's order: minimum area, crop-pair similarity
 * ({@code cos < cropMaxCos}), image-text match of either crop against its own caption's changed nouns
 * ({@code score > textMinScore}), greedy NMS with the least similar pair first, at most {@code maxBoxes}. Every
 * dropped candidate is kept as a {@link RejectedBox} with the reason and the score that decided it.
 */
final class CandidateJudge {

    static final String TOO_SMALL = "too-small";
    static final String SIMILAR = "similar-crops";
    static final String NO_NOUN = "no-noun-match";
    static final String NMS = "nms";
    static final String MAX_BOXES = "max-boxes";

    /** How crops meet nouns for one item; {@code matcher == null} means text matching is skipped. */
    record TextPlan(ImageTextMatcher matcher, List<String> nounsA, List<String> nounsB, String description) {
    }

    private record Scored(Box box, double cos, double text, String noun) {
    }

    /**
     * Where the crops come from: the full-size pair on the host ({@link #of}), or the device path's pair still on
     * the GPU, of which only the candidates' boxes come back.
     */
    interface FullPair {
        /** Pixels of the full-size images (each). */
        long pixels();

        /** The pixels of image {@code side} inside {@code box}. */
        RgbImage crop(Side side, Box box);

        static FullPair of(RgbImage a, RgbImage b) {
            return new FullPair() {
                public long pixels() {
                    return a.pixels();
                }

                public RgbImage crop(Side side, Box box) {
                    return Crops.crop(side == Side.A ? a : b, box);
                }
            };
        }
    }

    private CandidateJudge() {
    }

    static DetectOutput judge(FullPair pair, List<BoxProposer.Proposal> candidates, StagesConfig.Detect cfg,
                              ImageEmbedder embedder, TextPlan text, Nms nms) {
        List<RejectedBox> rejected = new ArrayList<>();
        List<Scored> alive = new ArrayList<>();
        long pixels = pair.pixels();
        double minArea = cfg.minAreaFraction() * pixels;
        for (BoxProposer.Proposal p : candidates) {
            Box box = p.box();
            if (box.area() < minArea || box.area() == 0) {
                rejected.add(new RejectedBox(box, TOO_SMALL, (double) box.area() / pixels));
                continue;
            }
            RgbImage ca = pair.crop(Side.A, box);
            RgbImage cb = pair.crop(Side.B, box);
            List<float[]> e = embedder.embedAll(List.of(ca, cb));
            double cos = ImageEmbedder.cosine(e.get(0), e.get(1));
            if (cos >= cfg.cropMaxCos()) {
                rejected.add(new RejectedBox(box, SIMILAR, cos));
                continue;
            }
            Scored s = textMatch(new Crop(Side.A, box, ca), new Crop(Side.B, box, cb), cos, text);
            if (text.matcher() != null && !(s.text() > cfg.textMinScore())) {
                rejected.add(new RejectedBox(box, NO_NOUN, s.text()));
                continue;
            }
            alive.add(s);
        }
        List<DiffBox> kept = suppress(alive, cfg, nms, rejected);
        return new DetectOutput(kept, rejected, text.description());
    }

    private static Scored textMatch(Crop ca, Crop cb, double cos, TextPlan text) {
        if (text.matcher() == null) {
            return new Scored(ca.box(), cos, 0, null); // skipped: no score, no noun
        }
        double best = Double.NEGATIVE_INFINITY;
        String noun = null;
        for (String n : text.nounsA()) {
            double s = text.matcher().score(ca, n);
            if (s > best) {
                best = s;
                noun = n;
            }
        }
        for (String n : text.nounsB()) {
            double s = text.matcher().score(cb, n);
            if (s > best) {
                best = s;
                noun = n;
            }
        }
        return new Scored(ca.box(), cos, noun == null ? 0 : best, noun);
    }

    private static List<DiffBox> suppress(List<Scored> alive, StagesConfig.Detect cfg, Nms nms,
                                          List<RejectedBox> rejected) {
        List<Box> boxes = new ArrayList<>();
        double[] scores = new double[alive.size()];
        for (int i = 0; i < alive.size(); i++) {
            boxes.add(alive.get(i).box());
            scores[i] = 1 - alive.get(i).cos(); // least similar crop pair first
        }
        int[] order = nms.nms(boxes, scores, cfg.nmsIou());
        boolean[] survived = new boolean[alive.size()];
        List<DiffBox> kept = new ArrayList<>();
        for (int i : order) {
            survived[i] = true;
            Scored s = alive.get(i);
            if (kept.size() < cfg.maxBoxes()) {
                kept.add(new DiffBox(s.box(), scores[i], s.cos(), s.text(), s.noun()));
            } else {
                rejected.add(new RejectedBox(s.box(), MAX_BOXES, scores[i]));
            }
        }
        for (int i = 0; i < alive.size(); i++) {
            if (!survived[i]) {
                double iou = 0;
                for (int k : order) {
                    iou = Math.max(iou, boxes.get(i).iou(boxes.get(k)));
                }
                rejected.add(new RejectedBox(boxes.get(i), NMS, iou)); // score: overlap with the box that won
            }
        }
        return kept;
    }

}
