package io.thanosj.objstore.client;

import java.util.Locale;

/** The {@code type} of an objstore configuration. */
public enum ProviderType {
    FILESYSTEM,
    S3,
    ALIYUNOSS;

    /** Thanos providers that ThanosJ does not implement; named in the error so users know why. */
    static final java.util.Set<String> THANOS_ONLY = java.util.Set.of(
            "GCS", "AZURE", "SWIFT", "COS", "BOS", "OCI", "OBS", "MEMORY");

    /** Case-insensitive, as Thanos; null when the name is no provider we know. */
    static ProviderType parseOrNull(String type) {
        String upper = type.toUpperCase(Locale.ROOT);
        for (ProviderType p : values()) {
            if (p.name().equals(upper)) {
                return p;
            }
        }
        return null;
    }
}
