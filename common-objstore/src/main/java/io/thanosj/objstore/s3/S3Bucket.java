package io.thanosj.objstore.s3;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.ObjectAttributes;
import io.thanosj.objstore.ObjectNames;
import io.thanosj.objstore.SecretRedactor;
import io.thanosj.objstore.multipart.PartBuffer;
import io.thanosj.objstore.multipart.PartUploader;
import io.thanosj.objstore.multipart.StreamingUpload;
import io.thanosj.objstore.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Thanos' {@code S3} provider on the AWS SDK for Java v2. Uploads stream through one part buffer
 * (see {@link StreamingUpload}); reads stream from the HTTP response and abort the connection when
 * closed early, instead of draining the rest of a large object.
 */
public final class S3Bucket implements Bucket {
    private static final String STORAGE_CLASS_KEY = "x-amz-storage-class";
    private static final int LIST_PAGE = 1000;

    private final S3Client client;
    private final String bucket;
    private final S3Config config;
    private final RetryPolicy retry;
    private final ServerSideEncryption sse;
    private final S3Errors errors;
    private final String storageClass;
    private final Map<String, String> userMetadata;

    S3Bucket(S3Client client, S3Config config, RetryPolicy retry) {
        this.client = client;
        this.bucket = config.bucket();
        this.config = config;
        this.retry = retry;
        this.sse = ServerSideEncryption.of(config.sseConfig());
        this.errors = new S3Errors(bucket, new SecretRedactor(config.secretKey(), config.sessionToken(),
                sse.customerKeyForRedaction()));
        String sc = null;
        Map<String, String> meta = new HashMap<>();
        for (Map.Entry<String, String> e : config.putUserMetadata().entrySet()) {
            // As Thanos: X-Amz-Storage-Class in put_user_metadata selects the storage class.
            if (e.getKey().toLowerCase(Locale.ROOT).equals(STORAGE_CLASS_KEY)) {
                sc = e.getValue();
            } else {
                meta.put(e.getKey(), e.getValue());
            }
        }
        this.storageClass = sc;
        this.userMetadata = Map.copyOf(meta);
    }

    /** A bucket client for the configuration; {@code max_retries} sets the retry policy of uploads. */
    public static S3Bucket create(S3Config config) {
        return new S3Bucket(S3ClientFactory.create(config), config, RetryPolicy.fromMaxRetries(config.maxRetries()));
    }

    /** The client for tests that need to create buckets; not part of the bucket contract. */
    public S3Client client() {
        return client;
    }

    @Override
    public String name() {
        return bucket;
    }

    @Override
    public InputStream get(String name) throws IOException {
        return getRange(name, 0, -1);
    }

    @Override
    public InputStream getRange(String name, long offset, long length) throws IOException {
        ObjectNames.require(name);
        ObjectNames.requireRange(offset, length);
        if (length == 0) {
            attributes(name); // still report a missing object
            return InputStream.nullInputStream();
        }
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(bucket).key(name);
        if (offset > 0 || length > 0) {
            req.range("bytes=" + offset + "-" + (length > 0 ? Long.toString(offset + length - 1) : ""));
        }
        sse.apply(req);
        try {
            ResponseInputStream<GetObjectResponse> response = client.getObject(req.build());
            return new S3ObjectStream(response, name, errors);
        } catch (SdkException e) {
            if (S3Errors.isInvalidRange(e)) {
                return InputStream.nullInputStream(); // offset at or past the end
            }
            throw errors.translate("get", name, e);
        }
    }

    @Override
    public void upload(String name, InputStream content, long size) throws IOException {
        ObjectNames.require(name);
        if (config.disableMultipart()) {
            uploadInOneRequest(name, content, size);
            return;
        }
        StreamingUpload.upload(name, content, size, config.partSize(), retry, new Parts(name));
    }

    /**
     * {@code disable_multipart}: one PUT streamed from the caller's stream (S3 allows up to 5 GiB).
     * A stream cannot be replayed, so this request is not retried.
     */
    private void uploadInOneRequest(String name, InputStream content, long size) throws IOException {
        if (size < 0) {
            PartBuffer buf = new PartBuffer();
            buf.fill(content, S3Config.MAX_PART_SIZE + 1);
            if (buf.length() > S3Config.MAX_PART_SIZE) {
                throw new BucketException("upload of " + name + ": more than 5 GiB cannot be sent with disable_multipart");
            }
            new Parts(name).putObject(buf);
            return;
        }
        PartBuffer head = new PartBuffer();
        head.fill(content, Math.min(size, 1024 * 1024));
        InputStream body = new SequenceInputStream(head.newInputStream(), content);
        PutObjectRequest.Builder req = putRequest(name).contentLength(size);
        try {
            client.putObject(req.build(), RequestBody.fromContentProvider(() -> body, size, "application/octet-stream"));
        } catch (SdkException e) {
            throw errors.translate("upload", name, e);
        }
    }

    private PutObjectRequest.Builder putRequest(String name) {
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(name);
        if (!userMetadata.isEmpty()) {
            req.metadata(userMetadata);
        }
        if (storageClass != null) {
            req.storageClass(storageClass);
        }
        sse.apply(req);
        return req;
    }

    /** The requests of one upload. */
    private final class Parts implements PartUploader {
        private final String name;
        private final List<CompletedPart> completed = new ArrayList<>();

        Parts(String name) {
            this.name = name;
        }

        private String md5(PartBuffer content) {
            return config.sendContentMd5() ? Base64.getEncoder().encodeToString(content.md5()) : null;
        }

