package io.imgdiff.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/**
 * Per-run stage settings ({@code imgdiff.stages.*}): defaults from {@code application.properties},
 * overridable per run at submit ({@code --set filter.min-cos=0.9}). {@link RunSettings} builds an
 * instance from a run's stored snapshot.
 */
@ConfigMapping(prefix = "imgdiff.stages")
public interface StagesConfig {

    /** Seed of the run: each item's seed derives from it and the item id, so runs are reproducible. */
    @WithDefault("0")
    long seed();

    Edit edit();

    Generate generate();

    Filter filter();

    Detect detect();

    Caption caption();

    /**
     * Which kind of pair the run makes: {@code replacement} (the paper's main data: one object replaced),
     * {@code removal} (the paper's object-removal data: one object taken out of image B, asked about as an A/B
     * question) or {@code mix} (each item is a removal with probability {@code removal.fraction}, chosen from its
     * seed).
     */
    @WithDefault("replacement")
    String variant();

    /** The object-removal variant ({@code imgdiff.stages.removal.*}); docs/export.md. */
    Removal removal();

    interface Edit {
        /** {@code lexicon} (built-in) or {@code openai} (an OpenAI-compatible chat endpoint). */
        @WithDefault("lexicon")
        String backend();
    }

    interface Generate {
        /**
         * {@code procedural} (built-in scene renderer, knows its true boxes) or {@code http} (an image-generation
         * service speaking the imgdiff pair protocol v1, {@code imgdiff.models.imagegen.*}; docs/models.md).
         */
        @WithDefault("procedural")
        String backend();

        /**
         * How generated pairs are stored for the later stages: {@code rgbz} (the internal format in zstd, ~5x
         * faster to write and ~3x faster to read than PNG, no larger), {@code rgbz-lz4} (the same in LZ4: ~1.35x
         * larger, ~2x faster to read, for decode-bound workers on a local or co-located store) or {@code png}
         * (viewable straight from the store). Exports and the web API always hand out PNG.
         */
        @WithDefault("rgbz")
        StoredImageFormat imageFormat();

        /** Image width in pixels (the paper: 1024). */
        @WithDefault("512")
        int width();

        /** Image height in pixels (the paper: 1024). */
        @WithDefault("512")
        int height();

        /** Objects drawn per scene, at least. */
        @WithDefault("3")
        int minObjects();

        /** Objects drawn per scene, at most. */
        @WithDefault("6")
        int maxObjects();

        /** Standard deviation of the regeneration-like noise added to image B, in levels. */
        @WithDefault("1.5")
        double noiseSigma();

        /**
         * Denoising steps the {@code http} backend asks for. 50 is a common SDXL default (diffusers' pipelines, the
         * Prompt-to-Prompt notebooks), not a number the Img-Diff paper gives.
         */
        @WithDefault("50")
        int steps();

        /**
         * Classifier-free guidance scale the {@code http} backend asks for. 7.5 is a common Stable Diffusion / SDXL
         * default (the Prompt-to-Prompt notebooks'; diffusers' SDXL pipeline defaults to 5.0), not a number the
         * Img-Diff paper gives.
         */
        @WithDefault("7.5")
        double guidance();
    }

    interface Filter {
        /** {@code pixel} (built-in colour-thumbnail embedder) or {@code clip} (ONNX). */
        @WithDefault("pixel")
        String backend();

        /** Keep a pair whose image-embedding cosine is at least this (the paper: 0.90). */
        @WithDefault("0.90")
        double minCos();

        /** ... and at most this (the paper: 0.98; its recipe: 0.99). */
        @WithDefault("0.98")
        double maxCos();
    }

    interface Detect {
        /** Candidate-box sources, unioned: {@code pixel} (built-in difference core), {@code fastsam}. */
        @WithDefault("pixel")
        List<String> proposers();

        /** Embedder of crop pairs: {@code pixel} (built-in) or {@code clip} (ONNX, the paper's CLIP ViT-B/32). */
        @WithDefault("pixel")
        String embedder();

        /**
         * Image-text matcher of crops and changed nouns: {@code truth} (the generator's known boxes; skipped when
         * there are none), {@code clip} (ONNX dual encoder, the paper's BLIP/CLIP cosine) or {@code none}.
         */
        @WithDefault("truth")
        String matcher();

        /** Keep a candidate whose crop pair has cosine similarity below this (the paper: 0.85). */
        @WithDefault("0.85")
        double cropMaxCos();

        /** Keep a candidate whose crop matches a changed noun above this score (the paper: 0.35). */
        @WithDefault("0.35")
        double textMinScore();

        /** Greedy NMS IoU threshold. */
        @WithDefault("0.5")
        double nmsIou();

        /** Most boxes kept per pair (the paper: 5; released code: 10). */
        @WithDefault("5")
        int maxBoxes();

        /** Smallest candidate kept, as a fraction of the image area. */
        @WithDefault("0.001")
        double minAreaFraction();

        /** The built-in pixel-difference proposer ({@code imgdiff.stages.detect.pixel.*}). */
        Pixel pixel();
    }

