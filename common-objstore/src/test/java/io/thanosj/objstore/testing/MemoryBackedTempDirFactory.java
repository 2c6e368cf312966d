package io.thanosj.objstore.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories on /dev/shm (tmpfs) when the machine has it. Tests that create ten
 * thousand small files spend seconds per run on a disk-backed file system and milliseconds here;
 * tmpfs has the same POSIX semantics the FILESYSTEM provider relies on (atomic rename, listing).
 */
public final class MemoryBackedTempDirFactory implements TempDirFactory {
    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws Exception {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return Files.createTempDirectory(SHM, "thanosj-objstore-");
        }
        return Files.createTempDirectory("thanosj-objstore-");
    }
}
