package io.thanosj.objstore.filesystem;

import io.thanosj.objstore.config.ConfigMapping;
import java.nio.file.Path;

/** {@code type: FILESYSTEM} configuration: the directory holding the bucket. */
public record FilesystemConfig(Path directory) {

    /** Reads the {@code config:} mapping of a FILESYSTEM bucket. */
    public static FilesystemConfig parse(ConfigMapping config) {
        String dir = config.requiredString("directory", "for type FILESYSTEM");
        config.rejectUnknownKeys();
        return new FilesystemConfig(Path.of(dir));
    }
}
