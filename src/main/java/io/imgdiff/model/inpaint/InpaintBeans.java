package io.imgdiff.model.inpaint;

import io.imgdiff.config.ImgdiffConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Publishes the inpainting service backend under the name runs use ({@code removal.backend=http}). A client proxy:
 * nothing is built until a run asks for it, and a missing {@code imgdiff.models.inpaint.base-url} is reported by the
 * first request (naming the setting), not at start-up.
 */
@ApplicationScoped
class InpaintBeans {

    @Produces
    @ApplicationScoped
    @Identifier("http")
    Inpainter http(ImgdiffConfig config) {
        return new HttpInpainter(new InpaintClient(config.models().inpaint()), config.image().maxPixels());
    }
}
