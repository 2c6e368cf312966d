package io.thanosj.objstore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.objstore.testing.GeneratedContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bucket contract, run against every provider (like Thanos' {@code objstore.AcceptanceTest}):
 * each subclass supplies a fresh, empty bucket per test.
 */
public abstract class BucketContract {
    private static final String DATA = "@test-data@";

    protected Bucket bucket;

    /** A new, empty bucket. */
    protected abstract Bucket newBucket() throws Exception;

    /**
     * The part size the provider under test uses, so tests can cross it; FILESYSTEM has no parts
     * and keeps the default.
     */
    protected long partSize() {
        return 5L * 1024 * 1024;
    }

    /** Puts many small objects in place fast; providers may write to their backing store directly. */
    protected void seed(List<String> names) throws Exception {
        for (String n : names) {
            upload(n, "x");
        }
    }

    @BeforeEach
    void openBucket() throws Exception {
        bucket = newBucket();
    }

    @AfterEach
    void closeBucket() throws Exception {
        if (bucket != null) {
            bucket.close();
        }
    }

    protected void upload(String name, String content) throws IOException {
        byte[] b = content.getBytes(UTF_8);
        bucket.upload(name, new ByteArrayInputStream(b), b.length);
    }

    protected static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    protected List<String> list(String dir, boolean recursive) throws IOException {
        List<String> seen = new ArrayList<>();
        bucket.iter(dir, seen::add, recursive);
        return seen;
    }

    @Test
    void missingObjectIsNotFoundForEveryRead() throws Exception {
        String name = "id1/obj_1.some";
        assertThatThrownBy(() -> bucket.get(name)).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining(name);
        assertThatThrownBy(() -> bucket.getRange(name, 1, 3)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> bucket.getRange(name, 0, 0)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> bucket.attributes(name)).isInstanceOf(ObjectNotFoundException.class);
        assertThat(bucket.exists(name)).isFalse();
        bucket.delete(name); // deleting a missing object succeeds
        assertThat(list("", true)).isEmpty();
    }

    @Test
    void emptyNameIsACallerErrorNotNotFound() {
        InputStream empty = InputStream.nullInputStream();
        assertThatThrownBy(() -> bucket.get("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.getRange("", 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.upload("", empty, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.exists("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.attributes("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.delete("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uploadedObjectReadsBackWithItsAttributes() throws Exception {
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        upload("id1/obj_1.some", DATA);
        assertThat(read(bucket.get("id1/obj_1.some"))).isEqualTo(DATA);
        assertThat(bucket.exists("id1/obj_1.some")).isTrue();
        ObjectAttributes attrs = bucket.attributes("id1/obj_1.some");
        assertThat(attrs.size()).isEqualTo(11);
        assertThat(attrs.lastModified()).isBetween(before, Instant.now().plus(Duration.ofMinutes(1)));
        // a directory is not an object
        assertThat(bucket.exists("id1")).isFalse();
        assertThatThrownBy(() -> bucket.get("id1")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void emptyObjectRoundTrips() throws Exception {
        bucket.upload("empty", InputStream.nullInputStream(), 0);
        assertThat(read(bucket.get("empty"))).isEmpty();
        assertThat(bucket.attributes("empty").size()).isZero();
        bucket.upload("empty-unknown-size", InputStream.nullInputStream(), -1);
        assertThat(bucket.attributes("empty-unknown-size").size()).isZero();
    }

    @Test
    void rangeReadsReturnExactlyTheRequestedBytes() throws Exception {
        upload("id1/obj_1.some", DATA);
        assertThat(read(bucket.getRange("id1/obj_1.some", 1, 3))).isEqualTo("tes");
        assertThat(read(bucket.getRange("id1/obj_1.some", 0, 1))).isEqualTo("@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 10, 1))).isEqualTo("@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 1, -1))).isEqualTo("test-data@");
        assertThat(read(bucket.getRange("id1/obj_1.some", 0, -1))).isEqualTo(DATA);
        // past the end: cut at the end
        assertThat(read(bucket.getRange("id1/obj_1.some", 3, 9999))).isEqualTo("st-data@");
        // at or past the end: empty
        assertThat(read(bucket.getRange("id1/obj_1.some", 11, 5))).isEmpty();
        assertThat(read(bucket.getRange("id1/obj_1.some", 124141, 3))).isEmpty();
        assertThat(read(bucket.getRange("id1/obj_1.some", 4, 0))).isEmpty();
        assertThatThrownBy(() -> bucket.getRange("id1/obj_1.some", -1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket.getRange("id1/obj_1.some", 0, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangesOfALargerObjectMatchItsBytes() throws Exception {
        GeneratedContent content = new GeneratedContent(7, 3 * 1024 * 1024 + 17);
        bucket.upload("big", content.stream(), content.size());
        long[][] ranges = {{0, 1}, {1, 65536}, {1024 * 1024 - 3, 7}, {2 * 1024 * 1024, 1024 * 1024 + 17}, {content.size() - 1, 1}};
        for (long[] r : ranges) {
            try (InputStream in = bucket.getRange("big", r[0], r[1])) {
                assertThat(in.readAllBytes()).as("range %d+%d", r[0], r[1]).isEqualTo(content.range(r[0], (int) r[1]));
            }
        }
        try (InputStream in = bucket.getRange("big", content.size() - 100, -1)) {
            assertThat(in.readAllBytes()).isEqualTo(content.range(content.size() - 100, 100));
        }
    }

    @Test
    void uploadReplacesAnExistingObject() throws Exception {
        upload("id1/obj_2.some", "@test-data2@");
        upload("id1/obj_2.some", "@test-data2@");
        assertThat(read(bucket.get("id1/obj_2.some"))).isEqualTo("@test-data2@");
        upload("id1/obj_2.some", "shorter");
        assertThat(read(bucket.get("id1/obj_2.some"))).isEqualTo("shorter");
        assertThat(bucket.attributes("id1/obj_2.some").size()).isEqualTo(7);
    }

    @Test
    void iterationListsDirectChildrenOrEverythingBelow() throws Exception {
        for (String n : List.of("id1/obj_1.some", "id1/obj_2.some", "id1/obj_3.some", "id1/sub/subobj_1.some",
                "id1/sub/subobj_2.some", "id2/obj_4.some", "obj_5.some")) {
            upload(n, DATA);
        }
        assertThat(list("", false)).containsExactly("id1/", "id2/", "obj_5.some");
        assertThat(list("", true)).containsExactly("id1/obj_1.some", "id1/obj_2.some", "id1/obj_3.some",
                "id1/sub/subobj_1.some", "id1/sub/subobj_2.some", "id2/obj_4.some", "obj_5.some");
        for (String dir : List.of("id1/", "id1", "id1//")) {
            assertThat(list(dir, false)).as(dir).containsExactly("id1/obj_1.some", "id1/obj_2.some", "id1/obj_3.some", "id1/sub/");
            assertThat(list(dir, true)).as(dir).containsExactly("id1/obj_1.some", "id1/obj_2.some", "id1/obj_3.some",
                    "id1/sub/subobj_1.some", "id1/sub/subobj_2.some");
        }
        assertThat(list("id0", false)).isEmpty();
        assertThat(list("id0", true)).isEmpty();
        // a name prefix is not a directory
        assertThat(list("id", false)).isEmpty();

        bucket.delete("id1/obj_2.some");
        assertThat(list("id1/", false)).containsExactly("id1/obj_1.some", "id1/obj_3.some", "id1/sub/");
        bucket.delete("id2/obj_4.some");
        assertThat(list("", false)).containsExactly("id1/", "obj_5.some");
    }

    @Test
    void iterationOrderIsKeyOrder() throws Exception {
        // '.' < '/' < '0' in key order: a file "x.b", a directory "x/" and a file "x0" interleave.
        for (String n : List.of("a/x0", "a/x/z", "a/x.b", "a/x-y", "a/X", "a/é")) {
            upload(n, DATA);
        }
        assertThat(list("a", false)).containsExactly("a/X", "a/x-y", "a/x.b", "a/x/", "a/x0", "a/é");
        assertThat(list("a", true)).containsExactly("a/X", "a/x-y", "a/x.b", "a/x/z", "a/x0", "a/é");
    }

    @Test
    void namesWithSpacesAndSymbolsRoundTrip() throws Exception {
        String name = "dir with space/üñí+%&=?#;:,$@!'()[]~.txt";
        upload(name, DATA);
        assertThat(read(bucket.get(name))).isEqualTo(DATA);
        assertThat(list("dir with space", false)).containsExactly(name);
        bucket.delete(name);
        assertThat(bucket.exists(name)).isFalse();
    }

    @Test
    void iterationPagesThroughTenThousandObjects() throws Exception {
        // 2,000 directories of 5 objects: listings cross S3's 1,000-entry pages both as keys and as prefixes.
        List<String> names = new ArrayList<>(10_000);
        for (int d = 0; d < 2_000; d++) {
            for (int o = 0; o < 5; o++) {
                names.add(String.format("paging/%04d/%d", d, o));
            }
        }
        seed(names);
        assertThat(list("paging", true)).containsExactlyElementsOf(names);
        List<String> dirs = new ArrayList<>();
        for (int d = 0; d < 2_000; d++) {
            dirs.add(String.format("paging/%04d/", d));
        }
        assertThat(list("paging/", false)).containsExactlyElementsOf(dirs);
        assertThat(list("paging/1999", false)).containsExactly(
                "paging/1999/0", "paging/1999/1", "paging/1999/2", "paging/1999/3", "paging/1999/4");
    }

    @Test
    void visitorExceptionStopsIterationAndPropagates() throws Exception {
        upload("a/1", DATA);
        upload("a/2", DATA);
        IOException stop = new IOException("stop here");
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> bucket.iter("a", n -> {
            seen.add(n);
            throw stop;
        }, false)).isSameAs(stop);
        assertThat(seen).containsExactly("a/1");
    }

    @Test
    void wrongDeclaredSizeFailsAndStoresNothing() throws Exception {
        byte[] five = "12345".getBytes(UTF_8);
        assertThatThrownBy(() -> bucket.upload("short", new ByteArrayInputStream(five), 6))
                .isInstanceOf(BucketException.class).hasMessageContaining("ended after 5 of the declared 6 bytes");
        assertThatThrownBy(() -> bucket.upload("long", new ByteArrayInputStream(five), 4))
                .isInstanceOf(BucketException.class).hasMessageContaining("more than the declared 4 bytes");
        GeneratedContent big = new GeneratedContent(3, partSize() + 10);
        assertThatThrownBy(() -> bucket.upload("big-short", big.stream(), big.size() + 1))
                .isInstanceOf(BucketException.class).hasMessageContaining("ended after");
        assertThatThrownBy(() -> bucket.upload("big-long", big.stream(), big.size() - 1))
                .isInstanceOf(BucketException.class).hasMessageContaining("more than the declared");
        assertThat(list("", true)).isEmpty();
    }

    @Test
    void failingSourceStreamLeavesNoObject() throws Exception {
        for (long failAt : new long[] {10, partSize() + partSize() / 2}) {
            for (long declared : new long[] {failAt * 2, -1}) {
                String name = "dir/failing-" + failAt + "-" + declared;
                IOException boom = new IOException("source broke");
                InputStream failing = failingStream(new GeneratedContent(1, failAt).stream(), boom);
                assertThatThrownBy(() -> bucket.upload(name, failing, declared)).isSameAs(boom);
                assertThat(bucket.exists(name)).isFalse();
            }
        }
        upload("dir/existing", DATA);
        IOException boom = new IOException("source broke");
        assertThatThrownBy(() -> bucket.upload("dir/existing", failingStream(new GeneratedContent(2, 20).stream(), boom), -1))
                .isSameAs(boom);
        assertThat(read(bucket.get("dir/existing"))).as("a failed overwrite keeps the old object").isEqualTo(DATA);
        assertThat(list("", true)).containsExactly("dir/existing");
    }

    private static InputStream failingStream(InputStream content, IOException failure) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = content.read();
                if (b < 0) {
                    throw failure;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = content.read(b, off, len);
                if (n < 0) {
                    throw failure;
                }
                return n;
            }
        };
    }

    @Test
    void objectsLargerThanAPartRoundTripWithKnownAndUnknownSize() throws Exception {
        long[] sizes = {2 * partSize() + partSize() / 2, 2 * partSize(), partSize(), partSize() + 1};
        for (long size : sizes) {
            GeneratedContent content = new GeneratedContent(size, size);
            for (long declared : new long[] {size, -1}) {
                String name = "parts/" + size + "/" + declared;
                bucket.upload(name, content.stream(), declared);
                assertThat(bucket.attributes(name).size()).as(name).isEqualTo(size);
                try (InputStream in = bucket.get(name)) {
                    assertThat(GeneratedContent.sha256(in)).as(name).isEqualTo(content.sha256());
                }
            }
        }
    }

    @Test
    void concurrentUploadsReadsAndListingsDoNotInterfere() throws Exception {
        int threads = 6;
        int perThread = 15;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String name = "concurrent/" + thread + "/" + i;
                        upload(name, name);
                        assertThat(read(bucket.get(name))).isEqualTo(name);
                        assertThat(list("concurrent/" + thread, false)).hasSize(i + 1);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(list("concurrent", true)).hasSize(threads * perThread);
    }

    @Test
    void closingAPartlyReadStreamReleasesItsConnection() throws Exception {
        GeneratedContent content = new GeneratedContent(5, 4 * 1024 * 1024);
        bucket.upload("big", content.stream(), content.size());
        // More early closes than any connection pool holds: a leaked connection would block or fail.
        for (int i = 0; i < 80; i++) {
            try (InputStream in = bucket.get("big")) {
                assertThat(in.readNBytes(10)).isEqualTo(content.range(0, 10));
            }
        }
        assertThat(read(bucket.getRange("big", 0, 3)).length()).isEqualTo(3);
    }
}
