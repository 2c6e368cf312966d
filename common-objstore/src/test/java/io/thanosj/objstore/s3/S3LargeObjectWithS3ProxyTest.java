package io.thanosj.objstore.s3;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.LargeObjectContract;
import io.thanosj.objstore.testing.S3ProxyServer;
import java.nio.file.Path;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** S3Proxy stores on disk here, so that the server's storage is not counted as our heap. */
class S3LargeObjectWithS3ProxyTest extends LargeObjectContract {
    @TempDir
    static Path storage;
    private static S3ProxyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(new FilesystemNio2BlobStore(storage.toString()), AuthenticationType.AWS_V2_OR_V4);
        server.createBucket("large");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    protected Bucket bucket() {
        return S3Bucket.create(S3BucketWithS3ProxyTest.config(server.s3Yaml("large", "part_size: 5242880")));
    }
}
