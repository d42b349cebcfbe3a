package io.imgdiff.stage.detect;

import io.imgdiff.image.ItemPair;

import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.detect.DetectorSettings;
import io.imgdiff.detect.NounDiff;
import io.imgdiff.detect.PixelDiffDetector;
import io.imgdiff.detect.TruthTextMatcher;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.StageName;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.BoxProposer;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code detect} stage (the paper's Difference Area Generator): candidate boxes from the configured proposers
 * (the built-in {@code pixel} core, or bean proposers such as FastSAM, unioned), then {@link CandidateJudge}'s
 * filters. A pair left with no box is dropped as {@value #NO_DIFFERENCE}.
 */
@ApplicationScoped
public class DetectStage implements Stage {

    /** Drop reason of a pair with no kept box. */
    public static final String NO_DIFFERENCE = "no-difference";

    private final ComputeBackend backend;
    private final ImageEmbedder embedder;
    private final ImageTextMatcher model;
    private final Map<String, BoxProposer> beanProposers;
    private final long maxPixels;

    @Inject
    DetectStage(Instance<ComputeBackend> backends, Instance<ImageEmbedder> embedders,
                Instance<ImageTextMatcher> matchers, Instance<BoxProposer> proposers, ImgdiffConfig config) {
        this(backends.isResolvable() ? backends.get() : new CpuComputeBackend(),
                embedders.isResolvable() ? embedders.get() : null,
                matchers.isResolvable() ? matchers.get() : null, proposers.stream().toList(),
                config.image().maxPixels());
    }

    /**
     * Plain construction (tests, tools). {@code model} may be null (no image-text model); {@code proposers} are
     * the non-built-in proposers, found by {@link BoxProposer#name()}.
     */
    public DetectStage(ComputeBackend backend, ImageEmbedder embedder, ImageTextMatcher model,
                       List<BoxProposer> proposers, long maxPixels) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.embedder = embedder;
        this.model = model;
        this.beanProposers = new HashMap<>();
        proposers.forEach(p -> beanProposers.put(p.name(), p));
        this.maxPixels = maxPixels;
    }

    @Override
    public StageName name() {
        return StageName.DETECT;
    }

    @Override
    public StageResult process(StageContext ctx) {
        if (embedder == null) {
            throw new IllegalStateException("detect needs an ImageEmbedder bean (built-in: "
                    + "io.imgdiff.model.builtin.PixelEmbedder); none is deployed");
        }
        Item item = ctx.item();
        StagesConfig.Detect cfg = ctx.settings().detect();
        ItemPair pair = ItemPair.load(item, ctx.store(), maxPixels);
        RgbImage[] ab = {pair.a(), pair.b()};
        List<BoxProposer.Proposal> candidates = new ArrayList<>();
        for (String name : cfg.proposers()) {
            candidates.addAll(proposer(name.trim(), cfg).propose(ab[0], ab[1]));
        }
        DetectOutput out = CandidateJudge.judge(ab[0], ab[1], candidates, cfg, embedder, textPlan(item), backend.nms());
        return out.boxes().isEmpty() ? StageResult.drop(NO_DIFFERENCE, out) : StageResult.pass(out);
    }

    private BoxProposer proposer(String name, StagesConfig.Detect cfg) {
        if (name.equals(PixelDiffDetector.NAME)) {
            return new PixelDiffDetector(backend, DetectorSettings.from(cfg)); // settings are per run
        }
        BoxProposer p = beanProposers.get(name);
        if (p == null) {
            throw new IllegalStateException("proposer '" + name + "' in imgdiff.stages.detect.proposers is not "
                    + "available; expected one of " + PixelDiffDetector.NAME + " " + beanProposers.keySet());
        }
        return p;
    }

    /** Nouns from edit, else the input, else a diff of the captions, else truth labels; then who matches. */
    CandidateJudge.TextPlan textPlan(Item item) {
        List<TruthChange> truth = item.generate() == null || item.generate().truth() == null ? List.of()
                : item.generate().truth();
        List<String>[] nouns = nouns(item, truth);
        boolean none = nouns[0].isEmpty() && nouns[1].isEmpty();
        if (model != null && !none) {
            return new CandidateJudge.TextPlan(model, nouns[0], nouns[1], model.name());
        }
        if (!truth.isEmpty() && !none) {
            return new CandidateJudge.TextPlan(new TruthTextMatcher(truth), nouns[0], nouns[1], "truth");
        }
        String why = none ? "skipped: no changed nouns" : "skipped: no image-text model and no truth boxes";
        return new CandidateJudge.TextPlan(null, List.of(), List.of(), why);
    }

    @SuppressWarnings("unchecked")
    private static List<String>[] nouns(Item item, List<TruthChange> truth) {
        EditOutput edit = item.edit();
        if (edit != null && edit.changedA() != null && edit.changedB() != null
                && !(edit.changedA().isEmpty() && edit.changedB().isEmpty())) {
            return new List[] {edit.changedA(), edit.changedB()};
        }
        String ca = edit != null ? edit.captionA() : item.input() == null ? null : item.input().captionA();
        String cb = edit != null ? edit.captionB() : item.input() == null ? null : item.input().captionB();
        if (ca != null && cb != null) {
            NounDiff.Changed c = new NounDiff().diff(ca, cb);
            if (!c.a().isEmpty() || !c.b().isEmpty()) {
                return new List[] {c.a(), c.b()};
            }
        }
        List<String> la = new ArrayList<>();
        List<String> lb = new ArrayList<>();
        for (TruthChange t : truth) {
            if (t.labelA() != null) {
                la.add(t.labelA());
            }
            if (t.labelB() != null) {
                lb.add(t.labelB());
            }
        }
        return new List[] {la, lb};
    }
}
