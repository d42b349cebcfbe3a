package io.imgdiff.stage.detect;

import io.imgdiff.compute.ComputeBackend;
import io.imgdiff.compute.cpu.CpuComputeBackend;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.detect.DetectorSettings;
import io.imgdiff.detect.NounDiff;
import io.imgdiff.detect.PixelDiffDetector;
import io.imgdiff.detect.TruthTextMatcher;
import io.imgdiff.image.ItemPair;
import io.imgdiff.item.DetectOutput;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.PixelBuffers;
import io.imgdiff.item.StageName;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.BoxProposer;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.builtin.IdentifiedBackends;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@code detect} stage (the paper's Difference Area Generator): candidate boxes from the configured proposers
 * (the built-in {@code pixel} core, or bean proposers such as FastSAM, unioned), then {@link CandidateJudge}'s
 * filters. A pair left with no box is dropped as {@value #NO_DIFFERENCE}. On CUDA workers with nvJPEG, a JPEG pair
 * that {@link DevicePath} admits is reduced on the GPU and never decoded on the host; every other pair is.
 */
@ApplicationScoped
public class DetectStage implements Stage {

    /** Drop reason of a pair with no kept box. */
    public static final String NO_DIFFERENCE = "no-difference";
    /** {@code detect.matcher} value: match nouns against the generator's known boxes (built-in backends). */
    public static final String TRUTH = "truth";
    /** {@code detect.matcher} value: no image-text matching. */
    public static final String NONE = "none";

    private final ComputeBackend backend;
    private final Function<String, ImageEmbedder> embedders;
    private final Function<String, ImageTextMatcher> matchers;
    private final Function<String, BoxProposer> proposers;
    private final long maxPixels;

    /** Backends are looked up per run by the names in its settings, so unused models are never loaded. */
    @Inject
    DetectStage(Instance<ComputeBackend> backends, @Any Instance<ImageEmbedder> embedders,
                @Any Instance<ImageTextMatcher> matchers, @Any Instance<BoxProposer> proposers, ImgdiffConfig config) {
        this(backends.isResolvable() ? backends.get() : new CpuComputeBackend(),
                IdentifiedBackends.of(embedders, "detect.embedder", "pixel"),
                IdentifiedBackends.of(matchers, "detect.matcher", TRUTH),
                IdentifiedBackends.of(proposers, "detect.proposers", PixelDiffDetector.NAME),
                config.image().maxPixels());
    }

    /**
     * Plain construction (tests, tools). {@code model} may be null (no image-text model); {@code proposers} are
     * the non-built-in proposers, found by {@link BoxProposer#name()}.
     */
    public DetectStage(ComputeBackend backend, ImageEmbedder embedder, ImageTextMatcher model,
                       List<BoxProposer> proposers, long maxPixels) {
        this(backend, name -> embedder, name -> model, name -> proposers.stream().filter(p -> p.name().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("proposer '" + name + "' in"
                        + " imgdiff.stages.detect.proposers is not available; expected " + PixelDiffDetector.NAME
                        + " or one of " + proposers.stream().map(BoxProposer::name).toList())), maxPixels);
    }

    private DetectStage(ComputeBackend backend, Function<String, ImageEmbedder> embedders,
                        Function<String, ImageTextMatcher> matchers, Function<String, BoxProposer> proposers,
                        long maxPixels) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.embedders = embedders;
        this.matchers = matchers;
        this.proposers = proposers;
        this.maxPixels = maxPixels;
    }

    @Override
    public StageName name() {
        return StageName.DETECT;
    }

    /** The item's pair, which this stage always reads. */
    @Override
    public List<String> reads(Item item) {
        return ItemPair.storedKeys(item);
    }

    @Override
    public StageResult process(StageContext ctx) {
        // the pair's pixels end with this job (the output is boxes): the next job on this thread reuses its arrays
        try (PixelBuffers.Scope pixels = PixelBuffers.scope()) {
            ItemPair.Bytes stored = ItemPair.fetch(ctx.item(), ctx.store());
            DevicePath.Pair onDevice = DevicePath.prepare(ctx.item(), stored, ctx.settings().detect(), maxPixels);
            if (onDevice != null) {
                return detect(ctx, onDevice);
            }
            return detect(ctx, ItemPair.decode(ctx.item(), stored, maxPixels).pair());
        }
    }

    /** The stage on an already loaded pair (benchmarks time loading and detection apart). */
    public StageResult detect(StageContext ctx, ItemPair pair) {
        return judge(ctx, (name, cfg) -> proposer(name, cfg).propose(pair.a(), pair.b()),
                CandidateJudge.FullPair.of(pair.a(), pair.b()));
    }

    /** The stage on a pair the device path prepared: only {@code pixel} proposes there ({@link DevicePath}'s rule). */
    private StageResult detect(StageContext ctx, DevicePath.Pair pair) {
        return judge(ctx, (name, cfg) -> new PixelDiffDetector(backend, DetectorSettings.from(cfg))
                .detect(pair.working(), pair.width(), pair.height(), null).proposals(), pair.full());
    }

    /** Candidates from every configured proposer (by trimmed name), then {@link CandidateJudge}'s filters. */
    private StageResult judge(StageContext ctx,
                              BiFunction<String, StagesConfig.Detect, List<BoxProposer.Proposal>> propose,
                              CandidateJudge.FullPair full) {
        Item item = ctx.item();
        StagesConfig.Detect cfg = ctx.settings().detect();
        ImageEmbedder embedder = embedders.apply(cfg.embedder());
        if (embedder == null) {
            throw new IllegalStateException("detect needs an image embedder; detect.embedder is '" + cfg.embedder()
                    + "' and none is deployed (built-in: pixel)");
        }
        List<BoxProposer.Proposal> candidates = new ArrayList<>();
        for (String name : cfg.proposers()) {
            candidates.addAll(propose.apply(name.trim(), cfg));
        }
        DetectOutput out = CandidateJudge.judge(full, candidates, cfg, embedder, textPlan(item, cfg.matcher()),
                backend.nms());
        return out.boxes().isEmpty() ? StageResult.drop(NO_DIFFERENCE, out) : StageResult.pass(out);
    }

    private BoxProposer proposer(String name, StagesConfig.Detect cfg) {
        if (name.equals(PixelDiffDetector.NAME)) {
            return new PixelDiffDetector(backend, DetectorSettings.from(cfg)); // settings are per run
        }
        return proposers.apply(name);
    }

    /** Nouns from edit, else the input, else a diff of the captions, else truth labels; then who matches. */
    CandidateJudge.TextPlan textPlan(Item item, String matcher) {
        List<TruthChange> truth = item.generate() == null || item.generate().truth() == null ? List.of()
                : item.generate().truth();
        List<String>[] nouns = nouns(item, truth);
        boolean none = nouns[0].isEmpty() && nouns[1].isEmpty();
        ImageTextMatcher model = matcher.equals(TRUTH) || matcher.equals(NONE) ? null : matchers.apply(matcher);
        if (matcher.equals(NONE)) {
            return new CandidateJudge.TextPlan(null, List.of(), List.of(), "skipped: detect.matcher=none");
        }
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
