package io.imgdiff.store.s3;

import io.imgdiff.config.ImgdiffConfig;
import io.imgdiff.store.ObjectKeys;
import io.imgdiff.store.ObjectStore;
import io.imgdiff.store.ObjectStoreException;
import io.imgdiff.store.ObjectStoreUnavailableException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * An {@link ObjectStore} on any S3-compatible service (AWS, MinIO, S3Proxy, Ceph…) through AWS SDK v2 with the
 * URL-connection HTTP client. With an endpoint override it uses path-style addressing; checksums are computed and
 * validated only when an operation requires them, because S3-compatible servers reject the SDK's default
 * streaming checksums. Errors are {@link ObjectStoreException}s naming the operation, bucket and key.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    /** Connects as {@code config} says and, when {@code createBucket()} is set, creates the bucket if missing. */
    public S3ObjectStore(ImgdiffConfig.S3Config config) {
        this(buildClient(config), config.bucket(), config.prefix().orElse(""));
        if (config.createBucket()) {
            ensureBucket();
        }
    }

    /** Uses {@code client} as given (it is closed by {@link #close()}); {@code prefix} is prepended to every key. */
    public S3ObjectStore(S3Client client, String bucket, String prefix) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = normalisePrefix(prefix);
    }

    /** A client for {@code config}'s service and credentials; the bucket is the caller's (export writes to its own). */
    public static S3Client buildClient(ImgdiffConfig.S3Config config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().filter(e -> !e.isBlank()).ifPresent(endpoint -> builder
                .endpointOverride(URI.create(endpoint))
                // S3-compatible servers rarely resolve bucket.host names; path style works everywhere.
                .forcePathStyle(true));
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(ImgdiffConfig.S3Config config) {
        if (config.accessKey().isPresent() != config.secretKey().isPresent()) {
            throw new IllegalArgumentException("imgdiff.store.s3.access-key and imgdiff.store.s3.secret-key must be"
                    + " set together; got only " + (config.accessKey().isPresent() ? "access-key" : "secret-key"));
        }
        if (config.accessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static String normalisePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return "";
        }
        String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
        p = p.endsWith("/") ? p : p + "/";
        ObjectKeys.checkPrefix(p);
        return p;
    }

    /** Creates the bucket unless it exists; another worker creating it at the same moment is fine. */
    void ensureBucket() {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            create();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("head bucket", describe(), "", e);
            }
            create();
        } catch (SdkException e) {
            throw failure("head bucket", describe(), "", e);
        }
    }

    private void create() {
        try {
            client.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // lost a creation race with another worker: the bucket is there, which is all we need
        } catch (SdkException e) {
            throw failure("create bucket", describe(), "", e);
        }
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        String full = fullKey(key);
        try {
            client.putObject(b -> b.bucket(bucket).key(full).contentType(contentType), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw failure("put", describe(), key, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        String full = fullKey(key);
        try {
            return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(full)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
                return Optional.empty();
            }
            throw failure("get", describe(), key, e);
        } catch (SdkException e) {
            throw failure("get", describe(), key, e);
        }
    }

    @Override
    public List<String> list(String keyPrefix) {
        ObjectKeys.checkPrefix(keyPrefix);
        try {
            return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix))
                    .contents().stream()
                    .map(S3Object::key)
                    .map(k -> k.substring(prefix.length()))
                    .sorted()
                    .toList();
        } catch (SdkException e) {
            throw failure("list", describe(), keyPrefix, e);
        }
    }

    @Override
    public void delete(String key) {
        String full = fullKey(key);
        try {
            client.deleteObject(b -> b.bucket(bucket).key(full));
        } catch (NoSuchKeyException e) {
            // S3 itself answers 204 for a missing key; some compatible servers answer 404. Either way it is gone.
        } catch (SdkException e) {
            throw failure("delete", describe(), key, e);
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * The error of a failed operation: {@link ObjectStoreUnavailableException} when the service was unreachable or
     * said it is unavailable (the SDK's own retries are spent by then), so that the worker waits for it instead of
     * failing the item; else a plain {@link ObjectStoreException}.
     */
    static ObjectStoreException failure(String operation, String location, String key, SdkException e) {
        boolean unavailable = e instanceof SdkClientException c && noAnswer(c)
                || e instanceof S3Exception s && (s.statusCode() >= 500 || s.statusCode() == 429);
        return unavailable ? new ObjectStoreUnavailableException(operation, location, key, e)
                : new ObjectStoreException(operation, location, key, e);
    }

    /** The service gave no answer: connection refused or reset, or a timeout (not a client-side mistake). */
    private static boolean noAnswer(SdkClientException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private String fullKey(String key) {
        return prefix + ObjectKeys.checkKey(key);
    }
}
