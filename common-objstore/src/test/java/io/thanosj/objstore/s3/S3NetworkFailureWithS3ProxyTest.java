package io.thanosj.objstore.s3;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.NetworkFailureContract;
import io.thanosj.objstore.testing.S3ProxyServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Network failures between the AWS SDK and S3Proxy. */
class S3NetworkFailureWithS3ProxyTest extends NetworkFailureContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;
    private String bucketName;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.startInMemory();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected int upstreamPort() {
        return server.port();
    }

    @Override
    protected Bucket[] newBucketPair(int relayPort) {
        bucketName = "network-" + BUCKETS.incrementAndGet();
        server.createBucket(bucketName);
        String yaml = server.s3Yaml(bucketName, "part_size: " + PART, "max_retries: 2");
        return new Bucket[] {
            S3Bucket.create(S3BucketWithS3ProxyTest.config(yaml.replace(server.endpoint(), "127.0.0.1:" + relayPort))),
            S3Bucket.create(S3BucketWithS3ProxyTest.config(yaml))
        };
    }

    @Override
    protected int pendingMultipartUploads() {
        return server.blobStore().listMultipartUploads(bucketName).size();
    }
}
