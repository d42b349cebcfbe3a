package io.imgdiff.model.onnx;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.onnxruntime.Env;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.OrtStatus;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.StringVector;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

import static org.bytedeco.onnxruntime.global.onnxruntime.GetAvailableProviders;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_LOGGING_LEVEL_WARNING;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_PARALLEL;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_SEQUENTIAL;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtArenaAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtMemTypeDefault;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtSessionOptionsAppendExecutionProvider_CUDA;

/**
 * The process's one ONNX Runtime {@link Env} (it owns the logging and global thread state, and takes 0.3–1.5 s to
 * create) and the CPU memory description every input tensor uses. Both live as long as the process: sessions
 * refer to the Env, so it is never released.
 */
final class OnnxEnvironment {

    private static final Logger LOG = Logger.getLogger(OnnxEnvironment.class);
    private static volatile OnnxEnvironment shared;

    final Env env;
    final MemoryInfo cpuMemory;
    final List<String> providers;

    private OnnxEnvironment() {
        env = new Env(ORT_LOGGING_LEVEL_WARNING, "imgdiff");
        cpuMemory = MemoryInfo.CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
        // Held beyond any PointerScope that happens to be open on the first caller's thread.
        env.retainReference();
        cpuMemory.retainReference();
        StringVector names = GetAvailableProviders();
        List<String> list = new ArrayList<>();
        for (long i = 0; i < names.size(); i++) {
            list.add(names.get(i).getString());
        }
        names.close();
        providers = List.copyOf(list);
        LOG.infof("ONNX Runtime environment created; execution providers in this build: %s", providers);
    }

    /** The process-wide environment, created on first use. */
    static OnnxEnvironment get() {
        OnnxEnvironment e = shared;
        if (e == null) {
            synchronized (OnnxEnvironment.class) {
                e = shared;
                if (e == null) {
                    shared = e = new OnnxEnvironment();
                }
            }
        }
        return e;
    }

    /** Session options for {@code settings}; the caller closes them once the session exists. */
    SessionOptions sessionOptions(OnnxSettings settings) {
        SessionOptions options = new SessionOptions();
        options.SetIntraOpNumThreads(settings.intraThreads());
        options.SetInterOpNumThreads(settings.interThreads());
        options.SetExecutionMode(settings.interThreads() > 1 ? ORT_PARALLEL : ORT_SEQUENTIAL);
        options.SetGraphOptimizationLevel(ORT_ENABLE_ALL);
        if (settings.provider().equals(OnnxSettings.CUDA)) {
            if (!providers.contains("CUDAExecutionProvider")) {
                options.close();
                throw new IllegalStateException("imgdiff.models.execution-provider=cuda, but this ONNX Runtime build has"
                        + " only " + providers + "; expected CUDAExecutionProvider: build with -Pgpu"
                        + " (onnxruntime linux-x86_64-gpu) and run where CUDA 13 and cuDNN libraries are present");
            }
            OrtStatus status = OrtSessionOptionsAppendExecutionProvider_CUDA(options.asOrtSessionOptions(),
                    settings.cudaDevice());
            if (status != null && !status.isNull()) {
                options.close();
                throw new IllegalStateException("cannot enable the CUDA execution provider on device "
                        + settings.cudaDevice() + " (imgdiff.models.cuda-device)");
            }
        }
        return options;
    }

    /** A model path as ONNX Runtime takes it on Linux (UTF-8 bytes). */
    static BytePointer path(String file) {
        return new BytePointer(file);
    }
}
