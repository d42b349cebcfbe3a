package io.imgdiff.model.onnx;

import io.imgdiff.compute.cpu.NmsCpu;
import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.config.ImgdiffConfig.ModelsConfig;
import io.imgdiff.config.ImgdiffConfig.TextModel;
import io.imgdiff.config.ImgdiffConfig.VisionModel;
import io.imgdiff.model.ImageEmbedder;
import io.imgdiff.model.ImageTextMatcher;
import io.imgdiff.model.ModelFiles;
import io.imgdiff.model.TextEmbedder;
import io.imgdiff.store.ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The process's ONNX backends, each built on first request from {@code imgdiff.models.*} and then shared: one
 * session per model per worker process (sessions are thread-safe). A worker asks, at start-up, for the backends of
 * the stages it serves, so a missing, corrupt or ill-fitting model stops it before it takes a job. Model files come
 * through {@link ModelFiles} (local path or object store, SHA-256 checked).
 */
@ApplicationScoped
public class OnnxBackends implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OnnxBackends.class);

    private final ModelsConfig config;
    private final ModelFiles files;
    private final OnnxSettings settings;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private OnnxClipImageEmbedder clipImage, matcherImage;
    private OnnxClipTextEmbedder clipText, matcherText;
    private OnnxImageTextMatcher matcher;
    private OnnxFastSamProposer fastSam;

    @Inject
    OnnxBackends(ImgdiffConfig config, Instance<ObjectStore> store) {
        this(config.models(), store::get);
    }

    /** Outside CDI (tools, tests): {@code store} is asked for only when a model lives in the object store. */
    public OnnxBackends(ModelsConfig config, Supplier<ObjectStore> store) {
        this.config = config;
        this.files = new ModelFiles(config.cacheDir(), store);
        this.settings = OnnxSettings.from(config);
    }

    /** CLIP image encoder ({@code imgdiff.models.clip-vision.*}): filter stage pairs, detect stage crops. */
    public synchronized OnnxClipImageEmbedder clipImageEmbedder() {
        if (clipImage == null) {
            clipImage = vision("imgdiff.models.clip-vision", config.clipVision());
        }
        return clipImage;
    }

    /** CLIP text encoder ({@code imgdiff.models.clip-text.*}): caption stage text-text similarity. */
    public synchronized OnnxClipTextEmbedder clipTextEmbedder() {
        if (clipText == null) {
            clipText = text("imgdiff.models.clip-text", config.clipText());
        }
        return clipText;
    }

    /** Image-text matcher ({@code imgdiff.models.matcher.*}, falling back to the CLIP encoders): detect, caption. */
    public synchronized ImageTextMatcher imageTextMatcher() {
        if (matcher == null) {
            ImgdiffConfig.MatcherConfig m = config.matcher();
            ImageEmbedder images = m.vision().model().location().isPresent()
                    ? (matcherImage = vision("imgdiff.models.matcher.vision", m.vision())) : clipImageEmbedder();
            TextEmbedder texts = m.text().model().location().isPresent()
                    ? (matcherText = text("imgdiff.models.matcher.text", m.text())) : clipTextEmbedder();
            matcher = new OnnxImageTextMatcher(m.name(), m.prompt(), images, texts);
        }
        return matcher;
    }

    /** FastSAM box proposer ({@code imgdiff.models.fastsam.*}), name {@code fastsam}: detect stage. */
    public synchronized OnnxFastSamProposer fastSamProposer() {
        if (fastSam == null) {
            ImgdiffConfig.FastSamModel f = config.fastsam();
            var file = files.resolve("imgdiff.models.fastsam.model", f.model());
            fastSam = opened(new OnnxFastSamProposer(file, f.imageSize(), f.confidence(), f.iou(), f.maxBoxes(),
                    new NmsCpu(), settings));
            LOG.infof("FastSAM proposer loaded from %s (%s)", file, settings.provider());
        }
        return fastSam;
    }

    private OnnxClipImageEmbedder vision(String key, VisionModel v) {
        var file = files.resolve(key + ".model", v.model());
        ClipPreprocess preprocess = new ClipPreprocess(v.imageSize(), resizeMode(key, v.resize()));
        OnnxClipImageEmbedder e = opened(new OnnxClipImageEmbedder(file, v.input(), v.output(), preprocess,
                config.batchSize(), settings));
        LOG.infof("image encoder %s loaded from %s (%s)", key, file, settings.provider());
        return e;
    }

    private static ClipPreprocess.Resize resizeMode(String key, String value) {
        for (ClipPreprocess.Resize r : ClipPreprocess.Resize.values()) {
            if (r.name().equalsIgnoreCase(value.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException(key + ".resize '" + value + "' is not supported: expected crop or squash");
    }

    private OnnxClipTextEmbedder text(String key, TextModel t) {
        var file = files.resolve(key + ".model", t.model());
        var tokenizer = files.resolve(key + ".tokenizer", t.tokenizer());
        OnnxClipTextEmbedder e = opened(new OnnxClipTextEmbedder(file, tokenizer, t.inputIds(), t.attentionMask(),
                t.output(), t.contextLength(), config.batchSize(), settings));
        LOG.infof("text encoder %s loaded from %s, tokenizer %s (%s)", key, file, tokenizer, settings.provider());
        return e;
    }

    private <T extends AutoCloseable> T opened(T backend) {
        opened.add(backend);
        return backend;
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warnf("closing %s: %s", c, e.getMessage());
            }
        }
        opened.clear();
    }
}
