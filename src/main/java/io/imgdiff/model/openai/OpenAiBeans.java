package io.imgdiff.model.openai;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.model.CaptionEditor;
import io.imgdiff.model.RegionCaptioner;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Publishes the OpenAI-compatible backends under the name runs use ({@code edit.backend=openai},
 * {@code caption.backend=openai}). Client proxies: nothing is built until a run asks for one, and a missing URL or
 * model is reported by the first request (naming the setting), not at start-up.
 */
@ApplicationScoped
class OpenAiBeans {

    @Produces
    @ApplicationScoped
    @Identifier("openai")
    CaptionEditor editor(ImgdiffConfig config) {
        return new OpenAiCaptionEditor(new OpenAiClient(config.models().openai(), OpenAiClient.Purpose.TEXT));
    }

    @Produces
    @ApplicationScoped
    @Identifier("openai")
    RegionCaptioner captioner(ImgdiffConfig config) {
        return new OpenAiRegionCaptioner(new OpenAiClient(config.models().openai(), OpenAiClient.Purpose.VISION));
    }
}
