package io.imgdiff.model.onnx;

import io.imgdiff.config.ImgdiffConfig.ModelsConfig;

import java.util.Locale;

/**
 * How sessions are built: execution provider and thread counts ({@code imgdiff.models.*}).
 *
 * @param provider     {@code cpu} or {@code cuda}
 * @param cudaDevice   CUDA device ordinal, with {@code cuda}
 * @param intraThreads threads inside one operator; 0 lets ONNX Runtime choose
 * @param interThreads threads across operators; 1 runs the graph sequentially
 */
public record OnnxSettings(String provider, int cudaDevice, int intraThreads, int interThreads) {

    /** The values {@code imgdiff.models.execution-provider} accepts. */
    public static final String CPU = "cpu", CUDA = "cuda";

    public OnnxSettings {
        provider = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
        if (!provider.equals(CPU) && !provider.equals(CUDA)) {
            throw new IllegalArgumentException("imgdiff.models.execution-provider '" + provider
                    + "' is not supported: expected cpu or cuda");
        }
        if (intraThreads < 0 || interThreads < 0) {
            throw new IllegalArgumentException("imgdiff.models.intra-op-threads/inter-op-threads must be >= 0, got "
                    + intraThreads + "/" + interThreads);
        }
    }

    /** CPU, ONNX Runtime's own intra-op thread count, sequential graph: what tests and benchmarks use. */
    public static OnnxSettings cpu() {
        return new OnnxSettings(CPU, 0, 0, 1);
    }

    public static OnnxSettings from(ModelsConfig config) {
        return new OnnxSettings(config.executionProvider(), config.cudaDevice(), config.intraOpThreads(),
                config.interOpThreads());
    }
}
