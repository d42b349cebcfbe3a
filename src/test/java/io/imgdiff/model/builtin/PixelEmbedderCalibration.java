package io.imgdiff.model.builtin;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.EditOutput;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.PairGenerator.GeneratedPair;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Prints the cosine distributions behind {@link PixelEmbedder}'s thumbnail size (a tool, not a test): for each
 * side given, N procedural pairs with one replaced object, the same scenes with that object removed, the same
 * scenes with nothing replaced (noise only),
 * and consecutive unrelated scenes. Usage: {@code PixelEmbedderCalibration [N=300] [sides=8,16,32]}.
 */
public final class PixelEmbedderCalibration {

    private static final String[] CAPTIONS = {"a cat sitting on a red sofa", "a dog next to a bicycle on the street",
            "two cups and a bowl on a table", "a man riding a horse near a truck",
            "an apple and a banana beside a laptop", "a clock above a bed"};

    private PixelEmbedderCalibration() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "300");
        for (String side : (args.length > 1 ? args[1] : "8,16,32").split(",")) {
            report(Integer.parseInt(side), n);
        }
    }

    private static void report(int side, int n) {
        StagesConfig.Generate settings = StagesFixture.stages().generate();
        LexiconCaptionEditor editor = new LexiconCaptionEditor();
        ProceduralPairGenerator generator = new ProceduralPairGenerator();
        PixelEmbedder e = new PixelEmbedder(side);
        double[] edited = new double[n];
        double[] same = new double[n];
        double[] removed = new double[n];
        double[] unrelated = new double[n - 1];
        GeneratedPair previous = null;
        for (int i = 0; i < n; i++) {
            EditOutput ed = editor.edit(CAPTIONS[i % CAPTIONS.length], i).orElseThrow();
            GeneratedPair p = generator.generate(ed, settings, i);
            GeneratedPair s = generator.generate(new EditOutput(ed.captionA(), ed.captionA(), List.of(), List.of()),
                    settings, i);
            GeneratedPair r = generator.generate(new EditOutput(ed.captionA(), ed.captionA(), ed.changedA(),
                    List.of()), settings, i);
            edited[i] = ImageEmbedder.cosine(e.embed(p.a()), e.embed(p.b()));
            removed[i] = ImageEmbedder.cosine(e.embed(r.a()), e.embed(r.b()));
            same[i] = ImageEmbedder.cosine(e.embed(s.a()), e.embed(s.b()));
            if (previous != null) {
                unrelated[i - 1] = ImageEmbedder.cosine(e.embed(p.a()), e.embed(previous.a()));
            }
            previous = p;
        }
        System.out.printf(Locale.ROOT, "side %d, %d pairs%n  replaced:  %s; in 0.90-0.98: %.1f %%, below: %.1f %%,"
                        + " above: %.1f %%%n  removed:   %s; in 0.90-0.98: %.1f %%, below: %.1f %%, above: %.1f %%%n"
                        + "  identical: %s%n  unrelated: %s%n", side, n, quantiles(edited),
                100.0 * count(edited, 0.90, 0.98) / n, 100.0 * count(edited, -1, 0.8999999) / n,
                100.0 * count(edited, 0.9800001, 1) / n, quantiles(removed), 100.0 * count(removed, 0.90, 0.98) / n,
                100.0 * count(removed, -1, 0.8999999) / n, 100.0 * count(removed, 0.9800001, 1) / n, quantiles(same),
                quantiles(unrelated));
    }

    private static long count(double[] v, double lo, double hi) {
        return Arrays.stream(v).filter(c -> c >= lo && c <= hi).count();
    }

    private static String quantiles(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "min %.3f p5 %.3f p50 %.3f p95 %.3f max %.3f", s[0], s[s.length / 20],
                s[s.length / 2], s[s.length * 19 / 20], s[s.length - 1]);
    }
}
