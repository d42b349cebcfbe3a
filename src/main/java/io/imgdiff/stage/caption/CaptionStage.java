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
import io.imgdiff.model.RegionCaptioner;
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
 * {@code imgdiff.stages.caption.backend}, drops {@code same-caption} when the two agree, and keeps a difference
 * caption for the rest. An item with no kept region is dropped as {@code no-captioned-box}.
 */
@ApplicationScoped
public class CaptionStage implements Stage {

    public static final String BOX_TOO_LARGE = "box-too-large";
    public static final String BOX_TOO_SMALL = "box-too-small";
    public static final String SAME_CAPTION = "same-caption";
    /** Drop reason of an item none of whose boxes got a caption pair. */
    public static final String NO_CAPTIONED_BOX = "no-captioned-box";

    private final Function<String, RegionCaptioner> captioners;
    private final long maxPixels;
    private final CaptionDiff diff = new CaptionDiff(CocoLexicon.load());

    @Inject
    public CaptionStage(@Any Instance<RegionCaptioner> captioners, ImgdiffConfig config) {
        this(IdentifiedBackends.of(captioners, "caption.backend", "template"), config.image().maxPixels());
    }

    /** With an explicit backend lookup and decode limit (tests, tools). */
    public CaptionStage(Function<String, RegionCaptioner> captioners, long maxPixels) {
        this.captioners = captioners;
        this.maxPixels = maxPixels;
    }

    @Override
    public StageName name() {
        return StageName.CAPTION;
    }

    @Override
    public StageResult process(StageContext ctx) {
        Item item = ctx.item();
        if (item.detect() == null) {
            throw new BadInputException("item " + item.id() + " reached caption without a detect output;"
                    + " expected the detect stage's boxes");
        }
        StagesConfig.Caption settings = ctx.settings().caption();
        checkFractions(settings);
        RegionCaptioner captioner = captioners.apply(settings.backend());
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
                RegionLabels labels = RegionLabels.of(d.box(), d.noun(),
                        item.generate() == null ? null : item.generate().truth(), changes);
                caption(captioner, pair, d, labels, regions, rejected);
            }
        }
        CaptionOutput out = new CaptionOutput(List.copyOf(regions), List.copyOf(rejected));
        return regions.isEmpty() ? StageResult.drop(NO_CAPTIONED_BOX, out) : StageResult.pass(out);
    }

    /** Captions one box and files it as a region, or as rejected when both sides read the same. */
    private static void caption(RegionCaptioner captioner, ItemPair pair, DiffBox d, RegionLabels labels,
                                List<RegionCaption> regions, List<RejectedBox> rejected) {
        RegionCaptioner.Captions c = captioner.caption(new RegionCaptioner.Region(pair.a(), pair.b(), d.box(),
                labels.labelA(), labels.labelB(), labels.removed()));
        if (c.captionA().strip().toLowerCase(Locale.ROOT).equals(c.captionB().strip().toLowerCase(Locale.ROOT))) {
            rejected.add(new RejectedBox(d.box(), SAME_CAPTION, 1.0));
        } else {
            regions.add(new RegionCaption(d.box(), c.captionA(), c.captionB(), c.difference()));
        }
    }

    private static void checkFractions(StagesConfig.Caption s) {
        if (!(s.minBoxFraction() >= 0 && s.minBoxFraction() <= s.maxBoxFraction() && s.maxBoxFraction() <= 1)) {
            throw new BadInputException("caption.min-box-fraction " + s.minBoxFraction() + " and max-box-fraction "
                    + s.maxBoxFraction() + " are inconsistent; expected 0 <= min <= max <= 1");
        }
    }
}
