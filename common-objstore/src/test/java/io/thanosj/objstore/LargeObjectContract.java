package io.thanosj.objstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.thanosj.objstore.testing.GeneratedContent;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A 300 MiB object goes up and comes back through a provider with a heap that does not grow with
 * the object. These tests run in their own JVM with {@code -Xmx64m} (see the surefire execution
 * "large-objects" in the POM): holding the object, or even a few of its parts, would fail with
 * OutOfMemoryError. The peak heap seen while streaming is printed and bounded as well.
 */
public abstract class LargeObjectContract {
    protected static final long SIZE = 300L * 1024 * 1024;
    private static final long MIB = 1024 * 1024;

    /** The bucket under test, with a 5 MiB part size for providers that have parts. */
    protected abstract Bucket bucket() throws Exception;

    @Test
    void threeHundredMebibytesStreamUpAndDownWithBoundedHeap() throws Exception {
        GeneratedContent content = new GeneratedContent(300, SIZE);
        String expected = content.sha256();
        Bucket bucket = bucket();
        HeapSampler heap = HeapSampler.start();
        try {
            bucket.upload("large/object", content.stream(), content.size());
            long afterUpload = heap.peakGrowth();
            assertThat(bucket.attributes("large/object").size()).isEqualTo(SIZE);
            try (InputStream in = bucket.get("large/object")) {
                assertThat(GeneratedContent.sha256(in)).isEqualTo(expected);
            }
            long[][] ranges = {{0, 1000}, {5 * MIB - 10, 20}, {SIZE / 2 + 7, 1 << 20}, {SIZE - 33, 33}};
            for (long[] r : ranges) {
                try (InputStream in = bucket.getRange("large/object", r[0], r[1])) {
                    assertThat(in.readAllBytes()).as("range %d+%d", r[0], r[1]).isEqualTo(content.range(r[0], (int) r[1]));
                }
            }
            long peak = heap.peakGrowth();
            System.out.printf("%s: max heap %d MiB, peak heap growth during upload %d MiB, overall %d MiB%n",
                    getClass().getSimpleName(), Runtime.getRuntime().maxMemory() / MIB, afterUpload / MIB, peak / MIB);
            // One 5 MiB part buffer plus client and server buffers; nowhere near the object's 300 MiB.
            assertThat(peak).isLessThan(48 * MIB);
        } finally {
            heap.stop();
            bucket.delete("large/object");
            bucket.close();
        }
    }

    /** Samples used heap every few milliseconds and remembers the peak above the starting point. */
    static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();
        private final long baseline;
        private final Thread thread;
        private volatile boolean running = true;

        private HeapSampler() {
            System.gc();
            baseline = memory.getHeapMemoryUsage().getUsed();
            thread = new Thread(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
        }

        static HeapSampler start() {
            HeapSampler s = new HeapSampler();
            s.thread.start();
            return s;
        }

        long peakGrowth() {
            return Math.max(0, peak.get() - baseline);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
