package io.thanosj.objstore.filesystem;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.BucketContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import io.thanosj.objstore.testing.MemoryBackedTempDirFactory;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBucketTest extends BucketContract {
    @TempDir(factory = MemoryBackedTempDirFactory.class)
    Path dir;

    @Override
    protected Bucket newBucket() {
        return new FilesystemBucket(dir.resolve("bucket"));
    }

    @Override
    protected void seed(java.util.List<String> names) throws java.io.IOException {
        Path lastParent = null;
        for (String n : names) {
            Path p = dir.resolve("bucket").resolve(n);
            if (!p.getParent().equals(lastParent)) {
                Files.createDirectories(p.getParent());
                lastParent = p.getParent();
            }
            Files.write(p, new byte[] {'x'});
        }
    }

    @Test
    void objectIsAFileUnderTheDirectory() throws Exception {
        upload("01H/meta.json", "{}");
        assertThat(Files.readString(dir.resolve("bucket/01H/meta.json"))).isEqualTo("{}");
        assertThat(bucket.name()).isEqualTo("fs: " + dir.resolve("bucket"));
    }

    @Test
    void namesLeavingTheDirectoryAreRejected() {
        assertThatThrownBy(() -> bucket.get("../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.upload("a/../../outside", InputStream.nullInputStream(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dir.resolve("outside"))).isFalse();
    }

    @Test
    void uploadInProgressIsInvisibleAndLeavesNoTemporaryFile() throws Exception {
        List<String> seenDuringUpload = new java.util.ArrayList<>();
        InputStream watching = new InputStream() {
            int served;

            @Override
            public int read() throws IOException {
                if (served == 3) {
                    // Called mid-upload: the partial object must be invisible.
                    bucket.iter("", seenDuringUpload::add, true);
                    seenDuringUpload.add("exists=" + bucket.exists("d/obj"));
                }
                if (served >= 3) {
                    return -1;
                }
                served++;
                return 'a';
            }
        };
        upload("d/other", "x");
        bucket.upload("d/obj", watching, -1);
        assertThat(seenDuringUpload).startsWith("d/other", "exists=false");
        assertThat(read(bucket.get("d/obj"))).isEqualTo("aaa");
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(FilesystemBucket.TEMP_PREFIX));
        }
    }

    @Test
    void deletingTheLastObjectRemovesEmptyDirectories() throws Exception {
        upload("a/b/c/obj", "x");
        bucket.delete("a/b/c/obj");
        assertThat(Files.exists(dir.resolve("bucket/a"))).isFalse();
        assertThat(Files.exists(dir.resolve("bucket"))).isTrue();
    }

    @Test
    void emptyDirectoriesAreNotListed() throws Exception {
        Files.createDirectories(dir.resolve("bucket/empty/nested"));
        upload("full/obj", "x");
        assertThat(list("", false)).containsExactly("full/");
    }

    @Test
    void missingRootDirectoryIsAnEmptyBucket() throws Exception {
        assertThat(list("", true)).isEmpty();
        bucket.upload("x", new ByteArrayInputStream("1".getBytes(UTF_8)), 1);
        assertThat(list("", true)).containsExactly("x");
    }
}
