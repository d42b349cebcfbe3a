package io.imgdiff.model.builtin;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.Box;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.TruthChange;
import io.imgdiff.model.PairGenerator;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Built-in pair generator: a Java2D scene renderer that needs no weights and knows its ground truth. Scene A has
 * one object per noun of caption A plus distractors on a textured background; scene B is the same scene with the
 * changed nouns' objects redrawn with the new noun's appearance (or left out, so the background shows), plus
 * Gaussian noise standing in for the regeneration noise of a diffusion model. Changed objects cover 2.5–6 % of
 * the image each, inside the caption stage's default 1/400–1/10 size window.
 */
@ApplicationScoped
@Default
@Identifier("procedural")
public class ProceduralPairGenerator implements PairGenerator {

    /** Pixels of outline and antialiasing that spill past an object's nominal box. */
    private static final int SPILL_PX = (int) Math.ceil(ObjectAppearance.OUTLINE_PX / 2) + 1;
    /** Colour distance below which a pixel of a removal counts as unchanged (noise sigma 1.5 is ~0.01). */
    private static final double NOISE_FLOOR = 0.06;

    private final CocoLexicon lexicon;

    /** Uses the bundled COCO lexicon to find the nouns of caption A. */
    public ProceduralPairGenerator() {
        this(CocoLexicon.load());
    }

    public ProceduralPairGenerator(CocoLexicon lexicon) {
        this.lexicon = lexicon;
    }

    @Override
    public GeneratedPair generate(EditOutput captions, StagesConfig.Generate settings, long seed) {
        checkSettings(settings);
        int w = settings.width();
        int h = settings.height();
        SplittableRandom random = new SplittableRandom(seed);
        List<ScenePlan.Placed> plan = new ScenePlan(lexicon, w, h).plan(captions, settings, random);
        BufferedImage background = background(w, h, random.nextLong());
        RgbImage a = render(plan, true, background);
        RgbImage b = render(plan, false, background);
        if (removal(captions)) {
            // sized against mid-grey, a removal's salience is a guess; measured against the background that shows
            // once it is gone, the same seed lays the scene out again with the object at its equal-salience size
            double contrast = contrast(a, b, changedBox(plan, w, h));
            random = new SplittableRandom(seed);
            plan = new ScenePlan(lexicon, w, h).plan(captions, settings, random, contrast);
            background = background(w, h, random.nextLong());
            a = render(plan, true, background);
            b = render(plan, false, background);
        }
        RegenerationNoise.add(b, settings.noiseSigma(), random.nextLong());
        List<TruthChange> truth = plan.stream().filter(ScenePlan.Placed::changed)
                .map(p -> new TruthChange(extent(p.box(), w, h), p.labelA(), p.labelB()))
                .toList();
        return new GeneratedPair(a, b, truth);
    }

    /** One object removed and nothing else changed: the removal variant's captions. */
    private static boolean removal(EditOutput captions) {
        return captions.changedA() != null && captions.changedA().size() == 1
                && (captions.changedB() == null || captions.changedB().isEmpty());
    }

    private static Box changedBox(List<ScenePlan.Placed> plan, int w, int h) {
        return plan.stream().filter(ScenePlan.Placed::changed).findFirst().map(p -> extent(p.box(), w, h))
                .orElseThrow();
    }

    /**
     * Mean colour distance (0..1 units, as {@link ObjectAppearance#contrast}) of A and B over the pixels of
     * {@code box} where they differ beyond the regeneration noise: the object against what shows behind it.
     */
    static double contrast(RgbImage a, RgbImage b, Box box) {
        double sum = 0;
        long n = 0;
        for (int y = box.y1(); y < box.y2(); y++) {
            for (int x = box.x1(); x < box.x2(); x++) {
                double d2 = 0;
                for (int c = 0; c < 3; c++) {
                    double d = (a.get(x, y, c) - b.get(x, y, c)) / 255.0;
                    d2 += d * d;
                }
                if (d2 > NOISE_FLOOR * NOISE_FLOOR) {
                    sum += Math.sqrt(d2);
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static void checkSettings(StagesConfig.Generate s) {
        if (s.width() < 64 || s.height() < 64 || (long) s.width() * s.height() > 64L << 20) {
            throw new BadInputException("generate.width x generate.height is " + s.width() + "x" + s.height()
                    + ", expected each side >= 64 and at most 64 Mi pixels");
        }
        if (s.minObjects() < 1 || s.maxObjects() < s.minObjects() || s.maxObjects() > 64) {
            throw new BadInputException("generate.min-objects..max-objects is " + s.minObjects() + ".."
                    + s.maxObjects() + ", expected 1 <= min <= max <= 64");
        }
        if (!(s.noiseSigma() >= 0 && s.noiseSigma() <= 64)) {
            throw new BadInputException("generate.noise-sigma is " + s.noiseSigma() + ", expected 0..64");
        }
    }

    /** The pixels an object may touch: its nominal box plus outline and antialiasing, clipped to the image. */
    static Box extent(Rectangle2D box, int w, int h) {
        int x1 = (int) Math.floor(box.getMinX()) - SPILL_PX;
        int y1 = (int) Math.floor(box.getMinY()) - SPILL_PX;
        int x2 = (int) Math.ceil(box.getMaxX()) + SPILL_PX;
        int y2 = (int) Math.ceil(box.getMaxY()) + SPILL_PX;
        return new Box(Math.max(0, x1), Math.max(0, y1), Math.min(w, x2), Math.min(h, y2));
    }

    private static BufferedImage background(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        SceneBackground.paint(img, new SplittableRandom(seed));
        return img;
    }

    /** Draws one side's objects over a copy of the shared background, so A and B agree wherever nothing changed. */
    private static RgbImage render(List<ScenePlan.Placed> plan, boolean sideA, BufferedImage background) {
        BufferedImage img = new BufferedImage(background.getWidth(), background.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] src = ((DataBufferInt) background.getRaster().getDataBuffer()).getData();
        int[] dst = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(src, 0, dst, 0, src.length);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            for (ScenePlan.Placed p : plan) {
                ObjectAppearance look = sideA ? p.lookA() : p.lookB();
                if (look != null) {
                    look.paint(g, p.box());
                }
            }
        } finally {
            g.dispose();
        }
        return toRgb(img);
    }

    private static RgbImage toRgb(BufferedImage img) {
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        byte[] rgb = new byte[px.length * 3];
        for (int i = 0, o = 0; i < px.length; i++, o += 3) {
            int p = px[i];
            rgb[o] = (byte) (p >> 16);
            rgb[o + 1] = (byte) (p >> 8);
            rgb[o + 2] = (byte) p;
        }
        return new RgbImage(img.getWidth(), img.getHeight(), rgb);
    }
}
