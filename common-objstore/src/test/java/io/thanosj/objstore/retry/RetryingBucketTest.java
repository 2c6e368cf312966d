package io.thanosj.objstore.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thanosj.objstore.Bucket;
import io.thanosj.objstore.BucketException;
import io.thanosj.objstore.ObjectAttributes;
import io.thanosj.objstore.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingBucketTest {
    private static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4));

    /** A bucket whose calls fail with a chosen exception a number of times before behaving. */
    private static final class FlakyBucket implements Bucket {
        int failuresLeft;
        BucketException failure = new BucketException("503 SlowDown", true, null);
        int calls;
        List<String> entries = List.of("a/1", "a/2", "a/3", "a/4");
        int failIterAfter = -1;

        private void maybeFail() throws BucketException {
            calls++;
            if (failuresLeft > 0) {
                failuresLeft--;
                throw failure;
            }
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public InputStream get(String name) throws IOException {
            maybeFail();
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getRange(String name, long offset, long length) throws IOException {
            return get(name);
        }

        @Override
        public void upload(String name, InputStream content, long size) throws IOException {
            maybeFail();
        }

        @Override
        public void delete(String name) throws IOException {
            maybeFail();
        }

        @Override
        public boolean exists(String name) throws IOException {
            maybeFail();
            return true;
        }

        @Override
        public ObjectAttributes attributes(String name) throws IOException {
            maybeFail();
            return new ObjectAttributes(1, Instant.EPOCH);
        }

        @Override
        public void iter(String dir, IterVisitor visitor, boolean recursive) throws IOException {
            calls++;
            for (int i = 0; i < entries.size(); i++) {
                if (i == failIterAfter && failuresLeft > 0) {
                    failuresLeft--;
                    throw failure;
                }
                visitor.visit(entries.get(i));
            }
        }

        @Override
        public void close() {}
    }

    @Test
    void transientFailuresAreRetriedUntilSuccess() throws Exception {
        FlakyBucket flaky = new FlakyBucket();
        Bucket b = new RetryingBucket(flaky, QUICK);
        flaky.failuresLeft = 3;
        assertThat(b.exists("x")).isTrue();
        assertThat(flaky.calls).isEqualTo(4);
    }

    @Test
    void attemptsAreBounded() {
        FlakyBucket flaky = new FlakyBucket();
        flaky.failuresLeft = 10;
        assertThatThrownBy(() -> new RetryingBucket(flaky, QUICK).attributes("x")).isSameAs(flaky.failure);
        assertThat(flaky.calls).isEqualTo(4);
    }

    @Test
    void permanentFailuresAndNotFoundAreNotRetried() {
        FlakyBucket flaky = new FlakyBucket();
        flaky.failuresLeft = 1;
        flaky.failure = new BucketException("403 AccessDenied", false, null);
        assertThatThrownBy(() -> new RetryingBucket(flaky, QUICK).get("x")).isSameAs(flaky.failure);
        assertThat(flaky.calls).isEqualTo(1);
        flaky.failuresLeft = 1;
        flaky.failure = new ObjectNotFoundException("flaky", "x", null);
        assertThatThrownBy(() -> new RetryingBucket(flaky, QUICK).delete("x")).isSameAs(flaky.failure);
        assertThat(flaky.calls).isEqualTo(2);
    }

    @Test
    void uploadsAreLeftToTheProviderWhichCanReplayItsBuffer() {
        FlakyBucket flaky = new FlakyBucket();
        flaky.failuresLeft = 1;
        assertThatThrownBy(() -> new RetryingBucket(flaky, QUICK).upload("x", InputStream.nullInputStream(), 0))
                .isSameAs(flaky.failure);
        assertThat(flaky.calls).isEqualTo(1);
    }

    @Test
    void restartedIterationDeliversEachEntryOnce() throws Exception {
        FlakyBucket flaky = new FlakyBucket();
        flaky.failIterAfter = 2;
        flaky.failuresLeft = 1;
        List<String> seen = new ArrayList<>();
        new RetryingBucket(flaky, QUICK).iter("a", seen::add, false);
        assertThat(seen).containsExactly("a/1", "a/2", "a/3", "a/4");
        assertThat(flaky.calls).isEqualTo(2);
    }

    @Test
    void visitorFailuresAreNeverRetried() {
        FlakyBucket flaky = new FlakyBucket();
        BucketException fromVisitor = new BucketException("nested call failed", true, null);
        assertThatThrownBy(() -> new RetryingBucket(flaky, QUICK).iter("a", n -> {
            throw fromVisitor;
        }, false)).isSameAs(fromVisitor);
        assertThat(flaky.calls).isEqualTo(1);
        IllegalStateException unchecked = new IllegalStateException("bug");
        assertThatThrownBy(() -> new RetryingBucket(flaky, QUICK).iter("a", n -> {
            throw unchecked;
        }, false)).isSameAs(unchecked);
    }

    @Test
    void backOffGrowsAndIsCapped() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            assertThat(p.backoffMillis(1)).isBetween(100L, 200L);
            assertThat(p.backoffMillis(2)).isBetween(200L, 400L);
            assertThat(p.backoffMillis(9)).isBetween(500L, 1000L);
            assertThat(p.backoffMillis(40)).isBetween(500L, 1000L);
        }
        assertThat(RetryPolicy.fromMaxRetries(0)).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(RetryPolicy.fromMaxRetries(3).maxAttempts()).isEqualTo(4);
    }
}
