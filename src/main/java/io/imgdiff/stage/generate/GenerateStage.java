package io.imgdiff.stage.generate;

import io.imgdiff.config.StoredImageFormat;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.GenerateOutput;
import io.imgdiff.item.Item;
import io.imgdiff.item.ItemInput;
import io.imgdiff.item.StageName;
import io.imgdiff.model.PairGenerator;
import io.imgdiff.model.builtin.CaptionDiff;
import io.imgdiff.model.builtin.CocoLexicon;
import io.imgdiff.model.builtin.IdentifiedBackends;
import io.imgdiff.stage.Stage;
import io.imgdiff.stage.StageContext;
import io.imgdiff.stage.StageResult;
import io.imgdiff.store.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.function.Function;

/**
 * {@code generate}: renders the item's caption pair as an image pair with the backend named in
 * {@code imgdiff.stages.generate.backend}, stores {@code a.rgbz}/{@code b.rgbz} (or {@code .png}, {@code generate.image-format}) under the item's keys (rewriting
 * them on a re-delivery gives the same bytes) and records the true changes when the backend knows them.
 */
@ApplicationScoped
public class GenerateStage implements Stage {

    private final Function<String, PairGenerator> generators;
    private final CaptionDiff diff;

    @Inject
    public GenerateStage(@Any Instance<PairGenerator> generators) {
        this(IdentifiedBackends.of(generators, "generate.backend", "procedural"));
    }

    /** With an explicit backend lookup (tests, tools). */
    public GenerateStage(Function<String, PairGenerator> generators) {
        this.generators = generators;
        this.diff = new CaptionDiff(CocoLexicon.load());
    }

    @Override
    public StageName name() {
        return StageName.GENERATE;
    }

    @Override
    public StageResult process(StageContext ctx) {
        EditOutput captions = captions(ctx.item());
        PairGenerator generator = generators.apply(ctx.settings().generate().backend());
        PairGenerator.GeneratedPair pair = generator.generate(captions, ctx.settings().generate(), ctx.seed());
        StoredImageFormat format = ctx.settings().generate().imageFormat();
        String keyA = ObjectKeys.item(ctx.run(), ctx.itemId(), "a." + format.extension());
        String keyB = ObjectKeys.item(ctx.run(), ctx.itemId(), "b." + format.extension());
        ctx.store().put(keyA, ImageCodec.encode(pair.a(), format), format.contentType());
        ctx.store().put(keyB, ImageCodec.encode(pair.b(), format), format.contentType());
        return StageResult.pass(new GenerateOutput(keyA, keyB, pair.a().width(), pair.a().height(), pair.truth()));
    }

    /** The edit stage's output, or for items entering here, the input captions and their word diff. */
    private EditOutput captions(Item item) {
        if (item.edit() != null && item.edit().captionB() != null) {
            return item.edit();
        }
        ItemInput in = item.input();
        String a = in == null ? null : in.captionA();
        String b = in == null ? null : in.captionB();
        if (a == null || a.isBlank() || b == null || b.isBlank()) {
            throw new BadInputException("item " + item.id() + " entering at generate has input.captionA '" + a
                    + "' and input.captionB '" + b + "'; expected two non-blank captions differing in one object");
        }
        return diff.diff(a.strip(), b.strip());
    }
}
