package io.thanosj.objstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.objstore.filesystem.FilesystemBucket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import io.thanosj.objstore.testing.MemoryBackedTempDirFactory;
import org.junit.jupiter.api.io.TempDir;

/** The whole bucket contract holds under a prefix, and objects land below it. */
class PrefixedBucketTest extends BucketContract {
    @TempDir(factory = MemoryBackedTempDirFactory.class)
    Path dir;

    @Override
    protected Bucket newBucket() {
        return PrefixedBucket.wrap(new FilesystemBucket(dir), "/tenant/a/");
    }

    @Override
    protected void seed(java.util.List<String> names) throws java.io.IOException {
        Path lastParent = null;
        for (String n : names) {
            Path p = dir.resolve("tenant/a").resolve(n);
            if (!p.getParent().equals(lastParent)) {
                Files.createDirectories(p.getParent());
                lastParent = p.getParent();
            }
            Files.write(p, new byte[] {'x'});
        }
    }

    @Test
    void objectsLiveUnderTheTrimmedPrefix() throws Exception {
        upload("01H/meta.json", "{}");
        assertThat(Files.readString(dir.resolve("tenant/a/01H/meta.json"))).isEqualTo("{}");
        Bucket root = new FilesystemBucket(dir);
        java.util.List<String> all = new java.util.ArrayList<>();
        root.iter("", all::add, true);
        assertThat(all).containsExactly("tenant/a/01H/meta.json");
    }

    @Test
    void emptyOrSlashOnlyPrefixAddsNothing() {
        Bucket fs = new FilesystemBucket(dir);
        assertThat(PrefixedBucket.wrap(fs, "")).isSameAs(fs);
        assertThat(PrefixedBucket.wrap(fs, "//")).isSameAs(fs);
        assertThat(PrefixedBucket.wrap(fs, null)).isSameAs(fs);
    }
}
