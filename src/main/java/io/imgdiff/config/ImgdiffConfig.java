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
    }
}
