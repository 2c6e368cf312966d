package io.thanosj.objstore.oss;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.NetworkFailureContract;
import io.thanosj.objstore.testing.S3ProxyServer;
import io.thanosj.objstore.testing.XmlNamespaceStrippingRelay;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Network failures between the Aliyun OSS SDK and S3Proxy (cut in front of the namespace relay). */
class OssNetworkFailureWithS3ProxyTest extends NetworkFailureContract {
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;
    private static XmlNamespaceStrippingRelay xmlRelay;
    private String bucketName;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(new TransientNio2BlobStore(), AuthenticationType.NONE);
        xmlRelay = new XmlNamespaceStrippingRelay(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        xmlRelay.close();
        server.close();
    }

    @Override
    protected int upstreamPort() {
        return xmlRelay.port();
    }

    @Override
    protected Bucket[] newBucketPair(int relayPort) {
        bucketName = "oss-network-" + BUCKETS.incrementAndGet();
        server.createBucket(bucketName);
        return new Bucket[] {
            OssBucket.create(OssBucketWithS3ProxyTest.config("http://127.0.0.1:" + relayPort, bucketName), PART,
                    OssBucketWithS3ProxyTest.FAST_RETRY),
            OssBucket.create(OssBucketWithS3ProxyTest.config("http://127.0.0.1:" + xmlRelay.port(), bucketName), PART,
                    OssBucketWithS3ProxyTest.FAST_RETRY)
        };
    }

    @Override
    protected int pendingMultipartUploads() {
        return server.blobStore().listMultipartUploads(bucketName).size();
    }
}
