package io.thanosj.objstore.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.BucketContract;
import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.ObjectNotFoundException;
import io.thanosj.objstore.client.BucketConfig;
import io.thanosj.objstore.testing.GeneratedContent;
import io.thanosj.objstore.testing.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The bucket contract and S3 specifics against S3Proxy, a real S3-protocol server, in this JVM. */
class S3BucketWithS3ProxyTest extends BucketContract {
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

    static S3Config config(String yaml) {
        return (S3Config) BucketConfig.parse(yaml, Map.of()).providerConfig();
    }

    private String freshBucket() {
        String name = "contract-" + BUCKETS.incrementAndGet();
        server.createBucket(name);
        return name;
    }

    @Override
    protected Bucket newBucket() {
        bucketName = freshBucket();
        return S3Bucket.create(config(server.s3Yaml(bucketName, "part_size: 5242880", "max_retries: 2")));
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
    void listObjectsV1PagesLikeV2() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            names.add(String.format("v1/%02d/%04d", i % 3, i));
        }
        seed(names);
        names.sort(null);
        try (Bucket v1 = S3Bucket.create(config(server.s3Yaml(bucketName, "list_objects_version: v1")))) {
            List<String> seen = new ArrayList<>();
            v1.iter("v1", seen::add, true);
            assertThat(seen).containsExactlyElementsOf(names);
            seen.clear();
            v1.iter("v1/", seen::add, false);
            assertThat(seen).containsExactly("v1/00/", "v1/01/", "v1/02/");
        }
    }

    @Test
    void wrongSecretIsARefusalThatDoesNotLeakTheSecret() throws Exception {
        String wrong = "definitely-not-the-secret-7431";
        upload("obj", "data");
        try (Bucket b = S3Bucket.create(config(server.s3Yaml(bucketName).replace(S3ProxyServer.SECRET_KEY, wrong)))) {
            assertThatThrownBy(() -> b.get("obj"))
                    .isInstanceOf(BucketException.class).isNotInstanceOf(ObjectNotFoundException.class)
                    .satisfies(e -> {
                        assertThat(((BucketException) e).isTransient()).isFalse();
                        assertThat(e.getMessage()).contains("obj", "HTTP 403").doesNotContain(wrong);
                        assertThat(e.toString()).doesNotContain(wrong);
                    });
            assertThatThrownBy(() -> b.upload("x", new ByteArrayInputStream(new byte[3]), 3))
                    .isInstanceOf(BucketException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        }
    }

    @Test
    void withoutKeysTheSdkDefaultCredentialChainIsUsed() throws Exception {
        upload("obj", "data");
        // System properties are one source of the default chain (environment variables, profiles,
        // web identity and instance metadata are the others); a test can set them.
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
        try (Bucket b = S3Bucket.create(config("type: S3\nconfig:\n  bucket: " + bucketName + "\n  endpoint: "
                + server.endpoint() + "\n  insecure: true\n"))) {
            assertThat(read(b.get("obj"))).isEqualTo("data");
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    @Test
    void missingBucketIsNotAMissingObject() throws Exception {
        try (Bucket b = S3Bucket.create(config(server.s3Yaml("no-such-bucket")))) {
            assertThatThrownBy(() -> b.get("obj")).isInstanceOf(BucketException.class)
                    .isNotInstanceOf(ObjectNotFoundException.class).hasMessageContaining("NoSuchBucket");
            assertThatThrownBy(() -> b.iter("", n -> { }, false)).isInstanceOf(BucketException.class)
                    .hasMessageContaining("NoSuchBucket");
        }
    }

    @Test
    void unreachableEndpointIsATransientFailure() throws Exception {
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Bucket b = S3Bucket.create(config(server.s3Yaml(bucketName).replace(server.endpoint(), "127.0.0.1:" + closedPort)))) {
            assertThatThrownBy(() -> b.exists("obj")).isInstanceOf(BucketException.class)
                    .satisfies(e -> assertThat(((BucketException) e).isTransient()).isTrue());
        }
    }

    @Test
    void userMetadataAndStorageClassAreSent() throws Exception {
        try (Bucket b = S3Bucket.create(config(server.s3Yaml(bucketName,
                "put_user_metadata: {team: observability, X-Amz-Storage-Class: STANDARD_IA}")))) {
            b.upload("meta", new ByteArrayInputStream("x".getBytes(UTF_8)), 1);
            var head = server.blobStore().blobMetadata(bucketName, "meta");
            assertThat(head.metadata()).containsEntry("team", "observability").doesNotContainKey("X-Amz-Storage-Class");
            assertThat(head.storageClassAsString()).isEqualTo("STANDARD_IA");
        }
    }

    @Test
    void disableMultipartSendsOneRequestOfAnySize() throws Exception {
        GeneratedContent content = new GeneratedContent(11, 6L * 1024 * 1024 + 5);
        try (Bucket b = S3Bucket.create(config(server.s3Yaml(bucketName, "disable_multipart: true", "part_size: 5242880")))) {
            b.upload("single", content.stream(), content.size());
            b.upload("single-unknown", content.stream(), -1);
            for (String n : List.of("single", "single-unknown")) {
                try (InputStream in = b.get(n)) {
                    assertThat(GeneratedContent.sha256(in)).isEqualTo(content.sha256());
                }
            }
            assertThat(server.blobStore().blobMetadata(bucketName, "single").eTag()).doesNotContain("-");
        }
    }

    @Test
    void serverSideEncryptionWithS3ManagedKeys() throws Exception {
        try (Bucket b = S3Bucket.create(config(server.s3Yaml(bucketName, "sse_config: {type: SSE-S3}")))) {
            b.upload("enc", new ByteArrayInputStream("secret data".getBytes(UTF_8)), 11);
            assertThat(read(b.get("enc"))).isEqualTo("secret data");
            assertThat(server.blobStore().blobMetadata(bucketName, "enc").serverSideEncryptionAsString()).isEqualTo("AES256");
        }
    }

    @Test
    void serverSideEncryptionWithCustomerKey(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("sse-c.key");
        Files.write(key, "0123456789abcdef0123456789abcdef".getBytes(UTF_8));
        GeneratedContent content = new GeneratedContent(13, 11L * 1024 * 1024);
        try (Bucket b = S3Bucket.create(config(server.s3Yaml(bucketName, "part_size: 5242880",
                "sse_config: {type: SSE-C, encryption_key: " + key + "}")))) {
            b.upload("enc", content.stream(), content.size());
            try (InputStream in = b.get("enc")) {
                assertThat(GeneratedContent.sha256(in)).isEqualTo(content.sha256());
            }
            assertThat(b.attributes("enc").size()).isEqualTo(content.size());
        }
        // Without the key, the server refuses to decrypt.
        try (Bucket noKey = S3Bucket.create(config(server.s3Yaml(bucketName)))) {
            assertThatThrownBy(() -> read(noKey.get("enc"))).isInstanceOf(BucketException.class);
        }
    }
}