    /** Settings of the pixel-difference core; docs/detect.md gives the evidence behind each default. */
    interface Pixel {
        /** Pairs are reduced by an integer factor until their longer side is at most this many pixels. */
        @WithDefault("512")
        int workSide();

        /**
         * Blur applied to both images at working size, as a Gaussian sigma in pixels (done as two box-filter passes
         * of the closest width); absorbs noise and JPEG artefacts.
         */
        @WithDefault("1.2")
        double blurSigma();

        /** Largest per-pixel misalignment absorbed (a minimum over shifts), in working pixels, 0-3. */
        @WithDefault("1")
        int shiftRadius();

        /** Mask threshold is the difference image's median plus this many robust sigmas (1.4826·MAD). */
        @WithDefault("6.0")
        double madK();

        /** The mask threshold never goes below this many levels, so a clean pair cannot turn noise into boxes. */
        @WithDefault("7")
        int minLevel();

        /** A component is kept only when its mean difference is at least this multiple of the mask threshold. */
        @WithDefault("1.5")
        double meanFactor();

        /** Box-filter radius of the difference primitive, in working pixels. */
        @WithDefault("2")
        int windowRadius();

        /** Boxes closer than this fraction of the image's longer side are merged as fragments of one object. */
        @WithDefault("0.01")
        double mergeGap();

        /**
         * Region-level test: the local warp, in working pixels (0-8), a candidate region may be explained by, together
         * with a local gain and offset, before it counts as re-rendering rather than a change; 0 turns the test off.
         */
        @WithDefault("2")
        int regionSearch();

        /**
         * A candidate region is kept when its mean difference left after the region-level test is at least this
         * multiple of the mask threshold.
         */
        @WithDefault("0.5")
        double regionKeep();
    }

    interface Caption {
        /** {@code template} (built-in) or {@code openai} (an OpenAI-compatible vision endpoint). */
        @WithDefault("template")
        String backend();

        /** Drop boxes larger than this fraction of the image (the paper: 1/10). */
        @WithDefault("0.1")
        double maxBoxFraction();

        /** Drop boxes smaller than this fraction of the image (the paper: 1/400). */
        @WithDefault("0.0025")
        double minBoxFraction();

        /**
         * Scorer of each region caption against its crop: {@code truth} (built-in: the IoU of the box with a
         * generator's true change the caption does not contradict by naming another known object; skipped when the
         * item has no true changes), {@code clip} (ONNX dual encoder, the paper's BLIP/CLIP image-text score) or {@code none}.
         */
        @WithDefault("truth")
        String matcher();

        /**
         * Text embedder of the two region captions, for their similarity: {@code clip} (ONNX CLIP text encoder, the
         * paper's choice) or {@code none} (built-in: only captions that are the same string, ignoring case and
         * surrounding blanks, count as the same).
         */
        @WithDefault("none")
        String textEmbedder();

        /** Keep a region caption whose image-text score is at least this (the paper: 0.4). */
        @WithDefault("0.4")
        double textMinScore();

        /**
         * Keep a box whose two region captions have text similarity below this (the paper: 0.85); a cosine at or
         * above it drops the box as {@code same-caption}. Used with a {@code text-embedder} only.
         */
        @WithDefault("0.85")
        double maxCaptionCos();
    }

    /**
     * The object-removal variant. The paper removes an object with an inpainting model and checks on the object's
     * crop that it matched its noun before and no longer does after; it gives no thresholds or margin for that check,
     * so the defaults below are ours (docs/export.md says why).
     */
    interface Removal {
        /** Share of a {@code variant=mix} run's items made removals (ours). */
        @WithDefault("0.3")
        double fraction();

        /**
         * What takes the object out of image B: {@code procedural} (the built-in renderer leaves it out, so the
         * background shows; truth known) or {@code http} (an inpainting service speaking the imgdiff inpaint protocol
         * v1, {@code imgdiff.models.inpaint.*}; docs/models.md, fed image A and the object's box as a mask).
         */
        @WithDefault("procedural")
        String backend();

        /**
         * Scorer of the removal check: {@code truth} (built-in; trusted for the procedural backend, skipped for an
         * inpainter whose pixels it cannot see), {@code clip} (ONNX dual encoder, as detect's matcher) or {@code none}.
         */
        @WithDefault("truth")
        String matcher();

        /** The check's crop is the object's box grown by this fraction of its width and height on each side (ours). */
        @WithDefault("0.1")
        double cropMargin();

        /** Keep a removal whose crop of A matches the noun at least this much (ours: detect's 0.35 noun threshold). */
        @WithDefault("0.35")
        double beforeMinScore();

        /** ... and whose crop of B matches it less than this (ours: 0.35, the same line crossed downwards). */
        @WithDefault("0.35")
        double afterMaxScore();

        /** Pixels of dilation of the inpainting mask around the box, so the object's edge goes too (ours). */
        @WithDefault("4")
        int maskGrowPx();
    }
}
