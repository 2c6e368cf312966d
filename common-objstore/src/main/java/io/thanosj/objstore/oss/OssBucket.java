package io.thanosj.objstore.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.ObjectAttributes;
import io.thanosj.objstore.ObjectNames;
import io.thanosj.objstore.SecretRedactor;
import io.thanosj.objstore.multipart.PartBuffer;
import io.thanosj.objstore.multipart.PartUploader;
import io.thanosj.objstore.multipart.StreamingUpload;
import io.thanosj.objstore.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Thanos' {@code ALIYUNOSS} provider on the Aliyun OSS SDK for Java. Unlike Thanos' Go client it
 * does not need the object size in advance, retries each request on transient failures, and reads
 * ranges with OSS' standard range behaviour instead of a metadata request per range.
 */
public final class OssBucket implements Bucket {
    /**
     * Multipart part size. Thanos uses 128 MiB; half of it keeps an upload's heap buffer smaller
     * while allowing objects of up to 640 GB (10,000 parts), larger with a known size.
     */
    public static final long DEFAULT_PART_SIZE = 64L * 1024 * 1024;
    /** OSS' smallest allowed part (all but the last). */
    public static final long MIN_PART_SIZE = 100 * 1024;
    private static final int LIST_PAGE = 1000;

    private final OSS client;
    private final String bucket;
    private final long partSize;
    private final RetryPolicy retry;
    private final OssErrors errors;

    OssBucket(OSS client, OssConfig config, long partSize, RetryPolicy retry) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("OSS part size must be at least " + MIN_PART_SIZE + " bytes");
        }
        this.client = client;
        this.bucket = config.bucket();
        this.partSize = partSize;
        this.retry = retry;
        this.errors = new OssErrors(bucket, new SecretRedactor(config.accessKeySecret()));
    }

    public static OssBucket create(OssConfig config) {
        return create(config, DEFAULT_PART_SIZE, RetryPolicy.DEFAULT);
    }

    /** A bucket with a chosen part size and retry policy (tests use small ones). */
    public static OssBucket create(OssConfig config, long partSize, RetryPolicy retry) {
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setMaxErrorRetry(0); // RetryPolicy retries; SDK retries on top would multiply attempts
        conf.setUserAgent("thanosj");
        OSS client = new OSSClientBuilder().build(config.endpoint(),
                new DefaultCredentialProvider(config.accessKeyId(), config.accessKeySecret()), conf);
        return new OssBucket(client, config, partSize, retry);
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
        GetObjectRequest req = new GetObjectRequest(bucket, name);
        if (offset > 0 || length > 0) {
            req.setRange(offset, length > 0 ? offset + length - 1 : -1);
            // Without this, OSS answers an unsatisfiable range with the whole object.
            req.addHeader("x-oss-range-behavior", "standard");
        }
        try {
            OSSObject object = client.getObject(req);
            return new OssObjectStream(object, name, errors);
        } catch (RuntimeException e) {
            if (OssErrors.isInvalidRange(e)) {
                return InputStream.nullInputStream(); // offset at or past the end
            }
            throw errors.translate("get", name, e);
        }
    }

    @Override
    public void upload(String name, InputStream content, long size) throws IOException {
        ObjectNames.require(name);
        StreamingUpload.upload(name, content, size, partSize, retry, new Parts(name));
    }

    /** The requests of one upload. */
    private final class Parts implements PartUploader {
        private final String name;
        private final List<PartETag> etags = new ArrayList<>();

        Parts(String name) {
            this.name = name;
        }

        @Override
        public void putObject(PartBuffer content) throws IOException {
            ObjectMetadata meta = new ObjectMetadata();
            meta.setContentLength(content.length());
            try (InputStream in = content.newInputStream()) {
                client.putObject(bucket, name, in, meta);
            } catch (RuntimeException e) {
                throw errors.translate("upload", name, e);
            }
        }

        @Override
        public String begin() throws IOException {
            try {
                return client.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, name)).getUploadId();
            } catch (RuntimeException e) {
                throw errors.translate("upload", name, e);
            }
        }

        @Override
        public void uploadPart(String uploadId, int partNumber, PartBuffer content) throws IOException {
            UploadPartRequest req = new UploadPartRequest(bucket, name, uploadId, partNumber,
                    content.newInputStream(), content.length());
            try {
                PartETag etag = client.uploadPart(req).getPartETag();
                etags.removeIf(p -> p.getPartNumber() == partNumber);
                etags.add(etag);
            } catch (RuntimeException e) {
                throw errors.translate("upload", name + " (part " + partNumber + ")", e);
            }
        }

        @Override
        public void complete(String uploadId) throws IOException {
            try {
                client.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, name, uploadId, etags));
            } catch (RuntimeException e) {
                throw errors.translate("upload", name, e);
            }
        }

        @Override
        public void abort(String uploadId) throws IOException {
            try {
                client.abortMultipartUpload(new AbortMultipartUploadRequest(bucket, name, uploadId));
            } catch (RuntimeException e) {
                throw errors.translate("abort upload", name, e);
            }
        }
    }

    @Override
    public void delete(String name) throws IOException {
        ObjectNames.require(name);
        try {
            client.deleteObject(bucket, name);
        } catch (RuntimeException e) {
            if (OssErrors.isNotFound(e)) {
                return;
            }
            throw errors.translate("delete", name, e);
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        ObjectNames.require(name);
        try {
            return client.doesObjectExist(bucket, name);
        } catch (RuntimeException e) {
            throw errors.translate("exists", name, e);
        }
    }

    @Override
    public ObjectAttributes attributes(String name) throws IOException {
        ObjectNames.require(name);
        try {
            ObjectMetadata m = client.getObjectMetadata(bucket, name);
            return new ObjectAttributes(m.getContentLength(), m.getLastModified().toInstant());
        } catch (RuntimeException e) {
            throw errors.translate("attributes", name, e);
        }
    }

    @Override
    public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
        String prefix = ObjectNames.dirPrefix(dir);
        String marker = null;
        while (true) {
            ListObjectsRequest req = new ListObjectsRequest(bucket, prefix, marker, recursive ? null : ObjectNames.DELIMITER,
                    LIST_PAGE);
            ObjectListing page;
            try {
                page = client.listObjects(req);
            } catch (RuntimeException e) {
                throw errors.translate("iter", prefix, e);
            }
            String last = visitPage(prefix, page.getObjectSummaries(), page.getCommonPrefixes(), visitor);
            if (!page.isTruncated() || last == null) {
                return;
            }
            marker = page.getNextMarker() != null && !page.getNextMarker().isEmpty() ? page.getNextMarker() : last;
        }
    }

    /** Visits a page's keys and prefixes merged in key order; returns the last entry or null. */
    private static String visitPage(String prefix, List<OSSObjectSummary> objects, List<String> prefixes,
            IterVisitor visitor) throws IOException {
        int i = 0;
        int j = 0;
        String last = null;
        while (i < objects.size() || j < prefixes.size()) {
            String next;
            if (j >= prefixes.size()
                    || (i < objects.size() && ObjectNames.KEY_ORDER.compare(objects.get(i).getKey(), prefixes.get(j)) < 0)) {
                next = objects.get(i++).getKey();
            } else {
                next = prefixes.get(j++);
            }
            last = next;
            if (!next.isEmpty() && !next.equals(prefix)) {
                visitor.visit(next);
            }
        }
        return last;
    }

    @Override
    public void close() {
        client.shutdown();
    }

    @Override
    public String toString() {
        return "OssBucket[" + bucket + "]";
    }
}
