package io.imgdiff.model.imagegen;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.model.PairGenerator;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Publishes the image-generation service backend under the name runs use ({@code generate.backend=http}). A client
 * proxy: nothing is built until a run asks for it, and a missing {@code imgdiff.models.imagegen.base-url} is reported
 * by the first request (naming the setting), not at start-up.
 */
@ApplicationScoped
class ImageGenBeans {

    @Produces
    @ApplicationScoped
    @Identifier("http")
    PairGenerator http(ImgdiffConfig config) {
        return new HttpPairGenerator(new ImageGenClient(config.models().imagegen()), config.image().maxPixels());
    }
}
