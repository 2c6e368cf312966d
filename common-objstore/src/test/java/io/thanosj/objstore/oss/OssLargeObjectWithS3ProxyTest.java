package io.thanosj.objstore.oss;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.LargeObjectContract;
import io.thanosj.objstore.testing.S3ProxyServer;
import io.thanosj.objstore.testing.XmlNamespaceStrippingRelay;
import java.nio.file.Path;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** S3Proxy stores on disk here; the namespace relay streams bodies in both directions. */
class OssLargeObjectWithS3ProxyTest extends LargeObjectContract {
    @TempDir
    static Path storage;
    private static S3ProxyServer server;
    private static XmlNamespaceStrippingRelay relay;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(new FilesystemNio2BlobStore(storage.toString()), AuthenticationType.NONE);
        server.createBucket("large");
        relay = new XmlNamespaceStrippingRelay(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        relay.close();
        server.close();
    }

    @Override
    protected Bucket bucket() {
        return OssBucket.create(OssBucketWithS3ProxyTest.config("http://127.0.0.1:" + relay.port(), "large"),
                5L * 1024 * 1024, OssBucketWithS3ProxyTest.FAST_RETRY);
    }
}
