package io.thanosj.objstore.s3;

import io.thanosj.objstore.SecretRedactor;
import io.thanosj.objstore.config.ConfigMapping;
import java.time.Duration;
import java.util.Map;

/**
 * {@code type: S3} configuration with Thanos' keys and defaults ({@code providers/s3/s3.go}).
 * Every Thanos key is accepted; the few that this client cannot honour (SigV2, a custom STS
 * endpoint, TLS client certificates, a TLS server-name override) are refused with a clear error
 * rather than silently ignored. {@link #toString()} hides the secret key and session token.
 */
public record S3Config(
        String bucket,
        String endpoint,
        String region,
        boolean disableDualstack,
        boolean awsSdkAuth,
        String accessKey,
        boolean insecure,
        boolean signatureVersion2,
        String secretKey,
        String sessionToken,
        Map<String, String> putUserMetadata,
        HttpConfig httpConfig,
        boolean traceEnabled,
        String listObjectsVersion,
        BucketLookupType bucketLookupType,
        boolean sendContentMd5,
        boolean disableMultipart,
        long partSize,
        SseConfig sseConfig,
        String stsEndpoint,
        int maxRetries) {

    public static final long DEFAULT_PART_SIZE = 64L * 1024 * 1024;
    /** S3's limits on a multipart part (the last part may be smaller). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    /** {@code bucket_lookup_type}: how the bucket appears in request URLs. */
    public enum BucketLookupType {
        /** Virtual-hosted for AWS endpoints, path-style for everything else (minio-go's rule). */
        AUTO("auto"),
        VIRTUAL_HOSTED("virtual-hosted"),
        PATH("path");

        private final String yaml;

        BucketLookupType(String yaml) {
            this.yaml = yaml;
        }

        static BucketLookupType parse(ConfigMapping m, String key) {
            String v = m.string(key, "auto");
            for (BucketLookupType t : values()) {
                if (t.yaml.equals(v)) {
                    return t;
                }
            }
            throw m.error(key, "expected auto, virtual-hosted or path, got \"" + v + "\"");
        }
    }

    /** {@code http_config}, with exthttp's defaults. */
    public record HttpConfig(
            Duration idleConnTimeout,
            Duration responseHeaderTimeout,
            boolean insecureSkipVerify,
            Duration tlsHandshakeTimeout,
            Duration expectContinueTimeout,
            int maxIdleConns,
            int maxIdleConnsPerHost,
            int maxConnsPerHost,
            TlsConfig tlsConfig,
            boolean disableCompression) {

        public static final HttpConfig DEFAULT = new HttpConfig(Duration.ofSeconds(90), Duration.ofMinutes(2), false,
                Duration.ofSeconds(10), Duration.ofSeconds(1), 100, 100, 0, TlsConfig.NONE, false);

        static HttpConfig parse(ConfigMapping m) {
            HttpConfig d = DEFAULT;
            HttpConfig c = new HttpConfig(
                    m.duration("idle_conn_timeout", d.idleConnTimeout),
                    m.duration("response_header_timeout", d.responseHeaderTimeout),
                    m.bool("insecure_skip_verify", d.insecureSkipVerify),
                    m.duration("tls_handshake_timeout", d.tlsHandshakeTimeout),
                    m.duration("expect_continue_timeout", d.expectContinueTimeout),
                    m.nonNegativeInt("max_idle_conns", d.maxIdleConns),
                    m.nonNegativeInt("max_idle_conns_per_host", d.maxIdleConnsPerHost),
                    m.nonNegativeInt("max_conns_per_host", d.maxConnsPerHost),
                    TlsConfig.parse(m.mapping("tls_config")),
                    m.bool("disable_compression", d.disableCompression));
            m.rejectUnknownKeys();
            return c;
        }
    }

    /** {@code http_config.tls_config}. */
    public record TlsConfig(String caFile, String certFile, String keyFile, String serverName, boolean insecureSkipVerify) {
        public static final TlsConfig NONE = new TlsConfig("", "", "", "", false);

        static TlsConfig parse(ConfigMapping m) {
            TlsConfig c = new TlsConfig(m.string("ca_file", ""), m.string("cert_file", ""), m.string("key_file", ""),
                    m.string("server_name", ""), m.bool("insecure_skip_verify", false));
            m.rejectUnknownKeys();
            if (!c.certFile.isEmpty() || !c.keyFile.isEmpty()) {
                throw m.error(c.certFile.isEmpty() ? "key_file" : "cert_file",
                        "TLS client certificates are not supported by ThanosJ's S3 client yet");
            }
            if (!c.serverName.isEmpty()) {
                throw m.error("server_name", "overriding the TLS server name is not supported by ThanosJ's S3 client");
            }
            return c;
        }
    }

    /** {@code sse_config}. {@code encryptionKey} is the path of the SSE-C key file, not the key. */
    public record SseConfig(String type, String kmsKeyId, Map<String, String> kmsEncryptionContext, String encryptionKey) {
        public static final String SSE_S3 = "SSE-S3";
        public static final String SSE_KMS = "SSE-KMS";
        public static final String SSE_C = "SSE-C";
        public static final SseConfig NONE = new SseConfig("", "", Map.of(), "");

        static SseConfig parse(ConfigMapping m) {
            SseConfig c = new SseConfig(m.string("type", ""), m.string("kms_key_id", ""),
                    m.stringMap("kms_encryption_context"), m.string("encryption_key", ""));
            m.rejectUnknownKeys();
            switch (c.type) {
                case "":
                case SSE_S3:
                    break;
                case SSE_KMS:
                    if (c.kmsKeyId.isEmpty()) {
                        throw m.error("kms_key_id", "must be set if sse_config.type is set to 'SSE-KMS'");
                    }
                    break;
                case SSE_C:
                    if (c.encryptionKey.isEmpty()) {
                        throw m.error("encryption_key", "must be set if sse_config.type is set to 'SSE-C'");
                    }
                    break;
                default:
                    throw m.error("type", "unsupported type \"" + c.type + "\"; supported types are SSE-S3, SSE-KMS, SSE-C");
            }
            return c;
        }
    }

    /** Reads the {@code config:} mapping of an S3 bucket. */
    public static S3Config parse(ConfigMapping m) {
        S3Config c = new S3Config(
                m.string("bucket", ""),
                m.string("endpoint", ""),
                m.string("region", ""),
                m.bool("disable_dualstack", false),
                m.bool("aws_sdk_auth", false),
                m.string("access_key", ""),
                m.bool("insecure", false),
                m.bool("signature_version2", false),
                m.string("secret_key", ""),
                m.string("session_token", ""),
                m.stringMap("put_user_metadata"),
                HttpConfig.parse(m.mapping("http_config")),
                parseTrace(m.mapping("trace")),
                m.string("list_objects_version", ""),
                BucketLookupType.parse(m, "bucket_lookup_type"),
                m.bool("send_content_md5", true),
                m.bool("disable_multipart", false),
                partSize(m),
                SseConfig.parse(m.mapping("sse_config")),
                m.string("sts_endpoint", ""),
                m.nonNegativeInt("max_retries", 0));
        m.rejectUnknownKeys();
        c.validate(m);
        return c;
    }

    /** Thanos documents 0 as "the client's default"; ours is Thanos' own default of 64 MiB. */
    private static long partSize(ConfigMapping m) {
        long v = m.nonNegativeLong("part_size", DEFAULT_PART_SIZE);
        return v == 0 ? DEFAULT_PART_SIZE : v;
    }

    private static boolean parseTrace(ConfigMapping m) {
        boolean enable = m.bool("enable", false);
        m.rejectUnknownKeys();
        return enable;
    }

    private void validate(ConfigMapping m) {
        if (bucket.isEmpty()) {
            throw m.error("bucket", "is required for type S3");
        }
        if (endpoint.isEmpty()) {
            throw m.error("endpoint", "is required for type S3 (for AWS, e.g. s3.us-east-1.amazonaws.com)");
        }
        if (endpoint.contains("://") || endpoint.contains("/")) {
            throw m.error("endpoint", "must be host[:port] without a scheme or path (use insecure: true for http), got \""
                    + endpoint + "\"");
        }
        if (awsSdkAuth && !accessKey.isEmpty()) {
            throw m.error("aws_sdk_auth", "aws_sdk_auth and access_key are mutually exclusive configurations");
        }
        if (accessKey.isEmpty() && !secretKey.isEmpty()) {
            throw m.error("access_key", "no s3 access_key specified while secret_key is present; either both should be"
                    + " present in config or envvars/IAM should be used");
        }
        if (!accessKey.isEmpty() && secretKey.isEmpty()) {
            throw m.error("secret_key", "no s3 secret_key specified while access_key is present; either both should be"
                    + " present in config or envvars/IAM should be used");
        }
        if (!listObjectsVersion.isEmpty() && !listObjectsVersion.equals("v1") && !listObjectsVersion.equals("v2")) {
            throw m.error("list_objects_version", "unsupported version \"" + listObjectsVersion + "\"; supported values are v1, v2");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw m.error("part_size", "must be between " + MIN_PART_SIZE + " (5 MiB) and " + MAX_PART_SIZE
                    + " (5 GiB), S3's part size limits; got " + partSize);
        }
        if (signatureVersion2) {
            throw m.error("signature_version2", "AWS signature version 2 is not supported by ThanosJ's S3 client"
                    + " (AWS SDK v2 signs with version 4)");
        }
        if (!stsEndpoint.isEmpty()) {
            throw m.error("sts_endpoint", "a custom STS endpoint is not supported by ThanosJ's S3 client; the AWS SDK"
                    + " default credential chain uses the regional STS endpoint");
        }
    }

    /** The redactor hiding this configuration's secrets. */
    public SecretRedactor redactor() {
        return new SecretRedactor(secretKey, sessionToken);
    }

    /** Static credentials are configured (otherwise the AWS SDK default chain is used). */
    public boolean hasStaticCredentials() {
        return !accessKey.isEmpty();
    }

    @Override
    public String toString() {
        return "S3Config[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", insecure=" + insecure
                + ", access_key=" + accessKey + ", secret_key=" + SecretRedactor.mask(secretKey)
                + ", session_token=" + SecretRedactor.mask(sessionToken) + ", aws_sdk_auth=" + awsSdkAuth
                + ", bucket_lookup_type=" + bucketLookupType + ", part_size=" + partSize
                + ", disable_multipart=" + disableMultipart + ", send_content_md5=" + sendContentMd5
                + ", list_objects_version=" + listObjectsVersion + ", sse_type=" + sseConfig.type()
                + ", put_user_metadata=" + putUserMetadata + ", http_config=" + httpConfig
                + ", max_retries=" + maxRetries + ", trace=" + traceEnabled + "]";
    }
}
