package io.thanosj.objstore.client;

import io.thanosj.objstore.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The flag pair {@code --objstore.config-file} / {@code --objstore.config}, resolved as Thanos'
 * {@code extkingpin.PathOrContent}: at most one may be set; the file is read as UTF-8.
 */
public final class ObjstoreFlags {
    public static final String CONFIG_FILE_FLAG = "--objstore.config-file";
    public static final String CONFIG_FLAG = "--objstore.config";

    private ObjstoreFlags() {}

    /**
     * The configuration text, or empty when neither flag is set (components for which object
     * storage is optional, like the sidecar, then run without it).
     */
    public static Optional<String> content(String configFile, String inlineConfig) {
        boolean hasFile = configFile != null && !configFile.isBlank();
        boolean hasInline = inlineConfig != null && !inlineConfig.isBlank();
        if (hasFile && hasInline) {
            throw new ConfigException("both " + CONFIG_FILE_FLAG + " and " + CONFIG_FLAG + " are set; set only one");
        }
        if (hasInline) {
            return Optional.of(inlineConfig);
        }
        if (!hasFile) {
            return Optional.empty();
        }
        Path path = Path.of(configFile);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String reason = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new ConfigException("cannot read " + CONFIG_FILE_FLAG + " " + path + ": " + reason, e);
        }
        if (text.isBlank()) {
            throw new ConfigException(CONFIG_FILE_FLAG + " " + path + " is empty");
        }
        return Optional.of(text);
    }

    /** Reads and parses the configuration the flags point to, if any. */
    public static Optional<BucketConfig> parse(String configFile, String inlineConfig, Map<String, String> env) {
        return content(configFile, inlineConfig).map(text -> BucketConfig.parse(text, env));
    }
}
