package io.thanosj.objstore.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.BucketContract;
import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.ObjectNotFoundException;
import io.thanosj.objstore.client.BucketConfig;
import io.thanosj.objstore.retry.RetryPolicy;
import io.thanosj.objstore.testing.S3ProxyServer;
import io.thanosj.objstore.testing.XmlNamespaceStrippingRelay;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The bucket contract against the most real OSS endpoint that runs here: the Aliyun OSS SDK
 * speaking to S3Proxy (OSS' REST API is S3's dialect) through a relay that only removes the S3
 * XML namespace the OSS SDK cannot read. See the README's "Testing object storage".
 */
class OssBucketWithS3ProxyTest extends BucketContract {
    static final RetryPolicy FAST_RETRY = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50));
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;
    private static XmlNamespaceStrippingRelay relay;
    private String bucketName;

    @BeforeAll
    static void start() throws Exception {
        // OSS signs requests differently from S3, so S3Proxy checks no signatures here.
        server = S3ProxyServer.start(new TransientNio2BlobStore(), AuthenticationType.NONE);
        relay = new XmlNamespaceStrippingRelay(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
        server.close();
    }

    static OssConfig config(String endpoint, String bucket) {
        String yaml = "type: ALIYUNOSS\nconfig:\n  endpoint: " + endpoint + "\n  bucket: " + bucket
                + "\n  access_key_id: test-id\n  access_key_secret: $(OSS_SECRET)\n";
        return (OssConfig) BucketConfig.parse(yaml, Map.of("OSS_SECRET", "oss-test-secret-3Kd9")).providerConfig();
    }

    @Override
    protected Bucket newBucket() {
        bucketName = "oss-contract-" + BUCKETS.incrementAndGet();
        server.createBucket(bucketName);
        return OssBucket.create(config("http://127.0.0.1:" + relay.port(), bucketName), partSize(), FAST_RETRY);
    }

    @Override
    protected void seed(List<String> names) {
        for (String n : names) {
            server.blobStore().putBlob(PutObjectRequest.builder().bucket(bucketName).key(n).contentLength(1L).build(),
                    new ByteArrayInputStream(new byte[] {'x'}));
        }
    }

    @Test
    void nameIsTheBucketName() {
        assertThat(bucket.name()).isEqualTo(bucketName);
    }

    @Test
    void missingBucketIsNotAMissingObject() throws Exception {
        try (Bucket b = OssBucket.create(config("http://127.0.0.1:" + relay.port(), "no-such-bucket"), partSize(), FAST_RETRY)) {
            assertThatThrownBy(() -> b.get("obj")).isInstanceOf(BucketException.class)
                    .isNotInstanceOf(ObjectNotFoundException.class).hasMessageContaining("NoSuchBucket");
        }
    }

    @Test
    void unreachableEndpointIsATransientFailure() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Bucket b = OssBucket.create(config("http://127.0.0.1:" + closedPort, bucketName), partSize(), RetryPolicy.NONE)) {
            assertThatThrownBy(() -> b.exists("obj")).isInstanceOf(BucketException.class)
                    .satisfies(e -> assertThat(((BucketException) e).isTransient()).isTrue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("oss-test-secret-3Kd9"));
        }
    }
}
