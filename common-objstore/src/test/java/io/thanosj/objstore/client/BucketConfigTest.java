package io.thanosj.objstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.objstore.config.ConfigException;
import io.thanosj.objstore.filesystem.FilesystemConfig;
import io.thanosj.objstore.oss.OssConfig;
import io.thanosj.objstore.s3.S3Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketConfigTest {
    private static final Map<String, String> NO_ENV = Map.of();
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";

    private static BucketConfig parse(String yaml) {
        return BucketConfig.parse(yaml, NO_ENV);
    }

    @Test
    void filesystemWithPrefixAndCaseInsensitiveType() {
        BucketConfig c = parse("type: filesystem\nconfig:\n  directory: /data/bucket\nprefix: /tenant-a/\n");
        assertThat(c.type()).isEqualTo(ProviderType.FILESYSTEM);
        assertThat(c.providerConfig()).isEqualTo(new FilesystemConfig(Path.of("/data/bucket")));
        assertThat(c.prefix()).isEqualTo("/tenant-a/");
    }

    @Test
    void thanosS3TemplateWithEveryKeyIsAccepted() {
        // Thanos' documented S3 template (docs/storage.md), with bucket and endpoint filled in.
        String yaml = """
                type: S3
                config:
                  bucket: "thanos"
                  endpoint: "s3.eu-west-1.amazonaws.com"
                  region: ""
                  disable_dualstack: false
                  aws_sdk_auth: false
                  access_key: ""
                  insecure: false
                  signature_version2: false
                  secret_key: ""
                  session_token: ""
                  put_user_metadata: {}
                  http_config:
                    idle_conn_timeout: 1m30s
                    response_header_timeout: 2m
                    insecure_skip_verify: false
                    tls_handshake_timeout: 10s
                    expect_continue_timeout: 1s
                    max_idle_conns: 100
                    max_idle_conns_per_host: 100
                    max_conns_per_host: 0
                    tls_config:
                      ca_file: ""
                      cert_file: ""
                      key_file: ""
                      server_name: ""
                      insecure_skip_verify: false
                    disable_compression: false
                  trace:
                    enable: false
                  list_objects_version: ""
                  bucket_lookup_type: auto
                  send_content_md5: true
                  disable_multipart: false
                  part_size: 67108864
                  sse_config:
                    type: ""
                    kms_key_id: ""
                    kms_encryption_context: {}
                    encryption_key: ""
                  sts_endpoint: ""
                  max_retries: 0
                prefix: ""
                """;
        S3Config s3 = (S3Config) parse(yaml).providerConfig();
        assertThat(s3.bucket()).isEqualTo("thanos");
        assertThat(s3.httpConfig()).isEqualTo(S3Config.HttpConfig.DEFAULT);
        assertThat(s3.partSize()).isEqualTo(64L * 1024 * 1024);
        assertThat(s3.sendContentMd5()).isTrue();
        assertThat(s3.bucketLookupType()).isEqualTo(S3Config.BucketLookupType.AUTO);
    }

    @Test
    void s3DefaultsAreThanosDefaults() {
        S3Config s3 = (S3Config) parse("type: S3\nconfig:\n  bucket: b\n  endpoint: minio:9000\n").providerConfig();
        assertThat(s3.partSize()).isEqualTo(67108864L);
        assertThat(s3.sendContentMd5()).isTrue();
        assertThat(s3.insecure()).isFalse();
        assertThat(s3.httpConfig().idleConnTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s3.httpConfig().responseHeaderTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s3.putUserMetadata()).isEmpty();
        assertThat(s3.hasStaticCredentials()).isFalse();
    }

    @Test
    void s3KeysAreRead() {
        S3Config s3 = (S3Config) parse("""
                type: s3
                config:
                  bucket: b
                  endpoint: 10.0.0.1:9000
                  region: eu-central-1
                  access_key: AKID
                  secret_key: sk
                  insecure: yes
                  bucket_lookup_type: path
                  part_size: 10485760
                  list_objects_version: v1
                  put_user_metadata:
                    X-Amz-Storage-Class: STANDARD_IA
                    team: obs
                  sse_config:
                    type: SSE-KMS
                    kms_key_id: key-1
                    kms_encryption_context: {a: b}
                  http_config:
                    idle_conn_timeout: 1h2m3s
                  max_retries: 3
                """).providerConfig();
        assertThat(s3.region()).isEqualTo("eu-central-1");
        assertThat(s3.insecure()).isTrue();
        assertThat(s3.bucketLookupType()).isEqualTo(S3Config.BucketLookupType.PATH);
        assertThat(s3.partSize()).isEqualTo(10485760L);
        assertThat(s3.listObjectsVersion()).isEqualTo("v1");
        assertThat(s3.putUserMetadata()).containsEntry("X-Amz-Storage-Class", "STANDARD_IA").containsEntry("team", "obs");
        assertThat(s3.sseConfig().kmsEncryptionContext()).containsEntry("a", "b");
        assertThat(s3.httpConfig().idleConnTimeout()).isEqualTo(Duration.ofSeconds(3723));
        assertThat(s3.maxRetries()).isEqualTo(3);
    }

    @Test
    void environmentReferencesAreExpanded() {
        BucketConfig c = BucketConfig.parse("""
                type: ALIYUNOSS
                config:
                  endpoint: $(OSS_ENDPOINT)
                  bucket: thanos-$(ENV_NAME)
                  access_key_id: id
                  access_key_secret: $(OSS_SECRET)
                """, Map.of("OSS_ENDPOINT", "oss-cn-hangzhou.aliyuncs.com", "ENV_NAME", "prod", "OSS_SECRET", SECRET));
        OssConfig oss = (OssConfig) c.providerConfig();
        assertThat(oss.endpoint()).isEqualTo("oss-cn-hangzhou.aliyuncs.com");
        assertThat(oss.bucket()).isEqualTo("thanos-prod");
        assertThat(oss.accessKeySecret()).isEqualTo(SECRET);
        assertThat(oss.toString()).doesNotContain(SECRET).contains("access_key_secret=<redacted>");
    }

    private static void assertRejected(String yaml, String... fragments) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments).doesNotContain("\n"));
    }

    @Test
    void unsetEnvironmentVariableNamesVariableAndLine() {
        assertRejected("type: S3\nconfig:\n  bucket: $(NOPE)\n", "line 3", "unset environment variable \"NOPE\"");
    }

    @Test
    void unknownKeysAreRejectedWithPathAndLine() {
        assertRejected("type: FILESYSTEM\nconfig:\n  directory: /x\n  dir: /y\n", "unknown key config.dir (line 4)",
                "known keys: directory");
        assertRejected("type: FILESYSTEM\nconfig:\n  directory: /x\nprefx: a\n", "unknown key prefx (line 4)");
        assertRejected("type: S3\nconfig:\n  bucket: b\n  endpoint: e\n  http_config:\n    idle_timeout: 1s\n",
                "unknown key config.http_config.idle_timeout (line 6)");
        assertRejected("type: S3\nconfig:\n  bucket: b\n  endpoint: e\n  sse_config:\n    typ: SSE-S3\n",
                "config.sse_config.typ (line 6)");
    }

    @Test
    void unknownOrUnsupportedTypeIsNamed() {
        assertRejected("type: FOO\nconfig: {}\n", "type (line 1)", "unknown provider \"FOO\"", "FILESYSTEM, S3, ALIYUNOSS");
        assertRejected("type: gcs\nconfig:\n  bucket: b\n", "type (line 1)", "GCS is not supported by ThanosJ");
        assertRejected("config:\n  directory: /x\n", "type", "is required");
        assertRejected("", "type", "is required");
    }

    @Test
    void missingRequiredKeysAreNamed() {
        assertRejected("type: S3\nconfig:\n  endpoint: s3.amazonaws.com\n", "config.bucket", "is required for type S3");
        assertRejected("type: S3\nconfig:\n  bucket: b\n", "config.endpoint", "is required for type S3");
        assertRejected("type: S3\nconfig:\n  bucket: \"\"\n  endpoint: e\n", "config.bucket (line 3)", "is required");
        assertRejected("type: FILESYSTEM\n", "config.directory", "is required for type FILESYSTEM");
        assertRejected("type: ALIYUNOSS\nconfig:\n  endpoint: e\n  bucket: b\n  access_key_id: a\n",
                "config.access_key_secret", "is required for type ALIYUNOSS");
        assertRejected("type: ALIYUNOSS\nconfig:\n  endpoint: e\n  access_key_id: a\n  access_key_secret: s\n",
                "config.bucket", "is required for type ALIYUNOSS");
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() {
        assertRejected("type: S3\nconfig:\n  bucket: b\n   endpoint: e\n", "YAML syntax error at line 4");
        assertRejected("type: S3\nconfig:\n  bucket: [b\n", "YAML syntax error at line");
        assertRejected("- a\n- b\n", "the document (line 1): expected a mapping");
        assertRejected("type: S3\ntype: S3\n", "duplicate key type (line 2)");
    }

    @Test
    void badValuesNameKeyAndLine() {
        String base = "type: S3\nconfig:\n  bucket: b\n  endpoint: e\n";
        assertRejected(base + "  part_size: lots\n", "config.part_size (line 5)", "non-negative integer", "\"lots\"");
        assertRejected(base + "  part_size: 1024\n", "config.part_size (line 5)", "between 5242880");
        assertRejected(base + "  insecure: maybe\n", "config.insecure (line 5)", "true or false");
        assertRejected(base + "  http_config:\n    idle_conn_timeout: 5 minutes\n", "config.http_config.idle_conn_timeout (line 6)",
                "duration");
        assertRejected(base + "  bucket_lookup_type: dns\n", "config.bucket_lookup_type (line 5)", "auto, virtual-hosted or path");
        assertRejected(base + "  list_objects_version: v3\n", "config.list_objects_version (line 5)", "v1, v2");
        assertRejected(base + "  put_user_metadata: [a]\n", "config.put_user_metadata (line 5)", "expected a mapping");
        assertRejected("type: S3\nconfig:\n  bucket: b\n  endpoint: https://s3.amazonaws.com\n", "config.endpoint (line 4)",
                "without a scheme");
    }

    @Test
    void thanosS3ValidationRules() {
        String base = "type: S3\nconfig:\n  bucket: b\n  endpoint: e\n";
        assertRejected(base + "  access_key: a\n", "config.secret_key", "no s3 secret_key specified");
        assertRejected(base + "  secret_key: s\n", "config.access_key", "no s3 access_key specified");
        assertRejected(base + "  aws_sdk_auth: true\n  access_key: a\n  secret_key: s\n", "config.aws_sdk_auth",
                "mutually exclusive");
        assertRejected(base + "  sse_config:\n    type: SSE-KMS\n", "config.sse_config.kms_key_id", "SSE-KMS");
        assertRejected(base + "  sse_config:\n    type: SSE-C\n", "config.sse_config.encryption_key", "SSE-C");
        assertRejected(base + "  sse_config:\n    type: AES\n", "config.sse_config.type (line 6)", "SSE-S3, SSE-KMS, SSE-C");
    }

    @Test
    void keysThisClientCannotHonourAreRefusedNotIgnored() {
        String base = "type: S3\nconfig:\n  bucket: b\n  endpoint: e\n";
        assertRejected(base + "  signature_version2: true\n", "config.signature_version2 (line 5)", "not supported");
        assertRejected(base + "  sts_endpoint: https://sts.example.com\n", "config.sts_endpoint (line 5)", "not supported");
        assertRejected(base + "  http_config:\n    tls_config:\n      cert_file: /c.pem\n",
                "config.http_config.tls_config.cert_file (line 7)", "not supported");
    }

    @Test
    void secretsStayOutOfErrorsAndToString() {
        Map<String, String> env = Map.of("SECRET", SECRET);
        // A syntax error on the very line that holds the expanded secret.
        assertThatThrownBy(() -> BucketConfig.parse("type: S3\nconfig:\n  secret_key: $(SECRET)\n bad: [\n", env))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> BucketConfig.parse("type: S3\nconfig:\n  bucket: b\n  endpoint: e\n  secret_key: [\"" + SECRET
                + "\"]\n", NO_ENV)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("config.secret_key").doesNotContain(SECRET));
        assertThatThrownBy(() -> BucketConfig.parse("type: S3\nconfig:\n  bucket: b\n  endpoint: e\n  secret_key: $(SECRET)\n",
                env)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("no s3 access_key").doesNotContain(SECRET));
        BucketConfig c = BucketConfig.parse("type: S3\nconfig:\n  bucket: b\n  endpoint: e\n  access_key: AKID\n"
                + "  secret_key: $(SECRET)\n  session_token: $(SECRET)-token\n", env);
        assertThat(c.toString()).doesNotContain(SECRET).contains("secret_key=<redacted>", "session_token=<redacted>", "AKID");
        assertThat(((S3Config) c.providerConfig()).secretKey()).isEqualTo(SECRET);
    }
}
