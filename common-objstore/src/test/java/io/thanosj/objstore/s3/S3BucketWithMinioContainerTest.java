package io.thanosj.objstore.s3;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.BucketContract;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The bucket contract against MinIO, the S3 server most Thanos users self-host, in a container.
 * Without a Docker engine (as on this project's CI) JUnit skips the class with the reason
 * "disabledWithoutDocker is true and Docker is not available".
 */
@Testcontainers(disabledWithoutDocker = true)
class S3BucketWithMinioContainerTest extends BucketContract {
    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2023-09-04T19-57-37Z");
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private S3Bucket s3;

    @Override
    protected Bucket newBucket() {
        String name = "contract-" + BUCKETS.incrementAndGet();
        String endpoint = MINIO.getS3URL().replaceFirst("^https?://", "");
        s3 = S3Bucket.create(S3BucketWithS3ProxyTest.config("type: S3\nconfig:\n  bucket: " + name + "\n  endpoint: " + endpoint
                + "\n  access_key: " + MINIO.getUserName() + "\n  secret_key: " + MINIO.getPassword()
                + "\n  insecure: true\n  part_size: 5242880\n  max_retries: 2\n"));
        s3.client().createBucket(b -> b.bucket(name));
        return s3;
    }

    @Override
    protected void seed(List<String> names) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String n : names) {
                done.add(pool.submit(() -> {
                    s3.upload(n, new ByteArrayInputStream(new byte[] {'x'}), 1);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
