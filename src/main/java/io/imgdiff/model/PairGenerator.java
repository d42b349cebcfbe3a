package io.imgdiff.model;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.item.TruthChange;

import java.util.List;

/**
 * Turns a caption pair into an image pair that differs only in the changed objects (the paper's {@code generate}
 * stage). Backends are CDI beans qualified with {@code @Identifier(name)}, the name used in
 * {@code imgdiff.stages.generate.backend}.
 */
public interface PairGenerator {

    /**
     * The pair, both of one size ({@code width}×{@code height} as asked, or the size a remote service chose; the stage
     * records the real one), and the changes the backend knows it made (may be empty).
     */
    record GeneratedPair(RgbImage a, RgbImage b, List<TruthChange> truth) {
    }

    /** Same captions, settings and seed give the same pixels (a remote backend relies on its service for that). */
    GeneratedPair generate(EditOutput captions, StagesConfig.Generate settings, long seed);
}
