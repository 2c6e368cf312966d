package io.thanosj.objstore.testing;

import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * A real S3-protocol server in this JVM: S3Proxy (Jetty + an S3 REST implementation) over an
 * in-memory or on-disk blob store, on a free loopback port. Start one per test class.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "thanosj-test-access";
    public static final String SECRET_KEY = "thanosj-test-secret-Xq9zW2";

    private final S3Proxy proxy;
    private final BlobStore blobStore;

    private S3ProxyServer(S3Proxy proxy, BlobStore blobStore) {
        this.proxy = proxy;
        this.blobStore = blobStore;
    }

    /** In-memory storage, AWS v2/v4 signatures checked against {@link #ACCESS_KEY}/{@link #SECRET_KEY}. */
    public static S3ProxyServer startInMemory() throws Exception {
        return start(new TransientNio2BlobStore(), AuthenticationType.AWS_V2_OR_V4);
    }

    public static S3ProxyServer start(BlobStore store, AuthenticationType auth) throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(auth, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3ProxyServer(proxy, store);
    }

    public int port() {
        return proxy.getPort();
    }

    /** host:port, the form of Thanos' {@code endpoint} key. */
    public String endpoint() {
        return "127.0.0.1:" + port();
    }

    /** The storage behind the server, for seeding objects without going through HTTP. */
    public BlobStore blobStore() {
        return blobStore;
    }

    public void createBucket(String name) {
        blobStore.createContainer(name);
    }

    /** objstore YAML for an S3 bucket on this server; {@code extra} lines are added under {@code config:}. */
    public String s3Yaml(String bucket, String... extra) {
        StringBuilder y = new StringBuilder()
                .append("type: S3\n")
                .append("config:\n")
                .append("  bucket: ").append(bucket).append('\n')
                .append("  endpoint: ").append(endpoint()).append('\n')
                .append("  access_key: ").append(ACCESS_KEY).append('\n')
                .append("  secret_key: ").append(SECRET_KEY).append('\n')
                .append("  insecure: true\n");
        for (String line : extra) {
            y.append("  ").append(line).append('\n');
        }
        return y.toString();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        } finally {
            blobStore.close();
        }
    }
}
