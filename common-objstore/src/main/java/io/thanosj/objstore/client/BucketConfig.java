package io.thanosj.objstore.client;

import io.thanosj.objstore.config.ConfigException;
import io.thanosj.objstore.config.ConfigMapping;
import io.thanosj.objstore.filesystem.FilesystemConfig;
import io.thanosj.objstore.oss.OssConfig;
import io.thanosj.objstore.s3.S3Config;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed objstore configuration: Thanos' top-level {@code type}, {@code config} and {@code
 * prefix}. {@code providerConfig} is the provider's record ({@link FilesystemConfig}, {@link
 * S3Config} or {@link OssConfig}); its {@code toString} hides secrets.
 */
public record BucketConfig(ProviderType type, Object providerConfig, String prefix) {

    public BucketConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(providerConfig, "providerConfig");
        prefix = prefix == null ? "" : prefix;
    }

    /**
     * Parses objstore YAML after expanding {@code $(VAR)} references from {@code env}, rejecting
     * unknown keys as Thanos does. Throws {@link ConfigException} with a one-line message naming
     * the key or line at fault.
     */
    public static BucketConfig parse(String yaml, Map<String, String> env) {
        ConfigMapping top = ConfigMapping.parseDocument(yaml, env);
        String typeName = top.string("type", "");
        String prefix = top.string("prefix", "");
        ConfigMapping config = top.mapping("config");
        top.rejectUnknownKeys();
        if (typeName.isEmpty()) {
            throw top.error("type", "is required; one of " + Arrays.toString(ProviderType.values()));
        }
        ProviderType type = ProviderType.parseOrNull(typeName);
        if (type == null) {
            String detail = ProviderType.THANOS_ONLY.contains(typeName.toUpperCase(Locale.ROOT))
                    ? "the Thanos provider " + typeName.toUpperCase(Locale.ROOT) + " is not supported by ThanosJ"
                    : "unknown provider \"" + typeName + "\"";
            throw top.error("type", detail + "; supported: " + Arrays.toString(ProviderType.values()));
        }
        Object providerConfig = switch (type) {
            case FILESYSTEM -> FilesystemConfig.parse(config);
            case S3 -> S3Config.parse(config);
            case ALIYUNOSS -> OssConfig.parse(config);
        };
        return new BucketConfig(type, providerConfig, prefix);
    }
}
