package io.thanosj.objstore.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.PrefixedBucket;
import io.thanosj.objstore.filesystem.FilesystemBucket;
import io.thanosj.objstore.filesystem.FilesystemConfig;
import io.thanosj.objstore.metrics.InstrumentedBucket;
import io.thanosj.objstore.oss.OssBucket;
import io.thanosj.objstore.oss.OssConfig;
import io.thanosj.objstore.retry.RetryPolicy;
import io.thanosj.objstore.retry.RetryingBucket;
import io.thanosj.objstore.s3.S3Bucket;
import io.thanosj.objstore.s3.S3Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the bucket a component uses from its configuration, layered as in Thanos: the provider,
 * retries of transient failures, the {@code prefix}, and the bucket metrics on top (one logical
 * operation per call, however many attempts it took).
 */
public final class Buckets {
    private static final Logger LOG = LoggerFactory.getLogger(Buckets.class);

    private Buckets() {}

    public static InstrumentedBucket create(BucketConfig config, MeterRegistry registry) {
        Bucket provider;
        RetryPolicy retry;
        switch (config.type()) {
            case FILESYSTEM -> {
                provider = FilesystemBucket.create((FilesystemConfig) config.providerConfig());
                retry = RetryPolicy.NONE; // local I/O errors do not heal by waiting
            }
            case S3 -> {
                S3Config s3 = (S3Config) config.providerConfig();
                provider = S3Bucket.create(s3);
                retry = RetryPolicy.fromMaxRetries(s3.maxRetries());
            }
            case ALIYUNOSS -> {
                provider = OssBucket.create((OssConfig) config.providerConfig());
                retry = RetryPolicy.DEFAULT;
            }
            default -> throw new IllegalStateException("unhandled provider " + config.type());
        }
        LOG.info("object storage bucket ready type={} bucket=\"{}\" prefix=\"{}\" config=\"{}\"", config.type(),
                provider.name(), config.prefix(), config.providerConfig());
        Bucket layered = PrefixedBucket.wrap(new RetryingBucket(provider, retry), config.prefix());
        return InstrumentedBucket.wrap(layered, registry);
    }
}
