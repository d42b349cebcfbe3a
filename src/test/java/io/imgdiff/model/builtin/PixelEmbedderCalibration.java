package io.imgdiff.model.builtin;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.EditOutput;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.PairGenerator;

import java.util.Arrays;

/** Prints cosine distributions of generated pairs for several thumbnail sides (not a test). */
public final class PixelEmbedderCalibration {
    public static void main(String[] args) {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "300");
        StagesConfig.Generate g = StagesFixture.stages().generate();
        LexiconCaptionEditor editor = new LexiconCaptionEditor();
        ProceduralPairGenerator gen = new ProceduralPairGenerator();
        String[] caps = {"a cat sitting on a red sofa", "a dog next to a bicycle on the street", "two cups and a bowl on a table",
                "a man riding a horse near a truck", "an apple and a banana beside a laptop", "a clock above a bed"};
        for (String sd : (args.length > 1 ? args[1] : "16").split(",")) { int side = Integer.parseInt(sd);
            PixelEmbedder e = new PixelEmbedder(side);
            double[] edited = new double[n], same = new double[n], unrelated = new double[n];
            PairGenerator.GeneratedPair prev = null;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                EditOutput ed = editor.edit(caps[i % caps.length], i).orElseThrow();
                PairGenerator.GeneratedPair p = gen.generate(ed, g, i);
                PairGenerator.GeneratedPair s = gen.generate(new EditOutput(ed.captionA(), ed.captionA(), java.util.List.of(), java.util.List.of()), g, i);
                edited[i] = ImageEmbedder.cosine(e.embed(p.a()), e.embed(p.b()));
                same[i] = ImageEmbedder.cosine(e.embed(s.a()), e.embed(s.b()));
                unrelated[i] = prev == null ? 0 : ImageEmbedder.cosine(e.embed(p.a()), e.embed(prev.a()));
                if (args.length > 2) {
                    io.imgdiff.item.Box tb = p.truth().get(0).box();
                    System.out.printf("%d %.3f area %.3f %s->%s%n", i, edited[i], tb.area() / (double) (g.width() * g.height()), ed.changedA(), ed.changedB());
                }
                prev = p;
            }
            System.out.printf("side %d (%.0f ms): edited %s in-range %.2f | same %s | unrelated %s%n", side, (System.nanoTime() - t0) / 1e6,
                    q(edited), Arrays.stream(edited).filter(c -> c >= 0.90 && c <= 0.98).count() / (double) n, q(same), q(unrelated));
        }
    }

    static String q(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return String.format("min %.3f p5 %.3f p50 %.3f p95 %.3f max %.3f", s[0], s[s.length / 20], s[s.length / 2], s[s.length * 19 / 20], s[s.length - 1]);
    }
}
