package io.imgdiff.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Root of imgdiff's process-wide configuration ({@code imgdiff.*}). Per-run stage thresholds live in
 * {@link StagesConfig} so a run can override them at submit time with the same types.
 */
@ConfigMapping(prefix = "imgdiff")
public interface ImgdiffConfig {

    /** Redis Streams job queue. */
    QueueConfig queue();

    /** Worker runtime. */
    WorkerConfig worker();

    /** Object store for images, crops and previews. */
    StoreConfig store();

    /** Where image-core operations run. */
    ComputeConfig compute();

    /** Limits applied to every decoded image. */
    ImageConfig image();

    /** Model files and ONNX Runtime settings of the model-backed stage backends (docs/models.md). */
    ModelsConfig models();

    /** Access control of the REST API (docs/security.md). */
    ApiConfig api();

    interface ApiConfig {
        /**
         * Bearer token every mutating request (submit, retry, anything but GET/HEAD/OPTIONS) must send as
         * {@code Authorization: Bearer <token>}; unset leaves the API open (a warning says so at start-up). Better
         * given as {@code IMGDIFF_API_TOKEN} from a Secret; never logged or echoed.
         */
        Optional<String> token();

        /** Require the token for reads too (run status, items, files, dead letters, gallery); health stays open. */
        @WithDefault("false")
        boolean protectReads();
    }

    interface QueueConfig {
        /** Prefix of every Redis key imgdiff writes. */
        @WithDefault("imgdiff")
        String keyPrefix();

        /** Consumer group shared by all workers of a stage. */
        @WithDefault("workers")
        String group();

        /** Largest number of jobs read in one XREADGROUP call. */
        @WithDefault("32")
        int batchSize();

        /**
         * Most jobs a worker reads ahead of its free job threads; they wait in the worker, claimed and renewed. Lets
         * fast stages amortise reads over a batch. The worker reads ahead only as many as its threads would start
         * within about 2 ms at the stages' mean speed, so slow stages read only for free threads; 0 never reads ahead.
         */
        @WithDefault("8")
        int readAhead();

        /**
         * Jobs per job thread read ahead, whatever the stages' speed, when their stage reads stored objects (filter,
         * detect, caption: the pair), so that the objects are fetched while the threads compute; within
         * {@code read-ahead}. Such a job may wait one stage time in this worker; 0 fetches only in the job.
         */
        @WithDefault("1")
        int prefetchAhead();

        /**
         * Longest time a job's outcome waits to be written together with other jobs' in one finishBatch script call
         * (it goes at once when the batch is full or no other job of the worker is waiting or running).
         */
        @WithDefault("1ms")
        Duration finishLinger();

        /** Most job outcomes written in one finishBatch script call. */
        @WithDefault("64")
        int finishBatch();

        /** How long one XREADGROUP call blocks waiting for jobs. */
        @WithDefault("1s")
        Duration block();

        /** A job unacknowledged for this long is taken over by another worker (XAUTOCLAIM). */
        @WithDefault("60s")
        Duration visibilityTimeout();

        /** How often a worker renews the claim on jobs it is still running. */
        @WithDefault("15s")
        Duration heartbeat();

        /** Attempts (deliveries that ended in an error) before a job goes to the dead-letter stream. */
        @WithDefault("5")
        int maxAttempts();

        /** First retry delay; doubled per attempt, with full jitter. */
        @WithDefault("1s")
        Duration backoffBase();

        /** Upper bound of the retry delay. */
        @WithDefault("60s")
        Duration backoffMax();

        /** How often a worker trims acknowledged entries and cleans up idle consumers. */
        @WithDefault("30s")
        Duration maintenanceInterval();

        /** A consumer idle this long and holding no pending entries is deleted. */
        @WithDefault("1h")
        Duration consumerIdleTimeout();
    }

    interface WorkerConfig {
        /** Stages this worker serves. */
        @WithDefault("edit,generate,filter,detect,caption")
        List<String> stages();

