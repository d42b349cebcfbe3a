package io.imgdiff.export;

import io.imgdiff.stage.export.ExportTarget;
import io.imgdiff.store.ObjectStoreException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An export written under {@code s3://bucket/prefix}: a file below {@link #PART_BYTES} is one PutObject; a larger one
 * ({@code conversations.json}, {@code metadata.jsonl}, a shard) becomes a multipart upload, so memory stays one part
 * per open file however large the export grows. A failed upload is aborted, leaving no half object.
 */
final class S3ExportTarget implements ExportTarget {

    /** S3's smallest part (except the last) is 5 MiB; 8 MiB keeps a 100 GB file under the 10,000-part limit. */
    static final int PART_BYTES = 8 << 20;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final int partBytes;

    S3ExportTarget(S3Client client, String bucket, String prefix) {
        this(client, bucket, prefix, PART_BYTES);
    }

    /** With another part size (tests: S3's 5 MiB minimum, to exercise several parts quickly). */
    S3ExportTarget(S3Client client, String bucket, String prefix, int partBytes) {
        this.client = client;
        this.bucket = bucket;
        this.partBytes = partBytes;
        String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        this.prefix = p.isEmpty() ? "" : p + "/";
    }

    /** Parses {@code s3://bucket/prefix}; the prefix may be empty. */
    static String[] parse(String url) {
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("--out '" + url + "' names no bucket; expected s3://bucket/prefix");
        }
        return new String[] {bucket, slash < 0 ? "" : rest.substring(slash + 1)};
    }

    @Override
    public OutputStream create(String path) {
        return new Upload(prefix + path);
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        client.close();
    }

    /** One object being written: buffered up to a part, then uploaded part by part. */
    private final class Upload extends OutputStream {
        private final String key;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
        private final List<CompletedPart> parts = new ArrayList<>();
        private String uploadId;
        private boolean closed;

        Upload(String key) {
            this.key = key;
        }

        @Override
        public void write(int b) throws IOException {
            buffer.write(b);
            flushPart(false);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            buffer.write(b, off, len);
            flushPart(false);
        }

        private void flushPart(boolean last) throws IOException {
            if (buffer.size() < partBytes && !(last && uploadId != null)) {
                return;
            }
            try {
                if (uploadId == null) {
                    uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
                }
                int number = parts.size() + 1;
                String etag = client.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(buffer.toByteArray())).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                buffer.reset();
            } catch (SdkException e) {
                abort();
                String why = new ObjectStoreException("upload part", "s3://" + bucket, key, e).getMessage();
                throw new IOException(why, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (uploadId == null) {
                    client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(buffer.toByteArray()));
                    return;
                }
                flushPart(true);
                client.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            } catch (SdkException e) {
                abort();
                throw new IOException(new ObjectStoreException("put", "s3://" + bucket, key, e).getMessage(), e);
            }
        }

        private void abort() {
            if (uploadId != null) {
                try {
                    client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
                } catch (SdkException ignored) {
                    // the upload's parts expire by the bucket's lifecycle rule; the first error is the one to report
                }
            }
        }
    }
}
