package io.thanosj.objstore.filesystem;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.LargeObjectContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FilesystemLargeObjectTest extends LargeObjectContract {
    @TempDir
    Path dir;

    @Override
    protected Bucket bucket() {
        return new FilesystemBucket(dir);
    }
}