        @Override
        public void putObject(PartBuffer content) throws IOException {
            PutObjectRequest.Builder req = putRequest(name).contentLength(content.length()).contentMD5(md5(content));
            try {
                client.putObject(req.build(), RequestBody.fromContentProvider(content::newInputStream, content.length(),
                        "application/octet-stream"));
            } catch (SdkException e) {
                throw errors.translate("upload", name, e);
            }
        }

        @Override
        public String begin() throws IOException {
            CreateMultipartUploadRequest.Builder req = CreateMultipartUploadRequest.builder().bucket(bucket).key(name);
            if (!userMetadata.isEmpty()) {
                req.metadata(userMetadata);
            }
            if (storageClass != null) {
                req.storageClass(storageClass);
            }
            sse.apply(req);
            try {
                return client.createMultipartUpload(req.build()).uploadId();
            } catch (SdkException e) {
                throw errors.translate("upload", name, e);
            }
        }

        @Override
        public void uploadPart(String uploadId, int partNumber, PartBuffer content) throws IOException {
            UploadPartRequest.Builder req = UploadPartRequest.builder().bucket(bucket).key(name).uploadId(uploadId)
                    .partNumber(partNumber).contentLength(content.length()).contentMD5(md5(content));
            sse.apply(req);
            try {
                String etag = client.uploadPart(req.build(), RequestBody.fromContentProvider(content::newInputStream,
                        content.length(), "application/octet-stream")).eTag();
                completed.removeIf(p -> p.partNumber() == partNumber);
                completed.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            } catch (SdkException e) {
                throw errors.translate("upload", name + " (part " + partNumber + ")", e);
            }
        }

        @Override
        public void complete(String uploadId) throws IOException {
            try {
                CompleteMultipartUploadRequest.Builder req = CompleteMultipartUploadRequest.builder().bucket(bucket)
                        .key(name).uploadId(uploadId)
                        .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build());
                sse.apply(req);
                client.completeMultipartUpload(req.build());
            } catch (SdkException e) {
                throw errors.translate("upload", name, e);
            }
        }

        @Override
        public void abort(String uploadId) throws IOException {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId));
            } catch (SdkException e) {
                throw errors.translate("abort upload", name, e);
            }
        }
    }

    @Override
    public void delete(String name) throws IOException {
        ObjectNames.require(name);
        try {
            client.deleteObject(b -> b.bucket(bucket).key(name));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return;
            }
            throw errors.translate("delete", name, e);
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        try {
            head(name);
            return true;
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) {
                return false;
            }
            throw errors.translate("exists", name, e);
        }
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        try {
            HeadObjectResponse h = head(name);
            return new ObjectAttributes(h.contentLength(), h.lastModified());
        } catch (SdkException e) {
            throw errors.translate("attributes", name, e);
        }
    }

    private HeadObjectResponse head(String name) {
        ObjectNames.require(name);
        HeadObjectRequest.Builder req = HeadObjectRequest.builder().bucket(bucket).key(name);
        sse.apply(req);
        return client.headObject(req.build());
    }

    @Override
    public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
        String prefix = ObjectNames.dirPrefix(dir);
        String delimiter = recursive ? null : ObjectNames.DELIMITER;
        if ("v1".equals(config.listObjectsVersion())) {
            iterV1(prefix, delimiter, visitor);
        } else {
            iterV2(prefix, delimiter, visitor);
        }
    }

    private void iterV2(String prefix, String delimiter, IterVisitor visitor) throws IOException {
        String token = null;
        do {
            ListObjectsV2Response page;
            try {
                page = client.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                        .delimiter(delimiter).maxKeys(LIST_PAGE).continuationToken(token).build());
            } catch (SdkException e) {
                throw errors.translate("iter", prefix, e);
            }
            visitPage(prefix, page.contents(), page.commonPrefixes(), visitor);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }

    private void iterV1(String prefix, String delimiter, IterVisitor visitor) throws IOException {
        String marker = null;
        while (true) {
            ListObjectsResponse page;
            try {
                page = client.listObjects(ListObjectsRequest.builder().bucket(bucket).prefix(prefix)
                        .delimiter(delimiter).maxKeys(LIST_PAGE).marker(marker).build());
            } catch (SdkException e) {
                throw errors.translate("iter", prefix, e);
            }
            String last = visitPage(prefix, page.contents(), page.commonPrefixes(), visitor);
            if (!Boolean.TRUE.equals(page.isTruncated()) || last == null) {
                return;
            }
            // NextMarker is only sent with a delimiter; otherwise the last key is the marker.
            marker = page.nextMarker() != null ? page.nextMarker() : last;
        }
    }

    /** Visits a page's keys and prefixes merged in key order; returns the last entry or null. */
    private static String visitPage(String prefix, List<S3Object> objects, List<CommonPrefix> prefixes,
            IterVisitor visitor) throws IOException {
        int i = 0;
        int j = 0;
        String last = null;
        while (i < objects.size() || j < prefixes.size()) {
            String next;
            if (j >= prefixes.size()
                    || (i < objects.size() && ObjectNames.KEY_ORDER.compare(objects.get(i).key(), prefixes.get(j).prefix()) < 0)) {
                next = objects.get(i++).key();
            } else {
                next = prefixes.get(j++).prefix();
            }
            last = next;
            // The directory marker object some tools create ("dir/") is not an entry of itself.
            if (!next.isEmpty() && !next.equals(prefix)) {
                visitor.visit(next);
            }
        }
        return last;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "S3Bucket[" + config + "]";
    }
}
