package io.thanosj.objstore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How Thanos' endpoint, region and bucket_lookup_type keys map onto the AWS SDK client. */
class S3ClientFactoryTest {
    private static S3Config config(String extra) {
        return S3BucketWithS3ProxyTest.config("type: S3\nconfig:\n  bucket: thanos\n" + extra);
    }

    @Test
    void autoLookupIsVirtualHostedOnlyForAws() {
        assertThat(S3ClientFactory.pathStyle(config("  endpoint: s3.eu-west-1.amazonaws.com\n"))).isFalse();
        assertThat(S3ClientFactory.pathStyle(config("  endpoint: minio.monitoring.svc:9000\n"))).isTrue();
        assertThat(S3ClientFactory.pathStyle(config("  endpoint: 10.0.0.7:9000\n"))).isTrue();
        assertThat(S3ClientFactory.pathStyle(config("  endpoint: localhost:9000\n"))).isTrue();
        // dotted bucket names break the wildcard TLS certificate of virtual hosts
        assertThat(S3ClientFactory.pathStyle(S3BucketWithS3ProxyTest.config(
                "type: S3\nconfig:\n  bucket: my.bucket\n  endpoint: s3.amazonaws.com\n"))).isTrue();
    }

    @Test
    void explicitLookupTypeWins() {
        assertThat(S3ClientFactory.pathStyle(config("  endpoint: s3.amazonaws.com\n  bucket_lookup_type: path\n"))).isTrue();
        assertThat(S3ClientFactory.pathStyle(config("  endpoint: minio:9000\n  bucket_lookup_type: virtual-hosted\n"))).isFalse();
    }

    @Test
    void regionComesFromConfigThenEndpointThenDefault() {
        assertThat(S3ClientFactory.region(config("  endpoint: s3.eu-west-1.amazonaws.com\n  region: us-west-2\n")))
                .isEqualTo("us-west-2");
        assertThat(S3ClientFactory.region(config("  endpoint: s3.eu-west-1.amazonaws.com\n"))).isEqualTo("eu-west-1");
        assertThat(S3ClientFactory.region(config("  endpoint: s3-ap-south-1.amazonaws.com:443\n"))).isEqualTo("ap-south-1");
        assertThat(S3ClientFactory.region(config("  endpoint: s3.amazonaws.com\n"))).isEqualTo("us-east-1");
        assertThat(S3ClientFactory.region(config("  endpoint: minio:9000\n"))).isEqualTo("us-east-1");
    }
}
