package io.thanosj.objstore.s3;

import io.thanosj.objstore.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The {@code sse_config} of a bucket applied to requests, as minio-go's {@code encrypt} package
 * does: SSE-S3 and SSE-KMS on object creation; SSE-C (customer key) on creation, on every part, on completion
 * and on every read, since the server needs the key to decrypt.
 */
final class ServerSideEncryption {
    private static final String AES256 = "AES256";

    private final String type;
    private final String kmsKeyId;
    private final String kmsContext;
    private final String customerKey;
    private final String customerKeyMd5;

    private ServerSideEncryption(String type, String kmsKeyId, String kmsContext, String customerKey, String customerKeyMd5) {
        this.type = type;
        this.kmsKeyId = kmsKeyId;
        this.kmsContext = kmsContext;
        this.customerKey = customerKey;
        this.customerKeyMd5 = customerKeyMd5;
    }

    static ServerSideEncryption of(S3Config.SseConfig c) {
        switch (c.type()) {
            case S3Config.SseConfig.SSE_KMS:
                return new ServerSideEncryption(c.type(), c.kmsKeyId(), encodeContext(c.kmsEncryptionContext()), null, null);
            case S3Config.SseConfig.SSE_C:
                byte[] key = readKey(c.encryptionKey());
                return new ServerSideEncryption(c.type(), null, null, Base64.getEncoder().encodeToString(key),
                        Base64.getEncoder().encodeToString(md5(key)));
            default:
                return new ServerSideEncryption(c.type(), null, null, null, null);
        }
    }

    private static byte[] readKey(String path) {
        byte[] key;
        try {
            key = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new ConfigException("invalid objstore configuration: config.sse_config.encryption_key: cannot read key file "
                    + path + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (key.length != 32) {
            throw new ConfigException("invalid objstore configuration: config.sse_config.encryption_key: key file " + path
                    + " must hold exactly 32 bytes (an AES-256 key), it holds " + key.length);
        }
        return key;
    }

    private static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** The KMS context header value: base64 of the JSON object, keys sorted as Go's encoding/json writes maps. */
    static String encodeContext(Map<String, String> context) {
        StringBuilder json = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(context).entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            appendJsonString(json, e.getKey());
            json.append(':');
            appendJsonString(json, e.getValue());
        }
        json.append('}');
        return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    void apply(PutObjectRequest.Builder b) {
        switch (type) {
            case S3Config.SseConfig.SSE_S3 -> b.serverSideEncryption(AES256);
            case S3Config.SseConfig.SSE_KMS -> b.serverSideEncryption("aws:kms").ssekmsKeyId(kmsKeyId)
                    .ssekmsEncryptionContext(kmsContext);
            case S3Config.SseConfig.SSE_C -> b.sseCustomerAlgorithm(AES256).sseCustomerKey(customerKey)
                    .sseCustomerKeyMD5(customerKeyMd5);
            default -> { }
        }
    }

    void apply(CreateMultipartUploadRequest.Builder b) {
        switch (type) {
            case S3Config.SseConfig.SSE_S3 -> b.serverSideEncryption(AES256);
            case S3Config.SseConfig.SSE_KMS -> b.serverSideEncryption("aws:kms").ssekmsKeyId(kmsKeyId)
                    .ssekmsEncryptionContext(kmsContext);
            case S3Config.SseConfig.SSE_C -> b.sseCustomerAlgorithm(AES256).sseCustomerKey(customerKey)
                    .sseCustomerKeyMD5(customerKeyMd5);
            default -> { }
        }
    }

    void apply(UploadPartRequest.Builder b) {
        if (customerKey != null) {
            b.sseCustomerAlgorithm(AES256).sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    void apply(CompleteMultipartUploadRequest.Builder b) {
        if (customerKey != null) {
            b.sseCustomerAlgorithm(AES256).sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    void apply(GetObjectRequest.Builder b) {
        if (customerKey != null) {
            b.sseCustomerAlgorithm(AES256).sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    void apply(HeadObjectRequest.Builder b) {
        if (customerKey != null) {
            b.sseCustomerAlgorithm(AES256).sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    /** The SSE-C key must stay out of error messages like the secret key. */
    String customerKeyForRedaction() {
        return customerKey;
    }
}