        /** Jobs processed at once. */
        @WithDefault("2")
        int concurrency();

        /** Exit once the served streams stay empty for {@link #burstIdle()}. */
        @WithDefault("false")
        boolean burst();

        /** How long the streams must stay empty before a burst worker exits. */
        @WithDefault("5s")
        Duration burstIdle();

        /** On SIGTERM, time allowed to finish in-flight jobs before they are released. */
        @WithDefault("25s")
        Duration shutdownGrace();

        /** Consumer name; defaults to host name plus a random suffix. */
        Optional<String> name();
    }

    interface StoreConfig {
        /** {@code local} (a directory) or {@code s3}. */
        @WithDefault("local")
        String type();

        /** Root directory of the local store. */
        @WithName("local.root")
        @WithDefault("imgdiff-data")
        Path localRoot();

        /** S3 settings, used when {@code type=s3}. */
        S3Config s3();
    }

    interface S3Config {
        /** Bucket holding all runs. */
        @WithDefault("imgdiff")
        String bucket();

        /** Endpoint of an S3-compatible service; empty for AWS. */
        Optional<String> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** Static credentials; when absent the AWS default provider chain is used. */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Key prefix inside the bucket; none when absent (SmallRye treats an empty default as missing). */
        Optional<String> prefix();

        /** Create the bucket on start-up when it does not exist. */
        @WithDefault("true")
        boolean createBucket();
    }

    interface ComputeConfig {
        /** {@code auto}: CUDA when a driver and device are present, else CPU. */
        @WithDefault("auto")
        String device();
    }

    interface ImageConfig {
        /** Images with more pixels than this are refused from their header, before decoding. */
        @WithDefault("40000000")
        long maxPixels();

        /**
         * {@code auto}: on a CUDA worker, nvJPEG decodes JPEGs when a start-up probe finds it in parity with
         * libjpeg-turbo and faster; {@code nvjpeg}: whenever in parity (start-up fails otherwise); {@code cpu}: never.
         */
        @WithDefault("auto")
        String jpegDecoder();
    }

    /** ONNX Runtime settings and the model files each ONNX backend loads. */
    interface ModelsConfig {
        /** {@code cpu} or {@code cuda} (needs the {@code -Pgpu} build of ONNX Runtime and a CUDA device). */
        @WithDefault("cpu")
        String executionProvider();

        /** CUDA device ordinal, with {@code execution-provider=cuda}. */
        @WithDefault("0")
        int cudaDevice();

        /** Threads one session uses inside an operator; 0 lets ONNX Runtime pick (one per physical core). */
        @WithDefault("0")
        int intraOpThreads();

        /** Threads one session uses across independent operators; 1 runs the graph sequentially. */
        @WithDefault("1")
        int interOpThreads();

        /** Largest number of crops or texts sent to a model in one run. */
        @WithDefault("32")
        int batchSize();

        /** Directory where models given as object-store URIs are cached after the first fetch. */
        @WithDefault("model-cache")
        Path cacheDir();

        /** CLIP image encoder (the filter stage's pair cosine, the detect stage's crop cosine). */
        VisionModel clipVision();

        /** CLIP text encoder. */
        TextModel clipText();

        /**
         * Image-text matcher of the detect and caption stages: the paper uses BLIP's image-text (ITC) heads;
         * when no model is configured here the CLIP encoders above are used.
         */
        MatcherConfig matcher();

        /** FastSAM (YOLOv8-seg export) box proposer of the detect stage. */
        FastSamModel fastsam();

        /**
         * OpenAI-compatible chat endpoints (vLLM, llama.cpp, Ollama…) of the {@code openai} backends: an LLM for the
         * edit stage ({@code text}), a vision model for the caption stage ({@code vision}).
         */
        OpenAiConfig openai();

        /** The image-generation service of the {@code http} generate backend. */
        ImageGenConfig imagegen();

        /** The inpainting service of the removal variant's {@code http} backend ({@code removal.backend=http}). */
        InpaintConfig inpaint();
    }

