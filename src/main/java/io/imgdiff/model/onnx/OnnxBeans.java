package io.imgdiff.model.onnx;

import io.imgdiff.model.BoxProposer;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.TextEmbedder;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Publishes the ONNX backends under the names runs use in their settings ({@code filter.backend=clip},
 * {@code detect.embedder=clip}, {@code detect.matcher=clip}, {@code detect.proposers=pixel,fastsam},
 * {@code caption.matcher=clip}, {@code caption.text-embedder=clip}). The beans are client proxies: a model is
 * loaded only when a run first asks for it by name.
 */
@ApplicationScoped
class OnnxBeans {

    @Produces
    @ApplicationScoped
    @Identifier("clip")
    ImageEmbedder clipImageEmbedder(OnnxBackends backends) {
        return backends.clipImageEmbedder();
    }

    @Produces
    @ApplicationScoped
    @Identifier("clip")
    ImageTextMatcher clipMatcher(OnnxBackends backends) {
        return backends.imageTextMatcher();
    }

    @Produces
    @ApplicationScoped
    @Identifier("clip")
    TextEmbedder clipTextEmbedder(OnnxBackends backends) {
        return backends.clipTextEmbedder();
    }

    @Produces
    @ApplicationScoped
    @Identifier("fastsam")
    BoxProposer fastSam(OnnxBackends backends) {
        return backends.fastSamProposer();
    }
}
