package io.imgdiff.stage.caption;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.CaptionOutput;
import io.imgdiff.item.DiffBox;
import io.imgdiff.item.Item;
import io.imgdiff.item.RegionCaption;
import io.imgdiff.item.RejectedBox;
import io.imgdiff.item.StageName;
import io.imgdiff.item.TruthChange;
import io.imgdiff.image.Crops;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.ImageTextMatcher.Crop;
import io.imgdiff.model.ImageTextMatcher.Side;
import io.imgdiff.model.RegionCaptioner;
import io.imgdiff.model.TextEmbedder;
import io.imgdiff.model.builtin.CaptionDiff;
import io.imgdiff.model.builtin.CocoLexicon;
import io.imgdiff.model.builtin.IdentifiedBackends;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.image.ItemPair;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code caption} (the paper's Difference Captions Generator): for each detected box, most different first, drops
 * boxes outside {@code [min-box-fraction, max-box-fraction]} of the image area ({@code box-too-small},
 * {@code box-too-large}, scored by the fraction), captions the region in both images with the backend named in
 * {@code imgdiff.stages.caption.backend}, then applies the paper's two caption filters:
 * <ol>
 * <li>each region caption is scored against the crop of its own image by the image-text matcher named in
 * {@code caption.matcher} ({@code truth}, built-in; {@code clip}; {@code none}); a side scoring below
 * {@code text-min-score} drops the box as {@value #CAPTION_MISMATCH}, scored by the lower side's score;</li>
 * <li>the two captions are compared: with a {@code caption.text-embedder}, a cosine at or above
 * {@code max-caption-cos} drops the box as {@value #SAME_CAPTION} scored by the cosine; without one, captions that
 * are the same string (case and surrounding blanks ignored) do, scored 1.</li>
 * </ol>
 * The rest keep their difference caption. An item with no kept region is dropped as {@code no-captioned-box}. The
 * output says which matcher and which similarity ran, or why the caption-crop check was skipped.
 */
@ApplicationScoped
public class CaptionStage implements Stage {

    public static final String BOX_TOO_LARGE = "box-too-large";
    public static final String BOX_TOO_SMALL = "box-too-small";
    public static final String SAME_CAPTION = "same-caption";
    /** Drop reason of a box one of whose region captions does not match its crop. */
    public static final String CAPTION_MISMATCH = "caption-mismatch";
    /** {@code caption.matcher} value: score captions by the generator's true changes (built-in). */
    public static final String TRUTH = TruthCaptionMatcher.NAME;
    /** {@code caption.matcher} / {@code caption.text-embedder} value: no model. */
    public static final String NONE = "none";
    /** {@link CaptionOutput#textSimilarity()} of the built-in comparison (no text embedder). */
    public static final String SAME_STRING = "same-string";
    /** Drop reason of an item none of whose boxes got a caption pair. */
    public static final String NO_CAPTIONED_BOX = "no-captioned-box";

    private final Function<String, RegionCaptioner> captioners;
    private final Function<String, ImageTextMatcher> matchers;
    private final Function<String, TextEmbedder> textEmbedders;
    private final long maxPixels;
    private final CaptionDiff diff = new CaptionDiff(CocoLexicon.load());

    /** Backends are looked up per run by the names in its settings, so unused models are never loaded. */
    @Inject
    public CaptionStage(@Any Instance<RegionCaptioner> captioners, @Any Instance<ImageTextMatcher> matchers,
                        @Any Instance<TextEmbedder> textEmbedders, ImgdiffConfig config) {
        this(IdentifiedBackends.of(captioners, "caption.backend", "template"),
                IdentifiedBackends.of(matchers, "caption.matcher", TRUTH),
                IdentifiedBackends.of(textEmbedders, "caption.text-embedder", NONE), config.image().maxPixels());
    }

    /** With an explicit captioner lookup and decode limit, and only the built-in matcher and similarity. */
    public CaptionStage(Function<String, RegionCaptioner> captioners, long maxPixels) {
        this(captioners, name -> {
            throw new BadInputException("caption.matcher is '" + name + "', but no such backend is available here;"
                    + " expected the built-in '" + TRUTH + "' or '" + NONE + "'");
        }, name -> {
            throw new BadInputException("caption.text-embedder is '" + name + "', but no such backend is available"
                    + " here; expected the built-in '" + NONE + "'");
        }, maxPixels);
    }

    /**
     * With explicit backend lookups (tests, tools): {@code matchers} is asked for names other than {@code truth} and
     * {@code none}, {@code textEmbedders} for names other than {@code none}.
     */
    public CaptionStage(Function<String, RegionCaptioner> captioners, Function<String, ImageTextMatcher> matchers,
                        Function<String, TextEmbedder> textEmbedders, long maxPixels) {
        this.captioners = captioners;
        this.matchers = matchers;
        this.textEmbedders = textEmbedders;
        this.maxPixels = maxPixels;
    }

    @Override
    public StageName name() {
        return StageName.CAPTION;
    }

    /** The item's pair, which this stage always reads. */
    @Override
    public List<String> reads(Item item) {
        return ItemPair.storedKeys(item);
    }

    @Override
    public StageResult process(StageContext ctx) {
        Item item = ctx.item();
        if (item.detect() == null) {
            throw new BadInputException("item " + item.id() + " reached caption without a detect output;"
                    + " expected the detect stage's boxes");
        }
        StagesConfig.Caption settings = ctx.settings().caption();
        checkSettings(settings);
        RegionCaptioner captioner = captioners.apply(settings.backend());
        List<TruthChange> truth = item.generate() == null || item.generate().truth() == null ? List.of()
                : item.generate().truth();
        Checks checks = checks(settings, truth);
        ItemPair pair = ItemPair.load(item, ctx.store(), maxPixels);
        RegionLabels.Changes changes = RegionLabels.Changes.of(item, diff);
        double imageArea = (double) pair.a().width() * pair.a().height();
        List<RegionCaption> regions = new ArrayList<>();
        List<RejectedBox> rejected = new ArrayList<>();
        for (DiffBox d : item.detect().boxes()) {
            double fraction = d.box().area() / imageArea;
            if (fraction > settings.maxBoxFraction()) {
                rejected.add(new RejectedBox(d.box(), BOX_TOO_LARGE, fraction));
            } else if (fraction < settings.minBoxFraction()) {
                rejected.add(new RejectedBox(d.box(), BOX_TOO_SMALL, fraction));
            } else {
                RegionLabels labels = RegionLabels.of(d.box(), d.noun(), truth, changes);
                caption(captioner, pair, d, labels, settings, checks, regions, rejected);
            }
        }
        CaptionOutput out = new CaptionOutput(List.copyOf(regions), List.copyOf(rejected), checks.matching(),
                checks.similarity());
        return regions.isEmpty() ? StageResult.drop(NO_CAPTIONED_BOX, out) : StageResult.pass(out);
    }

    /**
     * The run's caption filters for one item: {@code matcher == null} skips the caption-crop check,
     * {@code embedder == null} compares captions as strings; the strings describe them for the output.
     */
    private record Checks(ImageTextMatcher matcher, String matching, TextEmbedder embedder, String similarity) {
    }

    private Checks checks(StagesConfig.Caption settings, List<TruthChange> truth) {
        String m = settings.matcher().trim();
        ImageTextMatcher matcher;
        String matching;
        if (m.equals(NONE)) {
            matcher = null;
            matching = "skipped: caption.matcher=none";
        } else if (m.equals(TRUTH)) {
            matcher = truth.isEmpty() ? null : new TruthCaptionMatcher(truth);
            matching = truth.isEmpty() ? "skipped: no truth boxes for caption.matcher=truth" : TRUTH;
        } else {
            matcher = matchers.apply(m);
            matching = matcher.name();
        }
        String e = settings.textEmbedder().trim();
        TextEmbedder embedder = e.equals(NONE) ? null : textEmbedders.apply(e);
        return new Checks(matcher, matching, embedder, embedder == null ? SAME_STRING : e);
    }

    /** Captions one box and files it as a region, or as rejected when a caption filter drops it. */
    private static void caption(RegionCaptioner captioner, ItemPair pair, DiffBox d, RegionLabels labels,
                                StagesConfig.Caption settings, Checks checks, List<RegionCaption> regions,
                                List<RejectedBox> rejected) {
        RegionCaptioner.Captions c = captioner.caption(new RegionCaptioner.Region(pair.a(), pair.b(), d.box(),
                labels.labelA(), labels.labelB(), labels.removed()));
        if (checks.matcher() != null) {
            double a = checks.matcher().scoreText(new Crop(Side.A, d.box(), Crops.crop(pair.a(), d.box())),
                    c.captionA());
            double b = checks.matcher().scoreText(new Crop(Side.B, d.box(), Crops.crop(pair.b(), d.box())),
                    c.captionB());
            double worst = Math.min(a, b);
            if (!(worst >= settings.textMinScore())) {
                rejected.add(new RejectedBox(d.box(), CAPTION_MISMATCH, worst));
                return;
            }
        }
        double same = similarity(checks.embedder(), c.captionA(), c.captionB());
        boolean drop = checks.embedder() == null ? same == 1.0 : same >= settings.maxCaptionCos();
        if (drop) {
            rejected.add(new RejectedBox(d.box(), SAME_CAPTION, same));
        } else {
            regions.add(new RegionCaption(d.box(), c.captionA(), c.captionB(), c.difference()));
        }
    }

    /** The cosine of the two captions' embeddings; without an embedder 1 for the same string, else 0. */
    static double similarity(TextEmbedder embedder, String a, String b) {
        if (embedder == null) {
            return a.strip().toLowerCase(Locale.ROOT).equals(b.strip().toLowerCase(Locale.ROOT)) ? 1.0 : 0.0;
        }
        List<float[]> e = embedder.embedAll(List.of(a.strip(), b.strip()));
        return ImageEmbedder.cosine(e.get(0), e.get(1));
    }

    private static void checkSettings(StagesConfig.Caption s) {
        if (!(s.minBoxFraction() >= 0 && s.minBoxFraction() <= s.maxBoxFraction() && s.maxBoxFraction() <= 1)) {
            throw new BadInputException("caption.min-box-fraction " + s.minBoxFraction() + " and max-box-fraction "
                    + s.maxBoxFraction() + " are inconsistent; expected 0 <= min <= max <= 1");
        }
        if (Double.isNaN(s.textMinScore()) || Double.isNaN(s.maxCaptionCos())) {
            throw new BadInputException("caption.text-min-score " + s.textMinScore() + " and max-caption-cos "
                    + s.maxCaptionCos() + " must be numbers");
        }
    }
}