    /**
     * The remote chat endpoints; {@code base-url}, {@code api-key} are shared by both unless {@code text.*} or
     * {@code vision.*} set their own (vLLM serves one model per server, so the two often differ). Duration
     * defaults are ISO-8601 because {@link ModelsConfig} is also built by plain SmallRye (tools, tests), which lacks
     * Quarkus' {@code 10s} converter; under Quarkus both forms are accepted.
     */
    interface OpenAiConfig extends HttpEndpointConfig {
        /** API root, e.g. {@code http://vllm:8000/v1}; requests go to {@code {base-url}/chat/completions}. */
        Optional<String> baseUrl();

        /** Sent as {@code Authorization: Bearer}; none when absent (local servers often need none). Never logged. */
        Optional<String> apiKey();

        /** The LLM of the edit stage ({@code imgdiff.stages.edit.backend=openai}). */
        OpenAiModel text();

        /** The vision model of the caption stage ({@code imgdiff.stages.caption.backend=openai}). */
        OpenAiModel vision();

        /** Longest wait for one whole request (a 1024-token caption from a busy server takes a while). */
        @Override
        @WithDefault("PT120S")
        Duration requestTimeout();

        @Override
        @WithDefault("4")
        int maxConcurrentRequests();
    }

    /**
     * The image-generation service of {@code imgdiff.stages.generate.backend=http}, speaking the imgdiff pair
     * protocol v1 ({@code POST {base-url}/pairs}, docs/models.md). Durations are ISO-8601 by default, as in
     * {@link OpenAiConfig}.
     */
    interface ImageGenConfig extends HttpEndpointConfig {
        /** The service's root, e.g. {@code http://sdxl:8000}; requests go to {@code {base-url}/pairs}. No default. */
        Optional<String> baseUrl();

        /** Sent as {@code Authorization: Bearer}; none when absent. Never logged. */
        Optional<String> apiKey();

        /** Longest wait for one whole request: a pair is two diffusion runs, slow on a busy GPU. */
        @Override
        @WithDefault("PT300S")
        Duration requestTimeout();

        /** A diffusion server runs one pair at a time per GPU; a second request waits there, more only queue. */
        @Override
        @WithDefault("2")
        int maxConcurrentRequests();
    }

    /**
     * The inpainting service of {@code imgdiff.stages.removal.backend=http}, speaking the imgdiff inpaint protocol v1
     * ({@code POST {base-url}/inpaint}, docs/models.md). Durations are ISO-8601 by default, as in {@link OpenAiConfig}.
     */
    interface InpaintConfig extends HttpEndpointConfig {
        /** The service's root, e.g. {@code http://lama:8000}; requests go to {@code {base-url}/inpaint}. No default. */
        Optional<String> baseUrl();

        /** Sent as {@code Authorization: Bearer}; none when absent. Never logged. */
        Optional<String> apiKey();

        /** Longest wait for one whole request: one diffusion or LaMa pass, usually quicker than a pair. */
        @Override
        @WithDefault("PT120S")
        Duration requestTimeout();

        /** An inpainting server runs one image at a time per GPU. */
        @Override
        @WithDefault("2")
        int maxConcurrentRequests();
    }

    /** Timeouts, retries and concurrency of a remote HTTP model endpoint ({@code openai.*}, {@code imagegen.*}). */
    interface HttpEndpointConfig {
        /** Longest wait for one whole request; each endpoint sets its own default. */
        Duration requestTimeout();

        /** Longest wait for a TCP connection to the server. */
        @WithDefault("PT10S")
        Duration connectTimeout();

        /**
         * Retries inside one job of a request that failed transiently (429, 5xx, connection failure, timeout) or
         * gave an unusable answer; after them the job fails and the queue's own retry takes over.
         */
        @WithDefault("3")
        int maxRetries();

        /** First retry delay, doubled per retry with equal jitter; a {@code Retry-After} header replaces it. */
        @WithDefault("PT1S")
        Duration retryBackoff();

