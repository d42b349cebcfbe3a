package io.imgdiff.stage.generate;

import io.imgdiff.config.StoredImageFormat;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.inpaint.Inpainter;
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

import java.util.List;
import java.util.function.Function;

/**
 * {@code generate}: renders the item's caption pair as an image pair with the backend named in
 * {@code imgdiff.stages.generate.backend}, stores {@code a.rgbz}/{@code b.rgbz} (or {@code .png},
 * {@code generate.image-format}) under the item's keys (rewriting them on a re-delivery gives the same bytes) and
 * records the true changes when the backend knows them. An item of the removal variant ({@code variant=removal},
 * or {@code mix} by its seed) has one object taken out of B instead and is checked as the paper does
 * ({@link Removal}), dropped as {@code removal-not-visible} or {@code removal-still-visible} when the check fails.
 */
@ApplicationScoped
public class GenerateStage implements Stage {

    private final Function<String, PairGenerator> generators;
    private final Function<String, Inpainter> inpainters;
    private final Function<String, ImageTextMatcher> matchers;
    private final CaptionDiff diff;

    /** Backends are looked up per run by the names in its settings, so unused models are never loaded. */
    @Inject
    public GenerateStage(@Any Instance<PairGenerator> generators, @Any Instance<Inpainter> inpainters,
                         @Any Instance<ImageTextMatcher> matchers) {
        this(IdentifiedBackends.of(generators, "generate.backend", Removal.PROCEDURAL),
                IdentifiedBackends.of(inpainters, "removal.backend", Removal.PROCEDURAL),
                IdentifiedBackends.of(matchers, "removal.matcher", Removal.TRUTH));
    }

    /** With an explicit generator lookup and only the built-in removal and removal check (tests, tools). */
    public GenerateStage(Function<String, PairGenerator> generators) {
        this(generators, name -> {
            throw new BadInputException("removal.backend is '" + name + "', but no such backend is available here;"
                    + " expected the built-in '" + Removal.PROCEDURAL + "'");
        }, name -> {
            throw new BadInputException("removal.matcher is '" + name + "', but no such backend is available here;"
                    + " expected the built-in '" + Removal.TRUTH + "' or '" + Removal.NONE + "'");
        });
    }

    /** With explicit backend lookups (tests, tools). */
    public GenerateStage(Function<String, PairGenerator> generators, Function<String, Inpainter> inpainters,
                         Function<String, ImageTextMatcher> matchers) {
        this.generators = generators;
        this.inpainters = inpainters;
        this.matchers = matchers;
        this.diff = new CaptionDiff(CocoLexicon.load());
    }

    @Override
    public StageName name() {
        return StageName.GENERATE;
    }

    @Override
    public StageResult process(StageContext ctx) {
        EditOutput captions = captions(ctx.item());
        if (Removal.chosen(ctx.settings(), ctx.seed())) {
            return remove(ctx, captions);
        }
        PairGenerator generator = generators.apply(ctx.settings().generate().backend());
        PairGenerator.GeneratedPair pair = generator.generate(captions, ctx.settings().generate(), ctx.seed());
        String[] keys = store(ctx, pair.a(), pair.b());
        return StageResult.pass(new GenerateOutput(keys[0], keys[1], pair.a().width(), pair.a().height(),
                pair.truth()));
    }

    /**
     * The removal variant: the renderer draws the scene with the object in A and without it in B (its truth gives
     * the box); a {@code removal.backend} other than {@code procedural} repaints B from A and the box instead. Then
     * the paper's check; a failed check drops the item, its pair still stored for a look.
     */
    private StageResult remove(StageContext ctx, EditOutput captions) {
        StagesConfig s = ctx.settings();
        if (!s.generate().backend().trim().equals(Removal.PROCEDURAL)) {
            throw new BadInputException("variant " + s.variant() + " needs generate.backend=procedural, which knows"
                    + " where each object is; got '" + s.generate().backend() + "' (a diffusion model gives no boxes)");
        }
        EditOutput edit = Removal.edit(captions, ctx.itemId());
        String noun = edit.changedA().get(0);
        PairGenerator.GeneratedPair pair = generators.apply(Removal.PROCEDURAL).generate(edit, s.generate(),
                ctx.seed());
        Box box = pair.truth().get(0).box();
        String backend = s.removal().backend().trim();
        RgbImage b = backend.equals(Removal.PROCEDURAL) ? pair.b()
                : inpainters.apply(backend).inpaint(pair.a(), box, noun, s.removal().maskGrowPx(), ctx.seed());
        Removal.Verdict verdict = Removal.check(s.removal(), matchers, pair.a(), b, box, noun);
        String[] keys = store(ctx, pair.a(), b);
        GenerateOutput out = new GenerateOutput(keys[0], keys[1], pair.a().width(), pair.a().height(),
                List.of(new TruthChange(box, noun, null)), Removal.output(noun, box, backend, verdict));
        return verdict.drop() == null ? StageResult.pass(out) : StageResult.drop(verdict.drop(), out);
    }

    /** Writes the pair under the item's keys (a re-delivery rewrites the same bytes). */
    private static String[] store(StageContext ctx, RgbImage a, RgbImage b) {
        StoredImageFormat format = ctx.settings().generate().imageFormat();
        String keyA = ObjectKeys.item(ctx.run(), ctx.itemId(), "a." + format.extension());
        String keyB = ObjectKeys.item(ctx.run(), ctx.itemId(), "b." + format.extension());
        ctx.store().put(keyA, ImageCodec.encode(a, format), format.contentType());
        ctx.store().put(keyB, ImageCodec.encode(b, format), format.contentType());
        return new String[] {keyA, keyB};
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
