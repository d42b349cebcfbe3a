package io.imgdiff.stage.filter;

import io.imgdiff.item.Item;
import io.imgdiff.image.ItemPair;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.FilterOutput;
import io.imgdiff.item.StageName;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.builtin.IdentifiedBackends;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Function;

/**
 * {@code filter}: keeps a pair whose image-embedding cosine lies in {@code [min-cos, max-cos]} (the paper: CLIP,
 * 0.90–0.98), so the two images show the same scene yet visibly differ. Drops {@code too-similar} above the
 * range (nothing changed, or too little) and {@code too-different} below it (the scene itself changed).
 */
@ApplicationScoped
public class FilterStage implements Stage {

    /** Drop reason for a cosine above {@code max-cos}. */
    public static final String TOO_SIMILAR = "too-similar";
    /** Drop reason for a cosine below {@code min-cos}. */
    public static final String TOO_DIFFERENT = "too-different";

    private final Function<String, ImageEmbedder> embedders;
    private final long maxPixels;

    @Inject
    public FilterStage(@Any Instance<ImageEmbedder> embedders, ImgdiffConfig config) {
        this(IdentifiedBackends.of(embedders, "filter.backend", "pixel"), config.image().maxPixels());
    }

    /** With an explicit backend lookup and decode limit (tests, tools). */
    public FilterStage(Function<String, ImageEmbedder> embedders, long maxPixels) {
        this.embedders = embedders;
        this.maxPixels = maxPixels;
    }

    @Override
    public StageName name() {
        return StageName.FILTER;
    }

    /** The item's pair, which this stage always reads. */
    @Override
    public List<String> reads(Item item) {
        return ItemPair.storedKeys(item);
    }

    @Override
    public StageResult process(StageContext ctx) {
        StagesConfig.Filter settings = ctx.settings().filter();
        double min = settings.minCos();
        double max = settings.maxCos();
        if (!(min <= max)) {
            throw new BadInputException("filter.min-cos " + min + " is above filter.max-cos " + max
                    + "; expected min-cos <= max-cos");
        }
        ItemPair pair = ItemPair.load(ctx.item(), ctx.store(), maxPixels);
        List<float[]> e = embedders.apply(settings.backend()).embedAll(List.of(pair.a(), pair.b()));
        double cos = ImageEmbedder.cosine(e.get(0), e.get(1));
        FilterOutput out = new FilterOutput(cos, min, max);
        if (cos > max) {
            return StageResult.drop(TOO_SIMILAR, out);
        }
        if (cos < min) {
            return StageResult.drop(TOO_DIFFERENT, out);
        }
        return StageResult.pass(out);
    }
}
