package io.imgdiff.model.imagegen;

import io.imgdiff.config.StagesConfig;
import io.imgdiff.image.ImageCodec;
import io.imgdiff.item.BadInputException;
import io.imgdiff.item.EditOutput;
import io.imgdiff.item.RgbImage;
import io.imgdiff.model.PairGenerator;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The {@code http} generate backend: asks an image-generation service (imgdiff pair protocol v1, e.g. SDXL with
 * Prompt-to-Prompt behind a small HTTP server) for the pair of the edit's two captions, with the item seed and the
 * run's {@code generate.width|height|steps|guidance}. Both images go through {@link ImageCodec} (the
 * {@code imgdiff.image.max-pixels} limit; corrupt data is refused with the reason). B of another size than A is
 * resized to A, as input normalisation does; A of another size than asked for is kept, and the stage records its
 * real size. A diffusion model does not know where it changed the picture: no true changes. Same request, same
 * pixels is the service's part of the bargain.
 */
public final class HttpPairGenerator implements PairGenerator {

    private static final Logger LOG = Logger.getLogger(HttpPairGenerator.class);

    private final ImageGenClient client;
    private final long maxPixels;

    public HttpPairGenerator(ImageGenClient client, long maxPixels) {
        this.client = client;
        this.maxPixels = maxPixels;
    }

    @Override
    public GeneratedPair generate(EditOutput captions, StagesConfig.Generate settings, long seed) {
        checkSettings(settings);
        if (captions.captionA() == null || captions.captionA().isBlank() || captions.captionB() == null
                || captions.captionB().isBlank()) {
            throw new BadInputException("the item's captions are '" + captions.captionA() + "' and '"
                    + captions.captionB() + "'; expected two non-blank captions to send as prompt_a and prompt_b");
        }
        ImageGenClient.Answer answer = client.generate(new ImageGenClient.Request(captions.captionA(),
                captions.captionB(), seed, settings.width(), settings.height(), settings.steps(), settings.guidance()));
        RgbImage a = ImageCodec.decode("image_a from " + answer.where(), answer.imageA(), maxPixels);
        RgbImage b = ImageCodec.decode("image_b from " + answer.where(), answer.imageB(), maxPixels);
        if (a.width() != settings.width() || a.height() != settings.height()) {
            LOG.debugf("%s gave %dx%d for %dx%d; kept at its size", answer.where(), a.width(), a.height(),
                    settings.width(), settings.height());
        }
        return new GeneratedPair(a, ImageCodec.matchSize(a, b), List.of());
    }

    private void checkSettings(StagesConfig.Generate s) {
        if (s.width() < 8 || s.height() < 8 || (long) s.width() * s.height() > maxPixels) {
            throw new BadInputException("generate.width x generate.height is " + s.width() + "x" + s.height()
                    + ", expected each side >= 8 and at most imgdiff.image.max-pixels (" + maxPixels + ") pixels");
        }
        if (s.steps() < 1 || s.steps() > 10_000) {
            throw new BadInputException("generate.steps is " + s.steps() + ", expected 1..10000");
        }
        if (!(s.guidance() >= 0 && s.guidance() <= 100)) {
            throw new BadInputException("generate.guidance is " + s.guidance() + ", expected 0..100");
        }
    }
}
