package io.thanosj.objstore.oss;

import io.thanosj.objstore.SecretRedactor;
import io.thanosj.objstore.config.ConfigMapping;

/**
 * {@code type: ALIYUNOSS} configuration with Thanos' four keys, all required. {@link #toString()}
 * hides the access key secret.
 */
public record OssConfig(String endpoint, String bucket, String accessKeyId, String accessKeySecret) {

    /** Reads the {@code config:} mapping of an Aliyun OSS bucket. */
    public static OssConfig parse(ConfigMapping m) {
        OssConfig c = new OssConfig(m.string("endpoint", ""), m.string("bucket", ""),
                m.string("access_key_id", ""), m.string("access_key_secret", ""));
        m.rejectUnknownKeys();
        String[] keys = {"endpoint", "bucket", "access_key_id", "access_key_secret"};
        String[] values = {c.endpoint, c.bucket, c.accessKeyId, c.accessKeySecret};
        for (int i = 0; i < keys.length; i++) {
            if (values[i].isEmpty()) {
                throw m.error(keys[i], "is required for type ALIYUNOSS");
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "OssConfig[endpoint=" + endpoint + ", bucket=" + bucket + ", access_key_id=" + accessKeyId
                + ", access_key_secret=" + SecretRedactor.mask(accessKeySecret) + "]";
    }
}