        /** Upper bound of a retry delay; a longer {@code Retry-After} ends the request and leaves it to the queue. */
        @WithDefault("PT30S")
        Duration retryBackoffMax();

        /** Requests one worker process has in flight to one endpoint at most; more wait for a free slot. */
        int maxConcurrentRequests();
    }

    /** One model behind an OpenAI-compatible endpoint. */
    interface OpenAiModel {
        /** Model name sent in every request ({@code model}), as the server lists it under {@code /v1/models}. */
        Optional<String> model();

        /** This endpoint's API root, when it differs from the shared {@code imgdiff.models.openai.base-url}. */
        Optional<String> baseUrl();

        /** This endpoint's key, when it differs from the shared {@code imgdiff.models.openai.api-key}. */
        Optional<String> apiKey();
    }

    /** One model file: where it is and, optionally, its checksum. */
    interface ModelFile {
        /** A local path, {@code s3://bucket/key} (inside the configured S3 store) or {@code store:key}. */
        Optional<String> location();

        /** Expected SHA-256 of the file, hex; the file is refused when it differs. */
        Optional<String> sha256();
    }

    /** An image encoder: {@code pixel_values} float [N,3,S,S] to projected embeddings [N,D]. */
    interface VisionModel {
        /** The ONNX file. */
        ModelFile model();

        /** Input side S: 224 for CLIP ViT-B/32, 384 for BLIP. */
        @WithDefault("224")
        int imageSize();

        /** {@code crop} (CLIP: shorter side to S, centre crop) or {@code squash} (BLIP: both sides to S). */
        @WithDefault("crop")
        String resize();

        /** Name of the pixel input. */
        @WithDefault("pixel_values")
        String input();

        /** Name of the projected-embedding output. */
        @WithDefault("image_embeds")
        String output();
    }

    /** A text encoder: {@code input_ids}, {@code attention_mask} int64 [N,L] to projected embeddings [N,D]. */
    interface TextModel {
        /** The ONNX file. */
        ModelFile model();

        /** The model's own {@code tokenizer.json} (Hugging Face tokenizers format). */
        ModelFile tokenizer();

        /** Name of the token-id input. */
        @WithDefault("input_ids")
        String inputIds();

        /** Name of the attention-mask input. */
        @WithDefault("attention_mask")
        String attentionMask();

        /** Name of the projected-embedding output. */
        @WithDefault("text_embeds")
        String output();

        /** Tokens per text (pad/truncate) when the model's sequence dimension is dynamic; CLIP's is 77. */
        @WithDefault("77")
        int contextLength();
    }

    /** Dual-encoder image-text matcher (CLIP, or a BLIP ITC export with the same I/O). */
    interface MatcherConfig {
        /** Name in logs and stage outputs, e.g. {@code clip}, {@code blip}. */
        @WithDefault("clip")
        String name();

        /** Text embedded for a noun; {@code {noun}} is replaced. */
        @WithDefault("a photo of a {noun}")
        String prompt();

        /** Image encoder; when its model location is absent, {@code clip-vision} is used. */
        VisionModel vision();

        /** Text encoder; when its model location is absent, {@code clip-text} is used. */
        TextModel text();
    }

    /** FastSAM (YOLOv8-seg) export: {@code images} [1,3,S,S] to {@code output0} [1,4+classes+32,N]. */
    interface FastSamModel {
        /** The ONNX file. */
        ModelFile model();

        /** Side of the square letterboxed input (the paper: 1024). */
        @WithDefault("1024")
        int imageSize();

        /** Boxes below this confidence are dropped (the paper: 0.05). */
        @WithDefault("0.05")
        double confidence();

        /** NMS IoU threshold among one image's boxes (the paper: 0.5). */
        @WithDefault("0.5")
        double iou();

        /** Boxes kept per image after NMS, best first (ultralytics' max_det). */
        @WithDefault("300")
        int maxBoxes();
    }
}
